// Contract tests for the simulator's v6 surface: the seed's row table, the 301 from
// /voice/metrics, XML with API.md's precedence, from/to errors and lastRoundId pagination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from './index.ts';
import { PINNED_NOW_MS, TEST_TOKEN, get, getJson, startTestSimulator } from './test-support.ts';

type V6Row = Record<string, unknown>;
interface V6Results {
  voice: { test: Record<string, unknown>; metrics: V6Row[] };
  pages: { current?: number; next?: string };
}

const BASIC = { email: 'noc@acme.example', basicToken: 'basic-0123' };
const basicHeader = (email: string, token: string) => ({
  Authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
});

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ basicAuth: BASIC });
});
afterAll(async () => {
  await sim.close();
});

const rowKey = (row: V6Row) => `${String(row.roundId)}:${String(row.agentId)}`;

describe('v6 tests, account groups, agents, status', () => {
  it('lists tests as {"test": [...]} with integer ids, 0/1 flags and absolute apiLinks', async () => {
    const { status, body, response } = await getJson<{ test: Record<string, unknown>[] }>(
      sim,
      '/v6/tests.json',
    );
    expect(status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(new Set(body.test.map((test) => test.type))).toEqual(new Set(['voice', 'http-server']));
    for (const test of body.test) {
      expect(Number.isInteger(test.testId)).toBe(true);
      expect([0, 1]).toContain(test.enabled);
      expect([0, 1]).toContain(test.alertsEnabled);
      expect([0, 1]).toContain(test.savedEvent);
      expect([0, 1]).toContain(test.liveShare);
      const links = test.apiLinks as { rel: string; href: string }[];
      expect(links.map((link) => link.rel)).toEqual(['self', 'data']);
      expect(links[0]?.href).toBe(`${sim.url}/v6/tests/${String(test.testId)}`);
    }
  });

  it('lists voice tests with server, codec, DSCP and jitter buffer as the seed shows', async () => {
    const { body } = await getJson<{ test: Record<string, unknown>[] }>(
      sim,
      '/v6/tests/voice.json',
    );
    expect(body.test.length).toBeGreaterThanOrEqual(6);
    for (const test of body.test) {
      expect(test.type).toBe('voice');
      expect(test.server).toMatch(/^[a-z0-9.-]+:\d+$/);
      expect(typeof test.codec).toBe('string');
      expect(Number.isInteger(test.codecId)).toBe(true);
      expect(test.dscp).toMatch(/\(DSCP \d+\)$/);
      expect(Number.isInteger(test.dscpId)).toBe(true);
      expect(Number.isInteger(test.jitterBuffer)).toBe(true);
      expect(Number.isInteger(test.targetAgentId)).toBe(true);
      expect(test.createdDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    expect(body.test.filter((test) => test.enabled === 0)).toHaveLength(1);
  });

  it('answers one test as an array of one, and 404 for an unknown or foreign test', async () => {
    const { body } = await getJson<{ test: Record<string, unknown>[] }>(sim, '/v6/tests/7002.json');
    expect(body.test).toHaveLength(1);
    expect(body.test[0]).toMatchObject({ testId: 7002, codec: 'G.722.1 @ 32 Kbps', interval: 60 });
    for (const path of ['/v6/tests/999999.json', '/v6/tests/7201.json']) {
      const answer = await getJson<{ errorMessage: string }>(sim, path);
      expect(answer.status, path).toBe(404);
      expect(typeof answer.body.errorMessage).toBe('string');
    }
  });

  it('lists account groups with integer aid and 0/1 current/default', async () => {
    const { body } = await getJson<{ accountGroups: Record<string, unknown>[] }>(
      sim,
      '/v6/account-groups.json?aid=1003',
    );
    for (const group of body.accountGroups) {
      expect(Number.isInteger(group.aid)).toBe(true);
      expect([0, 1]).toContain(group.current);
      expect([0, 1]).toContain(group.default);
    }
    expect(body.accountGroups.find((group) => group.current === 1)?.aid).toBe(1003);
  });

  it('lists agents with integer ids and Cloud/Enterprise/Enterprise Cluster types', async () => {
    const { body } = await getJson<{ agents: Record<string, unknown>[] }>(sim, '/v6/agents.json');
    // 12 agents that report results, then the targets of account group 1001's 7 voice tests.
    expect(body.agents).toHaveLength(12 + 7);
    expect(new Set(body.agents.map((agent) => agent.agentType))).toEqual(
      new Set(['Cloud', 'Enterprise', 'Enterprise Cluster']),
    );
    for (const agent of body.agents) expect(Number.isInteger(agent.agentId)).toBe(true);
  });

  it('tells the time on /status.json', async () => {
    const { body } = await getJson(sim, '/v6/status.json');
    expect(body).toEqual({ timestamp: PINNED_NOW_MS });
  });
});

describe('v6 voice results', () => {
  it("has every field of the seed's row table, with usable types, plus serverIp", async () => {
    const { status, body } = await getJson<V6Results>(
      sim,
      '/v6/voice/rtp-stream/7001.json?window=1d',
    );
    expect(status).toBe(200);
    expect(body.voice.test).toMatchObject({ testId: 7001, type: 'voice' });
    expect(body.pages).toEqual({ current: 1 });
    const rows = body.voice.metrics;
    expect(new Set(rows.map((row) => row.agentId)).size).toBe(12);
    const errorRows = rows.filter((row) => row.errorDetail !== '');
    expect(errorRows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Number.isInteger(row.agentId)).toBe(true);
      expect(typeof row.agentName).toBe('string');
      expect(row.countryId).toMatch(/^[A-Z]{2}$/);
      expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(Number.isInteger(row.roundId)).toBe(true);
      expect((row.roundId as number) % 300).toBe(0);
      expect(
        Date.parse(`${String(row.date).replace(' ', 'T')}Z`) / 1000 - (row.roundId as number),
      ).toBeLessThan(300);
      expect(String(row.permalink).startsWith('https://app.thousandeyes.com/voice/metrics?')).toBe(
        true,
      );
      expect(String(row.permalink)).toContain(`roundId=${String(row.roundId)}`);
      // Documented as a string, sent as a number (as the seed's sample does).
      expect(Number.isInteger(row.dscp)).toBe(true);
      expect(row.dscpName).toContain(`DSCP ${String(row.dscp)}`);
      expect(row.codecName).toBe('G.711 @ 64 Kbps');
      expect(row.codecMaxMos).toBe(4.41);
      expect(typeof row.errorDetail).toBe('string');
      expect(row.serverIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      if (row.errorDetail === '') {
        expect(typeof row.mos).toBe('number');
        expect(row.mos as number).toBeLessThanOrEqual(4.41);
        expect(typeof row.loss).toBe('number');
        expect(typeof row.discards).toBe('number');
        expect(Number.isInteger(row.latency)).toBe(true);
        expect(typeof row.pdv).toBe('number');
      } else {
        for (const metric of ['mos', 'loss', 'discards', 'latency', 'pdv'])
          expect(row).not.toHaveProperty(metric);
      }
    }
  });

  it('answers the current round when no time frame is given', async () => {
    const { body } = await getJson<V6Results>(sim, '/v6/voice/rtp-stream/7001.json');
    expect(new Set(body.voice.metrics.map((row) => row.roundId))).toEqual(
      new Set([Date.UTC(2026, 0, 15, 11, 55) / 1000]),
    );
  });

  it('answers from/to (T or space) with the rounds inside', async () => {
    const a = await getJson<V6Results>(
      sim,
      '/v6/voice/rtp-stream/7001.json?from=2026-01-15T10:00:00&to=2026-01-15T11:00:00',
    );
    const b = await getJson<V6Results>(
      sim,
      '/v6/voice/rtp-stream/7001.json?from=2026-01-15 10:00:00&to=2026-01-15 11:00:00',
    );
    expect(a.status).toBe(200);
    expect(new Set(a.body.voice.metrics.map((row) => row.roundId)).size).toBe(12);
    expect(b.body.voice.metrics).toEqual(a.body.voice.metrics);
    const open = await getJson<V6Results>(
      sim,
      '/v6/voice/rtp-stream/7001.json?from=2026-01-15T11:30:00',
    );
    expect([...new Set(open.body.voice.metrics.map((row) => row.roundId))]).toHaveLength(6);
  });

  it('answers /voice/metrics with a 301 to /voice/rtp-stream, keeping suffix and query', async () => {
    const response = await get(sim, '/v6/voice/metrics/7001.json?window=1h&aid=1001');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(
      `${sim.url}/v6/voice/rtp-stream/7001.json?window=1h&aid=1001`,
    );
    const followed = await fetch(`${sim.url}/v6/voice/metrics/7001.json?window=1h`, {
      headers: { Authorization: `Bearer ${TEST_TOKEN}` },
    });
    expect(followed.status).toBe(200);
    expect(((await followed.json()) as V6Results).voice.metrics.length).toBeGreaterThan(100);
  });

  it.each([
    ['window=1h&from=2026-01-15T10:00:00', 'window'],
    ['to=2026-01-15T10:00:00', 'to'],
    ['from=2026-01-15', 'from'],
    ['from=2026-01-15T10:00:00&to=2026-13-01T00:00:00', 'to'],
    ['window=12q', 'window'],
    ['lastRoundId=abc', 'lastRoundId'],
    ['format=yaml', 'format'],
  ])('answers %s with a 400 {"errorMessage"} naming %s', async (query, name) => {
    const { status, body } = await getJson<{ errorMessage: string }>(
      sim,
      `/v6/voice/rtp-stream/7001?${query}`,
    );
    expect(status).toBe(400);
    expect(body.errorMessage).toContain(name);
  });

  it('answers a non-voice test with a 400 {"errorMessage"}', async () => {
    const { status, body } = await getJson<{ errorMessage: string }>(
      sim,
      '/v6/voice/rtp-stream/7100.json',
    );
    expect(status).toBe(400);
    expect(body.errorMessage).toContain('http-server');
  });

  it.each([1, 12, 25, 200])(
    'at page size %i, following pages.next yields every row once, in time order',
    async (pageSize) => {
      const small = await startTestSimulator({ pageSize });
      try {
        const whole = (
          await getJson<V6Results>(sim, '/v6/voice/rtp-stream/7003.json?window=3h&aid=1001')
        ).body.voice.metrics;
        const rows: V6Row[] = [];
        let next: string | undefined =
          `${small.url}/v6/voice/rtp-stream/7003.json?window=3h&aid=1001`;
        let current = 0;
        while (next) {
          const body: V6Results = (await getJson<V6Results>(small, next)).body;
          current += 1;
          expect(body.pages.current).toBe(current);
          rows.push(...body.voice.metrics);
          next = body.pages.next;
          if (next) {
            const url = new URL(next);
            expect(url.origin).toBe(small.url);
            expect(url.pathname).toBe('/v6/voice/rtp-stream/7003.json');
            expect(url.searchParams.get('lastRoundId')).toMatch(/^\d+$/);
            expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
            expect(url.searchParams.get('to')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
            expect(url.searchParams.get('window')).toBeNull();
            expect(url.searchParams.get('aid')).toBe('1001');
          }
        }
        expect(rows.map(rowKey)).toEqual(whole.map(rowKey));
        expect(new Set(rows.map(rowKey)).size).toBe(rows.length);
        const roundIds = rows.map((row) => row.roundId as number);
        expect([...roundIds].sort((x, y) => x - y)).toEqual(roundIds);
      } finally {
        await small.close();
      }
    },
  );
});

describe('v6 output format', () => {
  const path = '/v6/voice/rtp-stream/7001';
  const isXml = async (response: Response) => {
    const text = await response.text();
    return (
      response.headers.get('content-type')?.includes('xml') === true && text.startsWith('<?xml')
    );
  };

  it('puts the suffix first, then Accept, then format=', async () => {
    expect(
      await isXml(await get(sim, `${path}.xml`, { headers: { Accept: 'application/json' } })),
    ).toBe(true);
    expect(
      await isXml(await get(sim, `${path}.json?format=xml`, { headers: { Accept: 'text/xml' } })),
    ).toBe(false);
    expect(
      await isXml(await get(sim, `${path}?format=json`, { headers: { Accept: 'text/xml' } })),
    ).toBe(true);
    expect(
      await isXml(
        await get(sim, `${path}?format=xml`, { headers: { Accept: 'application/json' } }),
      ),
    ).toBe(false);
    expect(await isXml(await get(sim, `${path}?format=xml`, { headers: { Accept: '*/*' } }))).toBe(
      true,
    );
    expect(await isXml(await get(sim, path, { headers: { Accept: '*/*' } }))).toBe(false);
  });

  it('spells results as documented element names, escaping text, omitting absent metrics', async () => {
    const text = await (await get(sim, `${path}.xml?window=1d`)).text();
    const json = (await getJson<V6Results>(sim, `${path}.json?window=1d`)).body;
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<response><voice><test>/);
    expect(text).toContain('<metrics><metric><agentId>');
    expect(text).toContain('<apiLinks><apiLink><rel>self</rel>');
    expect(text.match(/<metric>/g)?.length).toBe(json.voice.metrics.length);
    expect(text).toContain('&amp;testId=7001');
    expect(text).not.toMatch(/<mos><\/mos>|<mos>undefined/);
    const errorCount = json.voice.metrics.filter((row) => row.errorDetail !== '').length;
    expect(text.match(/<mos>/g)?.length).toBe(json.voice.metrics.length - errorCount);
    expect(text).toContain('<pages><current>1</current></pages></response>');
  });

  it('answers errors in XML when XML was asked for', async () => {
    const response = await get(sim, `${path}.xml?window=bad`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/<response><errorMessage>window &apos;bad&apos;/);
  });
});

describe('v6 auth, account context, methods and paths', () => {
  it('accepts a bearer token and basic email:token; refuses others with 401 {"errorMessage"}', async () => {
    expect((await get(sim, '/v6/status.json')).status).toBe(200);
    expect(
      (await get(sim, '/v6/status.json', { headers: basicHeader(BASIC.email, BASIC.basicToken) }))
        .status,
    ).toBe(200);
    for (const headers of [
      basicHeader(BASIC.email, 'wrong'),
      basicHeader('someone@else.example', BASIC.basicToken),
      { Authorization: 'Bearer wrong' },
    ]) {
      const response = await get(sim, '/v6/status.json', { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toHaveProperty('errorMessage');
    }
    const missing = await fetch(`${sim.url}/v6/status.json`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toHaveProperty('errorMessage');
  });

  it('answers an unassigned aid with 403', async () => {
    const { status, body } = await getJson<{ errorMessage: string }>(
      sim,
      '/v6/voice/rtp-stream/7001.json?aid=1900',
    );
    expect(status).toBe(403);
    expect(body.errorMessage).toContain('1900');
  });

  it('answers other methods with 405 and other paths with 404, as {"errorMessage"}', async () => {
    const put = await get(sim, '/v6/tests.json', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(await put.json()).toHaveProperty('errorMessage');
    const missing = await get(sim, '/v6/voice/nothing/7001.json');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toHaveProperty('errorMessage');
  });
});
