// Contract tests for the simulator's v7 surface: bodies as API.md describes them, errors in v7's
// shapes, cursor pagination that yields every row once, in time order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from './index.ts';
import { PINNED_NOW_MS, TEST_TOKEN, get, getJson, startTestSimulator } from './test-support.ts';

interface V7Row {
  roundId: number;
  date: string;
  startTime: number;
  endTime: number;
  agent: { agentId: string; agentName: string; countryId: string; location: string };
  serverIp: string;
  dscp: string;
  dscpName: string;
  mos?: number;
  codecName: string;
  codecMaxMos: number;
  loss?: number;
  discards?: number;
  latency?: number;
  pdv?: number;
  errorDetail: string;
  _links: { appLink: { href: string } };
}

interface V7Results {
  results: V7Row[];
  test: Record<string, unknown>;
  startDate: string;
  endDate: string;
  _links: { self: { href: string }; next?: { href: string } };
}

const INTERVALS = [60, 120, 300, 600, 900, 1800, 3600];
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

/** Follows _links.next until it is absent; returns every row and the number of pages. */
async function allPages(first: string): Promise<{ rows: V7Row[]; pages: number }> {
  const rows: V7Row[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next) {
    const { status, body }: { status: number; body: V7Results } = await getJson<V7Results>(
      sim,
      next,
    );
    expect(status).toBe(200);
    rows.push(...body.results);
    pages += 1;
    next = body._links.next?.href;
    if (next) expect(next.startsWith(`${sim.url}/v7/test-results/`)).toBe(true);
  }
  return { rows, pages };
}

const rowKey = (row: V7Row) => `${row.roundId}:${row.agent.agentId}`;

describe('v7 tests', () => {
  it('lists every test of the account group, voice and not, with string ids', async () => {
    const { status, body, response } = await getJson<{ tests: Record<string, unknown>[] }>(
      sim,
      '/v7/tests',
    );
    expect(status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/hal+json');
    const types = new Set(body.tests.map((test) => test.type));
    expect(types).toEqual(new Set(['voice', 'http-server']));
    for (const test of body.tests) expect(typeof test.testId).toBe('string');
  });

  it('lists voice tests with the fields API.md names, varied codecs, intervals and DSCP', async () => {
    const { body } = await getJson<{ tests: Record<string, unknown>[]; _links: unknown }>(
      sim,
      '/v7/tests/voice',
    );
    expect(body.tests.length).toBeGreaterThanOrEqual(6);
    for (const test of body.tests) {
      expect(test).toMatchObject({ type: 'voice' });
      expect(typeof test.testId).toBe('string');
      expect(typeof test.testName).toBe('string');
      expect(INTERVALS).toContain(test.interval);
      expect(typeof test.enabled).toBe('boolean');
      expect(typeof test.alertsEnabled).toBe('boolean');
      expect(typeof test.codec).toBe('string');
      expect(typeof test.codecId).toBe('string');
      expect(typeof test.dscp).toBe('string');
      expect(typeof test.dscpId).toBe('string');
      expect(typeof test.duration).toBe('number');
      expect(typeof test.jitterBuffer).toBe('number');
      expect(typeof test.targetAgentId).toBe('string');
      expect(typeof test.port).toBe('number');
      expect(Array.isArray(test.labels)).toBe(true);
      const links = test._links as { self: { href: string } };
      expect(links.self.href).toBe(`${sim.url}/v7/tests/voice/${String(test.testId)}`);
    }
    const codecs = new Set(body.tests.map((test) => test.codec));
    expect(codecs).toContain('G.711 @ 64 Kbps');
    expect(codecs).toContain('G.722.1 @ 32 Kbps');
    expect(codecs.size).toBeGreaterThanOrEqual(4);
    expect(new Set(body.tests.map((test) => test.interval)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(body.tests.map((test) => test.dscpId)).size).toBeGreaterThanOrEqual(4);
    expect(body.tests.filter((test) => test.enabled === false)).toHaveLength(1);
  });

  it('answers one voice test, and 404 for a non-voice, unknown or foreign test', async () => {
    const { status, body } = await getJson(sim, '/v7/tests/voice/7001');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      testId: '7001',
      type: 'voice',
      codec: 'G.711 @ 64 Kbps',
      interval: 300,
    });
    for (const path of ['/v7/tests/voice/7100', '/v7/tests/voice/999999', '/v7/tests/voice/7201']) {
      const answer = await getJson(sim, path);
      expect(answer.status, path).toBe(404);
      expect(answer.response.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body).toMatchObject({
        status: 404,
        title: 'Not Found',
        instance: path.split('?')[0],
      });
    }
    expect((await getJson(sim, '/v7/tests/voice/7201?aid=1002')).status).toBe(200);
  });

  it('keeps account groups apart: each aid sees only its own tests', async () => {
    const ids = async (aid: string) =>
      (await getJson<{ tests: { testId: string }[] }>(sim, `/v7/tests?aid=${aid}`)).body.tests.map(
        (test) => test.testId,
      );
    const [first, second] = [await ids('1001'), await ids('1002')];
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(first.filter((id) => second.includes(id))).toEqual([]);
  });
});

