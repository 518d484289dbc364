// Test and bench support: several Earshot servers (replicas) in front of one simulated
// ThousandEyes on loopback, in live mode against it (its token as TE_TOKEN, its URL as
// TE_API_URL), optionally sharing a Redis, all on one clock the caller moves; and simulated wall
// screens spread round-robin across the replicas, asking what a wall asks (config, the voice
// tests, then each test's live edge every round).
import { request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEarshotServer } from '../../app.ts';
import { readConfig } from '../../config.ts';
import { startSimulatorServer, type RunningSimulator } from '../../simulator/index.ts';

const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const AID = 1001;

export interface ClusterOptions {
  replicas: number;
  /** Shared by every replica when set. */
  redisUrl?: string;
  /** The simulated organisation's limit, per minute. */
  rateLimitPerMinute: number;
  /** The clock's start, epoch ms. */
  startMs: number;
  /** Agents reporting on each test (the simulator's default is 30). */
  agentsPerTest?: number;
}

export interface Cluster {
  simulator: RunningSimulator;
  urls: string[];
  /** Moves every clock (simulator and replicas) forward. */
  advance(ms: number): void;
  /** `redis` of each replica's /healthz (undefined without Redis). */
  redisStatuses(): Promise<(string | undefined)[]>;
  logs: string[];
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  let nowMs = options.startMs;
  const clock = () => nowMs;
  const simulator = await startSimulatorServer({
    now: clock,
    rateLimitPerMinute: options.rateLimitPerMinute,
    ...(options.agentsPerTest ? { agentsPerTest: options.agentsPerTest } : {}),
  });
  const logs: string[] = [];
  const servers: Awaited<ReturnType<typeof startEarshotServer>>[] = [];
  for (let index = 0; index < options.replicas; index += 1) {
    const config = readConfig(
      {
        TE_TOKEN: simulator.token,
        TE_API_URL: simulator.url,
        PORT: '0',
        // Behind a load balancer: each screen is its own client for per-client pacing.
        EARSHOT_TRUST_PROXY: '1',
        ...(options.redisUrl ? { EARSHOT_REDIS_URL: options.redisUrl } : {}),
      },
      ROOT_DIR,
    );
    servers.push(
      await startEarshotServer(config, {
        nowMs: clock,
        log: (line) => {
          if (!line.startsWith('earshot api: GET')) logs.push(`replica ${index + 1}: ${line}`);
        },
      }),
    );
  }
  return {
    simulator,
    urls: servers.map((server) => server.url),
    advance: (ms) => {
      nowMs += ms;
    },
    redisStatuses: () =>
      Promise.all(
        servers.map(async (server) => {
          const health = await get(server.url, '/healthz', '127.0.0.1');
          return (JSON.parse(health.body) as { redis?: string }).redis;
        }),
      ),
    logs,
    close: async () => {
      for (const server of servers) {
        await new Promise<void>((resolveClose) => {
          server.server.close(() => resolveClose());
          server.server.closeAllConnections();
        });
        await server.app.close();
      }
      await simulator.close();
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain GET, as a screen behind the load balancer (its own X-Forwarded-For). */
export function get(base: string, path: string, client: string): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request(
      `${base}${path}`,
      { agent: false, headers: { 'X-Forwarded-For': client, Accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolveAnswer({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export interface Screen {
  client: string;
  server: string;
  testIds: number[];
}

/** `count` screens, round-robin across the replicas; each opens the wall (config, then tests). */
export async function openScreens(cluster: Cluster, count: number): Promise<Screen[]> {
  const screens: Screen[] = [];
  for (let index = 0; index < count; index += 1) {
    const server = cluster.urls[index % cluster.urls.length] ?? '';
    screens.push({ client: `10.0.0.${index + 1}`, server, testIds: [] });
  }
  await Promise.all(
    screens.map(async (screen) => {
      const config = await get(screen.server, '/api/earshot/config', screen.client);
      if (config.status !== 200) throw new Error(`config answered ${config.status}`);
      const tests = await get(screen.server, `/api/v7/tests/voice?aid=${AID}`, screen.client);
      if (tests.status !== 200) throw new Error(`tests answered ${tests.status}: ${tests.body}`);
      const body = JSON.parse(tests.body) as { tests?: { testId?: unknown; enabled?: unknown }[] };
      screen.testIds = (body.tests ?? [])
        .filter((test) => test.enabled !== false)
        .map((test) => Number(test.testId));
    }),
  );
  return screens;
}

export interface RoundFigures {
  /** Results calls that reached the simulator this round (all pages). */
  upstreamResultsCalls: number;
  /** Of those, refused by the simulator's rate limit. */
  upstream429: number;
  /** What the screens got, by status. */
  screenStatuses: Record<number, number>;
  screenRequests: number;
  /** Answers that were neither 200 nor a 429 with Retry-After. */
  unanswered: number;
}

/** One round: every screen asks every test's live edge (the last hour) at once. */
export async function playRound(cluster: Cluster, screens: Screen[]): Promise<RoundFigures> {
  cluster.simulator.controls.resetRequests();
  const screenStatuses: Record<number, number> = {};
  let unanswered = 0;
  const asks = screens.flatMap((screen) =>
    screen.testIds.map(async (testId) => {
      let answer: Answer;
      try {
        answer = await get(
          screen.server,
          `/api/v7/test-results/${testId}/rtp-server?aid=${AID}&window=1h`,
          screen.client,
        );
      } catch {
        unanswered += 1;
        return;
      }
      screenStatuses[answer.status] = (screenStatuses[answer.status] ?? 0) + 1;
      const honest429 = answer.status === 429 && answer.headers['retry-after'] !== undefined;
      if (answer.status !== 200 && !honest429) unanswered += 1;
    }),
  );
  await Promise.all(asks);
  const log = cluster.simulator.controls.requests().log;
  const results = log.filter((entry) => entry.path.includes('/rtp-server'));
  return {
    upstreamResultsCalls: results.length,
    upstream429: results.filter((entry) => entry.status === 429).length,
    screenStatuses,
    screenRequests: asks.length,
    unanswered,
  };
}

export function describeRound(label: string, figures: RoundFigures): string {
  const statuses = Object.entries(figures.screenStatuses)
    .map(([status, count]) => `${count}×${status}`)
    .join(' ');
  return `${label.padEnd(22)} upstream results calls ${String(figures.upstreamResultsCalls).padStart(3)} (429 at upstream: ${figures.upstream429}); screens ${figures.screenRequests} requests: ${statuses}`;
}
