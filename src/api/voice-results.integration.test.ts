// The data layer against the real thing: the embedded simulator behind the Earshot server, both
// API versions, small pages, every row exactly once. The server modules are Node code, so they are
// imported by URL at run time and typed here by the little this test uses (this file is checked
// with the browser's tsconfig, which has no Node types).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAccountGroups } from './account-groups.ts';
import { fetchEarshotConfig } from './earshot-config.ts';
import { createApiClient, type ApiClient } from './fetch-client.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { fetchVoiceResults } from './voice-results.ts';
import { fetchVoiceTest, fetchVoiceTests } from './voice-tests.ts';

interface SimulatorHandle {
  url: string;
  token: string;
  close(): Promise<void>;
}
interface ServerModules {
  app: {
    startEarshotServer(
      config: unknown,
      options: { log?: (line: string) => void; startSimulator?: () => Promise<SimulatorHandle> },
    ): Promise<{
      url: string;
      server: { close(callback: () => void): void; closeAllConnections(): void };
      app: { close(): Promise<void> };
    }>;
  };
  config: { readConfig(env: Record<string, string>, rootDir: string): unknown };
  simulator: {
    startSimulatorServer(options: {
      pageSize?: number;
      agentsPerTest?: number;
      rateLimitPerMinute?: number;
      now?: () => number;
      host?: string;
      port?: number;
    }): Promise<SimulatorHandle>;
  };
}

async function serverModules(): Promise<ServerModules> {
  const load = (path: string) => import(/* @vite-ignore */ new URL(path, import.meta.url).href);
  return {
    app: (await load('../../server/app.ts')) as ServerModules['app'],
    config: (await load('../../server/config.ts')) as ServerModules['config'],
    simulator: (await load('../../server/simulator/index.ts')) as ServerModules['simulator'],
  };
}

const NOW = Date.UTC(2026, 0, 31, 14, 0, 0);
const AGENTS = 6;
const PAGE_SIZE = 25;
// Two hours of a 60 s test: 120 rounds × 6 agents = 720 rows, about 29 pages. The simulator's
// clock stands at NOW, the server's at today's: to the server this range is closed (it follows
// the pages itself and answers them joined), and the same range without an end is open (the
// browser follows the pages).
const RANGE = { kind: 'absolute', fromMs: NOW - 2 * 3600_000, toMs: NOW } as const;
const OPEN_RANGE = { kind: 'absolute', fromMs: NOW - 2 * 3600_000, toMs: undefined } as const;
const TEST_ID = '7002';

const stops: (() => Promise<void>)[] = [];
let modules: ServerModules;
/** The same results in one page, asked of a simulator directly: what "every row" means. */
let referenceKeys: string[];

async function startEarshot(apiVersion: ApiVersion): Promise<ApiClient> {
  const config = modules.config.readConfig(
    { HOST: '127.0.0.1', PORT: '0', TE_API_VERSION: apiVersion, EARSHOT_CACHE_SECONDS: '0' },
    new URL('../../', import.meta.url).pathname,
  );
  const { url, server, app } = await modules.app.startEarshotServer(config, {
    log: () => {},
    startSimulator: () =>
      modules.simulator.startSimulatorServer({
        pageSize: PAGE_SIZE,
        agentsPerTest: AGENTS,
        rateLimitPerMinute: 100_000,
        now: () => NOW,
        host: '127.0.0.1',
        port: 0,
      }),
  });
  stops.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
  });
  return createApiClient({ baseUrl: url });
}

beforeAll(async () => {
  modules = await serverModules();
  const reference = await modules.simulator.startSimulatorServer({
    pageSize: 100_000,
    agentsPerTest: AGENTS,
    rateLimitPerMinute: 100_000,
    now: () => NOW,
    host: '127.0.0.1',
    port: 0,
  });
  stops.push(() => reference.close());
  const response = await fetch(
    `${reference.url}/v7/test-results/${TEST_ID}/rtp-server?startDate=2026-01-31T12:00:00Z&endDate=2026-01-31T14:00:00Z`,
    { headers: { Authorization: `Bearer ${reference.token}` } },
  );
  const body = (await response.json()) as {
    results: { agent: { agentId: string }; roundId: number }[];
    _links: { next?: unknown };
  };
  expect(body._links.next).toBeUndefined();
  referenceKeys = body.results.map((row) => `${row.agent.agentId}@${row.roundId}`).sort();
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe.each(['v7', 'v6'] as const)(
  'through the Earshot server and the simulator, %s',
  (apiVersion) => {
    let client: ApiClient;
    beforeAll(async () => {
      client = await startEarshot(apiVersion);
    });

    it('reads the config, account groups and voice tests', async () => {
      expect(await fetchEarshotConfig({ client })).toMatchObject({ mode: 'simulator', apiVersion });
      const groups = await fetchAccountGroups(apiVersion, { client });
      expect(groups.length).toBeGreaterThan(0);
      const { tests, unreadable } = await fetchVoiceTests(
        { apiVersion, aid: undefined },
        { client },
      );
      expect(unreadable).toBe(0);
      expect(tests.map((test) => test.testId)).toContain(TEST_ID);
      const test = await fetchVoiceTest(
        { apiVersion, aid: undefined, testId: TEST_ID },
        { client },
      );
      expect(test).toMatchObject({ testId: TEST_ID, intervalSeconds: 60 });
    });

    it.each([
      ['an open range: the browser follows every page', OPEN_RANGE, (pages: number) => pages > 20],
      ['a closed range: the server joins every page', RANGE, (pages: number) => pages === 1],
    ] as const)('%s, and gets every row exactly once', async (_, range, pagesAsExpected) => {
      const results = await fetchVoiceResults(
        { apiVersion, aid: undefined, testId: TEST_ID, range },
        { client },
      );
      const keys = results.rows.map((row) => `${row.agentId}@${row.roundId}`);
      expect(referenceKeys.length).toBeGreaterThan(AGENTS * 100); // an agent may miss a round
      expect(pagesAsExpected(results.pagesFetched), `${results.pagesFetched} pages`).toBe(true);
      expect(new Set(keys).size).toBe(keys.length);
      expect([...keys].sort()).toEqual(referenceKeys);
      // In time order, as the model promises.
      for (let i = 1; i < results.rows.length; i++) {
        expect(results.rows[i]!.roundId).toBeGreaterThanOrEqual(results.rows[i - 1]!.roundId);
      }
    });

    it('turns an unknown test into not-found, without retrying', async () => {
      await expect(
        fetchVoiceResults(
          { apiVersion, aid: undefined, testId: '999999', range: RANGE },
          { client },
        ),
      ).rejects.toMatchObject({ kind: 'not-found' });
    });
  },
);