describe('v7 account groups and agents', () => {
  it('lists the assigned account groups, marking current and default', async () => {
    const { body } = await getJson<{ accountGroups: Record<string, unknown>[] }>(
      sim,
      '/v7/account-groups?aid=1002',
    );
    expect(body.accountGroups.length).toBeGreaterThanOrEqual(3);
    for (const group of body.accountGroups) {
      expect(typeof group.aid).toBe('string');
      expect(typeof group.accountGroupName).toBe('string');
      expect(typeof group.isCurrentAccountGroup).toBe('boolean');
      expect(typeof group.isDefaultAccountGroup).toBe('boolean');
    }
    expect(
      body.accountGroups.filter((group) => group.isCurrentAccountGroup).map((group) => group.aid),
    ).toEqual(['1002']);
    expect(
      body.accountGroups.filter((group) => group.isDefaultAccountGroup).map((group) => group.aid),
    ).toEqual(['1001']);
    expect(body.accountGroups.map((group) => group.aid)).not.toContain('1900');
  });

  it('lists the source agents, cloud and enterprise in many countries, then the targets', async () => {
    const { body } = await getJson<{ agents: Record<string, unknown>[] }>(sim, '/v7/agents');
    // 12 agents that report results, then the targets of account group 1001's 7 voice tests.
    expect(body.agents).toHaveLength(12 + 7);
    const sources = body.agents.slice(0, 12);
    expect(new Set(sources.map((agent) => agent.agentType))).toEqual(
      new Set(['cloud', 'enterprise']),
    );
    expect(new Set(sources.map((agent) => agent.countryId)).size).toBeGreaterThanOrEqual(8);
    const targets = body.agents.slice(12);
    expect(new Set(targets.map((agent) => agent.agentType))).toEqual(
      new Set(['enterprise', 'enterprise-cluster']),
    );
    for (const agent of body.agents) {
      expect(agent.agentId).toMatch(/^\d+$/);
      expect(typeof agent.agentName).toBe('string');
      expect(typeof agent.location).toBe('string');
      expect(typeof agent.network).toBe('string');
      if (agent.agentType === 'cloud') expect(agent.agentState).toBeUndefined();
      else expect(['online', 'offline']).toContain(agent.agentState);
    }
  });

  it("lists another account group's targets for its aid, not 1001's", async () => {
    const { body } = await getJson<{ agents: { agentId: string }[] }>(sim, '/v7/agents?aid=1002');
    const ids = body.agents.slice(12).map((agent) => agent.agentId);
    expect(ids).toEqual(['511', '512']);
  });
});

