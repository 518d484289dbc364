// The test-only control: faults on chosen paths, the clock, the request log, hostile data, and
// that none of it exists unless enabled.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from './index.ts';
import { simulatorOptionsFromEnv } from './options.ts';
import { PINNED_NOW_MS, get, getJson, startTestSimulator } from './test-support.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.controls.reset();
});

async function control(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sim.url}/_simulator/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('fault control over HTTP', () => {
  it('answers chosen paths with a status for N requests, then normally', async () => {
    const added = await control('POST', 'faults', {
      path: '/v7/test-results/',
      kind: 'status',
      status: 502,
      count: 2,
    });
    expect(added.status).toBe(201);
    expect((await get(sim, '/v7/tests')).status).toBe(200);
    const first = await get(sim, '/v7/test-results/7001/rtp-server');
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ status: 502 });
    expect((await get(sim, '/v7/test-results/7002/rtp-server')).status).toBe(502);
    expect((await get(sim, '/v7/test-results/7001/rtp-server')).status).toBe(200);
    expect((await control('GET', 'faults')).body).toEqual({ faults: [] });
  });

  it('matches a regular expression against path and query, until cleared', async () => {
    await control('POST', 'faults', {
      path: '^/v6/voice/rtp-stream/7001\\.json\\?window=',
      kind: 'status',
    });
    expect((await get(sim, '/v6/voice/rtp-stream/7001.json?window=1h')).status).toBe(503);
    expect((await get(sim, '/v6/voice/rtp-stream/7001.json?window=2h')).status).toBe(503);
    expect((await get(sim, '/v6/voice/rtp-stream/7001.json')).status).toBe(200);
    expect((await get(sim, '/v6/voice/rtp-stream/7002.json?window=1h')).status).toBe(200);
    await control('DELETE', 'faults');
    expect((await get(sim, '/v6/voice/rtp-stream/7001.json?window=1h')).status).toBe(200);
  });

  it('answers 429 with Remaining 0 and the chosen Reset', async () => {
    await control('POST', 'faults', {
      path: '/v7/',
      kind: 'rate-limit',
      resetAt: 1_768_478_460,
      count: 1,
    });
    const response = await get(sim, '/v7/tests/voice');
    expect(response.status).toBe(429);
    expect(response.headers.get('x-organization-rate-limit-remaining')).toBe('0');
    expect(response.headers.get('x-organization-rate-limit-reset')).toBe('1768478460');
    expect((await get(sim, '/v7/tests/voice')).status).toBe(200);
  });

  it('serves malformed JSON with a 200', async () => {
    await control('POST', 'faults', { path: '/v7/test-results/', kind: 'malformed-json' });
    const response = await get(sim, '/v7/test-results/7001/rtp-server');
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it('cuts a body short (truncated) and resets a socket (reset)', async () => {
    await control('POST', 'faults', { path: '/v7/test-results/7001', kind: 'truncated', count: 1 });
    const truncated = await get(sim, '/v7/test-results/7001/rtp-server?window=1h');
    expect(truncated.status).toBe(200);
    await expect(truncated.text()).rejects.toThrow();
    await control('POST', 'faults', { path: '/v7/agents', kind: 'reset', count: 1 });
    await expect(get(sim, '/v7/agents')).rejects.toThrow();
    expect((await get(sim, '/v7/agents')).status).toBe(200);
  });

  it('never answers (hang) and answers late (slow)', async () => {
    sim.controls.addFault({ path: '/v7/account-groups', kind: 'hang', count: 1 });
    await expect(
      fetch(`${sim.url}/v7/account-groups`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    sim.controls.addFault({ path: '/v7/account-groups', kind: 'slow', delayMs: 5_000, count: 1 });
    await expect(
      fetch(`${sim.url}/v7/account-groups`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    sim.controls.addFault({ path: '/v7/account-groups', kind: 'slow', delayMs: 50, count: 1 });
    expect((await get(sim, '/v7/account-groups')).status).toBe(200);
  });

  it('rejects a malformed fault, naming the field', async () => {
    const bad = await control('POST', 'faults', { path: '/v7/', kind: 'explode' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('kind');
    const badRegex = await control('POST', 'faults', { path: '^(', kind: 'status' });
    expect(badRegex.status).toBe(400);
    expect(JSON.stringify(badRegex.body)).toContain('path');
  });

  it('counts requests per path, resettable', async () => {
    await control('DELETE', 'requests');
    await get(sim, '/v7/tests');
    await get(sim, '/v7/tests');
    await get(sim, '/v7/test-results/7001/rtp-server?window=1h');
    const { body } = (await control('GET', 'requests')) as {
      body: {
        total: number;
        byPath: Record<string, number>;
        log: { path: string; query: string; status: number }[];
      };
    };
    expect(body.total).toBe(3);
    expect(body.byPath).toEqual({ '/v7/tests': 2, '/v7/test-results/7001/rtp-server': 1 });
    expect(body.log.at(-1)).toMatchObject({
      path: '/v7/test-results/7001/rtp-server',
      query: '?window=1h',
      status: 200,
    });
    await control('DELETE', 'requests');
    expect(((await control('GET', 'requests')).body as { total: number }).total).toBe(0);
  });

  it('moves the clock: new rounds appear as time passes', async () => {
    const latest = async () =>
      (await getJson<{ results: { roundId: number }[] }>(sim, '/v7/test-results/7001/rtp-server'))
        .body.results[0]?.roundId;
    const before = await latest();
    expect((await control('POST', 'clock', { offsetMs: 300_000 })).body).toEqual({
      nowMs: PINNED_NOW_MS + 300_000,
    });
    expect(await latest()).toBe((before ?? 0) + 300);
    await control('POST', 'clock', { nowMs: Date.UTC(2026, 0, 1, 0, 7) });
    expect(await latest()).toBe(Date.UTC(2026, 0, 1, 0, 0) / 1000);
    expect((await control('POST', 'clock', { later: 1 })).status).toBe(400);
    await control('DELETE', 'clock');
    expect(await latest()).toBe(before);
  });
});

describe('without faults enabled', () => {
  it('has no control endpoints: they are ordinary unknown paths', async () => {
    const plain = await startTestSimulator({ faultsEnabled: false });
    try {
      const response = await fetch(`${plain.url}/_simulator/faults`, {
        method: 'POST',
        body: JSON.stringify({ path: '/v7/', kind: 'hang' }),
      });
      expect(response.status).toBe(404);
      expect((await get(plain, '/_simulator/faults')).status).toBe(404);
      expect(plain.controls.listFaults()).toEqual([]);
      expect((await get(plain, '/v7/tests')).status).toBe(200);
    } finally {
      await plain.close();
    }
  });

  it('is never on from the environment unless EARSHOT_SIM_FAULTS=1', () => {
    expect(simulatorOptionsFromEnv({}).faultsEnabled).toBeUndefined();
    expect(simulatorOptionsFromEnv({ EARSHOT_SIM_FAULTS: '0' }).faultsEnabled).toBeUndefined();
    expect(simulatorOptionsFromEnv({ EARSHOT_SIM_FAULTS: '1' }).faultsEnabled).toBe(true);
    expect(() => simulatorOptionsFromEnv({ EARSHOT_SIM_FAULTS: 'yes' })).toThrow(
      /EARSHOT_SIM_FAULTS/,
    );
  });
});

describe('environment knobs', () => {
  it('reads agents, page size, rate limit, hostile, token, basic auth and a fixed clock', () => {
    const options = simulatorOptionsFromEnv({
      EARSHOT_SIM_AGENTS: '500',
      EARSHOT_SIM_PAGE_SIZE: '250',
      EARSHOT_SIM_RATE_LIMIT: '60',
      EARSHOT_SIM_HOSTILE: '1',
      EARSHOT_SIM_TOKEN: 'abc',
      EARSHOT_SIM_EMAIL: 'a@b.example',
      EARSHOT_SIM_BASIC_TOKEN: 'xyz',
      EARSHOT_SIM_NOW: '2026-01-15T12:00:30',
    });
    expect(options).toMatchObject({
      agentsPerTest: 500,
      pageSize: 250,
      rateLimitPerMinute: 60,
      hostile: true,
      token: 'abc',
      basicAuth: { email: 'a@b.example', basicToken: 'xyz' },
    });
    expect(options.now?.()).toBe(PINNED_NOW_MS);
  });

  it.each([
    ['EARSHOT_SIM_AGENTS', '1001'],
    ['EARSHOT_SIM_AGENTS', 'many'],
    ['EARSHOT_SIM_PAGE_SIZE', '0'],
    ['EARSHOT_SIM_RATE_LIMIT', '-1'],
    ['EARSHOT_SIM_NOW', 'tomorrow'],
    ['EARSHOT_SIM_EMAIL', 'a@b.example'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    expect(() => simulatorOptionsFromEnv({ [name]: value })).toThrow(name);
  });
});

describe('hostile data', () => {
  it('serves HTML in an agent name and a javascript: permalink, well-formed', async () => {
    const hostile = await startTestSimulator({ hostile: true });
    try {
      const v7 = await getJson<{
        results: { agent: { agentName: string }; _links: { appLink: { href: string } } }[];
      }>(hostile, '/v7/test-results/7001/rtp-server?window=1h');
      expect(
        v7.body.results.some((row) => row.agent.agentName.includes('<img src=x onerror=')),
      ).toBe(true);
      expect(v7.body.results.some((row) => row._links.appLink.href.startsWith('javascript:'))).toBe(
        true,
      );
      const v6 = await getJson<{ voice: { metrics: { permalink: string }[] } }>(
        hostile,
        '/v6/voice/rtp-stream/7001.json?window=1h',
      );
      expect(v6.body.voice.metrics.some((row) => row.permalink.startsWith('javascript:'))).toBe(
        true,
      );
    } finally {
      await hostile.close();
    }
  });

  it('serves only app.thousandeyes.com permalinks and plain names otherwise', async () => {
    const { body } = await getJson<{
      results: { agent: { agentName: string }; _links: { appLink: { href: string } } }[];
    }>(sim, '/v7/test-results/7001/rtp-server?window=1h');
    for (const row of body.results) {
      expect(row._links.appLink.href.startsWith('https://app.thousandeyes.com/')).toBe(true);
      expect(row.agent.agentName).not.toMatch(/[<>]/);
    }
  });
});