describe('v7 results', () => {
  it('answers window=1h with every agent, every field, in time order, MOS under the ceiling', async () => {
    const { status, body, response } = await getJson<V7Results>(
      sim,
      '/v7/test-results/7001/rtp-server?window=1h',
    );
    expect(status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/hal+json');
    // 12:00:30 minus an hour: rounds 11:00 (it began just before the start) to 11:55.
    const roundIds = [...new Set(body.results.map((row) => row.roundId))];
    expect(roundIds[0]).toBe(Date.UTC(2026, 0, 15, 11, 0) / 1000);
    expect(roundIds.at(-1)).toBe(Date.UTC(2026, 0, 15, 11, 55) / 1000);
    expect(new Set(body.results.map((row) => row.agent.agentId)).size).toBe(12);
    expect(body.results.length).toBeGreaterThan(12 * 12 * 0.9);
    expect(body.startDate).toBe('2026-01-15T11:00:30Z');
    expect(body.endDate).toBe('2026-01-15T12:00:30Z');
    expect(body.test).toMatchObject({ testId: '7001', type: 'voice' });
    expect(body._links.self.href).toBe(`${sim.url}/v7/test-results/7001/rtp-server?window=1h`);
    expect(body._links.next).toBeUndefined();
    let previous = 0;
    for (const row of body.results) {
      expect(row.roundId % 300).toBe(0);
      expect(row.roundId).toBeGreaterThanOrEqual(previous);
      previous = row.roundId;
      expect(row.date).toMatch(ISO_Z);
      // Integer epoch seconds, as the spec types them: the stream's 10 s (test 7001's duration).
      expect(row.startTime).toBe(Date.parse(row.date) / 1000);
      expect(row.endTime).toBe(row.startTime + 10);
      expect(Date.parse(row.date) / 1000 - row.roundId).toBeLessThan(300);
      expect(row.agent.agentId).toMatch(/^\d+$/);
      expect(row.agent.countryId).toMatch(/^[A-Z]{2}$/);
      expect(typeof row.agent.agentName).toBe('string');
      expect(row.serverIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(row.dscp).toMatch(/^\d+$/);
      expect(row.dscpName).toContain(`DSCP ${row.dscp}`);
      expect(row.codecName).toBe('G.711 @ 64 Kbps');
      expect(row.codecMaxMos).toBe(4.41);
      expect(row._links.appLink.href.startsWith('https://app.thousandeyes.com/')).toBe(true);
      if (row.errorDetail === '') {
        expect(row.mos).toBeGreaterThanOrEqual(1);
        expect(row.mos).toBeLessThanOrEqual(4.41);
        expect(row.loss).toBeGreaterThanOrEqual(0);
        expect(row.discards).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(row.latency)).toBe(true);
        expect(Number.isInteger(row.pdv)).toBe(true);
      } else {
        expect(row.mos).toBeUndefined();
        expect(row.loss).toBeUndefined();
        expect(row.latency).toBeUndefined();
      }
    }
  });

  it('answers the latest finished round when no time frame is given', async () => {
    const { body } = await getJson<V7Results>(sim, '/v7/test-results/7002/rtp-server');
    expect(new Set(body.results.map((row) => row.roundId))).toEqual(
      new Set([Date.UTC(2026, 0, 15, 11, 59) / 1000]),
    );
  });

  it('answers startDate/endDate with the rounds inside, end exclusive', async () => {
    const { status, body } = await getJson<V7Results>(
      sim,
      '/v7/test-results/7001/rtp-server?startDate=2026-01-15T10:00:00Z&endDate=2026-01-15T11:00:00Z',
    );
    expect(status).toBe(200);
    const rounds = [...new Set(body.results.map((row) => row.roundId))];
    expect(rounds).toHaveLength(12);
    expect(rounds[0]).toBe(Date.UTC(2026, 0, 15, 10, 0) / 1000);
    expect(body.startDate).toBe('2026-01-15T10:00:00Z');
    expect(body.endDate).toBe('2026-01-15T11:00:00Z');
  });

  it('returns the same body for the same request (deterministic)', async () => {
    const path = '/v7/test-results/7003/rtp-server?window=6h';
    const [a, b] = [await (await get(sim, path)).text(), await (await get(sim, path)).text()];
    expect(a).toBe(b);
    const other = await startTestSimulator();
    try {
      const c = await (await get(other, path)).text();
      expect(c.replaceAll(other.url, sim.url)).toBe(a);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['window=1x', 'window'],
    ['window=-5', 'window'],
    ['window=0', 'window'],
    ['window=1h&startDate=2026-01-15T10:00:00Z', 'window'],
    ['startDate=2026-01-15 10:00', 'startDate'],
    ['startDate=2026-02-30T10:00:00Z', 'startDate'],
    ['startDate=2026-01-15T10:00:00Z&endDate=yesterday', 'endDate'],
    ['startDate=2026-01-15T11:00:00Z&endDate=2026-01-15T10:00:00Z', 'startDate'],
    ['endDate=2026-01-15T10:00:00Z', 'endDate'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('answers %s with a 400 problem naming %s', async (query, field) => {
    const { status, body, response } = await getJson<{
      status: number;
      detail: string;
      errors: { field: string; message: string }[];
    }>(sim, `/v7/test-results/7001/rtp-server?${query}`);
    expect(status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(body.status).toBe(400);
    expect(body.errors[0]?.field).toBe(field);
    expect(body.detail).toContain(field);
  });

  it('answers a non-voice test on the voice results endpoint with a 400 naming testId', async () => {
    const { status, body } = await getJson<{ errors: { field: string }[]; detail: string }>(
      sim,
      '/v7/test-results/7100/rtp-server?window=1h',
    );
    expect(status).toBe(400);
    expect(body.errors[0]?.field).toBe('testId');
    expect(body.detail).toContain('http-server');
  });

  it('answers an unknown or foreign test with 404', async () => {
    expect((await get(sim, '/v7/test-results/424242/rtp-server')).status).toBe(404);
    expect((await get(sim, '/v7/test-results/7201/rtp-server')).status).toBe(404);
    expect((await get(sim, '/v7/test-results/7201/rtp-server?aid=1002')).status).toBe(200);
  });
});

describe('v7 pagination', () => {
  it.each([1, 5, 12, 13, 100])(
    'at page size %i, following next yields exactly the full set, in time order',
    async (pageSize) => {
      const small = await startTestSimulator({ pageSize });
      try {
        const path = '/v7/test-results/7001/rtp-server?window=30m&aid=1001';
        const whole = (await getJson<V7Results>(sim, path)).body.results;
        const first = `${small.url}${path}`;
        const rows: V7Row[] = [];
        let next: string | undefined = first;
        let pages = 0;
        while (next) {
          const page: V7Results = (await getJson<V7Results>(small, next)).body;
          expect(page.results.length).toBeLessThanOrEqual(pageSize);
          rows.push(...page.results);
          pages += 1;
          next = page._links.next?.href;
          if (next) {
            expect(next.startsWith(`${small.url}/v7/test-results/7001/rtp-server?cursor=`)).toBe(
              true,
            );
            expect(next).toContain('aid=1001');
          }
        }
        expect(pages).toBeGreaterThanOrEqual(Math.ceil(whole.length / pageSize));
        expect(rows.map(rowKey)).toEqual(whole.map(rowKey));
        expect(new Set(rows.map(rowKey)).size).toBe(rows.length);
        expect(JSON.stringify(rows).replaceAll(small.url, sim.url)).toBe(JSON.stringify(whole));
      } finally {
        await small.close();
      }
    },
  );

  it('keeps the range the first page fixed, even when new rounds appear meanwhile', async () => {
    const small = await startTestSimulator({ pageSize: 40 });
    try {
      const firstPage = await getJson<V7Results>(
        small,
        '/v7/test-results/7002/rtp-server?window=10m',
      );
      const expected = (
        await getJson<V7Results>(sim, '/v7/test-results/7002/rtp-server?window=10m')
      ).body.results;
      small.controls.advance(5 * 60_000);
      const rows = [...firstPage.body.results];
      const rest = await (async () => {
        const collected: V7Row[] = [];
        let next = firstPage.body._links.next?.href;
        while (next) {
          const page: V7Results = (await getJson<V7Results>(small, next)).body;
          collected.push(...page.results);
          next = page._links.next?.href;
        }
        return collected;
      })();
      rows.push(...rest);
      expect(rows.map(rowKey)).toEqual(expected.map(rowKey));
    } finally {
      await small.close();
    }
  });

  it('pages a long window of a 60 s test completely', async () => {
    const { rows, pages } = await allPages('/v7/test-results/7002/rtp-server?window=1d');
    expect(pages).toBe(Math.ceil(rows.length / 5000));
    const small = await startTestSimulator({ pageSize: 997 });
    try {
      const rowsSmall: V7Row[] = [];
      let next: string | undefined = '/v7/test-results/7002/rtp-server?window=1d';
      while (next) {
        const page: V7Results = (await getJson<V7Results>(small, next)).body;
        rowsSmall.push(...page.results);
        next = page._links.next?.href;
      }
      expect(rowsSmall.map(rowKey)).toEqual(rows.map(rowKey));
      expect(rows.length).toBeGreaterThan(1440 * 12 * 0.9);
    } finally {
      await small.close();
    }
  });
});

describe('v7 auth, account context, methods and paths', () => {
  it('answers a missing token with 401 unauthorized, a wrong one with 401 invalid_token', async () => {
    const missing = await fetch(`${sim.url}/v7/tests/voice`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: 'unauthorized' });
    const wrong = await get(sim, '/v7/tests/voice', { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      error: 'invalid_token',
      error_description: expect.any(String),
    });
    const basic = await get(sim, '/v7/tests/voice', {
      headers: { Authorization: `Basic ${Buffer.from(`a@b.c:${TEST_TOKEN}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
  });

  it('answers an unassigned or unknown aid with 403', async () => {
    for (const aid of ['1900', '424242', 'abc']) {
      const { status, body } = await getJson<{ status: number }>(
        sim,
        `/v7/test-results/7001/rtp-server?aid=${aid}`,
      );
      expect(status, aid).toBe(403);
      expect(body.status).toBe(403);
    }
  });

  it('answers other methods with 405 and other paths with 404, as problem+json', async () => {
    const post = await get(sim, '/v7/tests/voice', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(post.headers.get('content-type')).toBe('application/problem+json');
    for (const path of ['/v7/nothing-here', '/v5/tests', '/']) {
      const response = await get(sim, path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

describe('rate limit', () => {
  it('reports the organisation budget on every response and answers 429 past it, until the minute rolls', async () => {
    const limited = await startTestSimulator({ rateLimitPerMinute: 3 });
    try {
      const remaining: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await get(limited, i % 2 === 0 ? '/v7/tests' : '/v6/tests.json');
        expect(response.status).toBe(200);
        expect(response.headers.get('x-organization-rate-limit-limit')).toBe('3');
        remaining.push(response.headers.get('x-organization-rate-limit-remaining') ?? '');
        expect(response.headers.get('x-organization-rate-limit-reset')).toBe(
          String(Math.floor(PINNED_NOW_MS / 60_000) * 60 + 60),
        );
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const over = await get(limited, '/v7/test-results/7001/rtp-server');
      expect(over.status).toBe(429);
      expect(over.headers.get('x-organization-rate-limit-remaining')).toBe('0');
      expect((await over.json()) as unknown).toMatchObject({ status: 429 });
      const overV6 = await get(limited, '/v6/status.json');
      expect(overV6.status).toBe(429);
      expect(await overV6.json()).toHaveProperty('errorMessage');
      limited.controls.advance(60_000);
      const after = await get(limited, '/v7/tests');
      expect(after.status).toBe(200);
      expect(after.headers.get('x-organization-rate-limit-remaining')).toBe('2');
    } finally {
      await limited.close();
    }
  });

  it('locks an address out with 429 after 120 failed logins in an hour', async () => {
    const guarded = await startTestSimulator();
    try {
      for (let i = 0; i < 120; i += 1) {
        expect(
          (await get(guarded, '/v7/tests', { headers: { Authorization: 'Bearer wrong' } })).status,
        ).toBe(401);
      }
      expect(
        (await get(guarded, '/v7/tests', { headers: { Authorization: 'Bearer wrong' } })).status,
      ).toBe(429);
      expect((await get(guarded, '/v7/tests')).status).toBe(429);
      guarded.controls.advance(3_600_000);
      expect((await get(guarded, '/v7/tests')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
