import { plainRows } from '../../common/result-rows/test-support.ts';
import { describe, expect, it, vi } from 'vitest';
import {
  ColumnsRow,
  decodeRoundColumns,
  encodeRoundColumns,
  joinRoundColumns,
  writeRoundColumns,
} from '../../common/result-rows/round-columns.ts';
import {
  ROUND_COLUMNS_MEDIA_TYPE,
  RoundColumnsBytes,
} from '../../common/result-rows/round-columns-bytes.ts';
import { noSkippedRows } from '../../common/result-rows/skipped-rows.ts';
import { readV7ResultRows } from '../../common/result-rows/v7.ts';
import type { RoundResult } from '../lib/model.ts';
import { ApiError, createApiClient } from './fetch-client.ts';
import {
  fetchResultsRange,
  fetchVoiceResults,
  joinResultRows,
  openV7Page,
  resultsRangePath,
  rowsAsDecoded,
  voiceResultsPath,
  voiceResultsQueryKey,
} from './voice-results.ts';
import { fetchAllPages, nextLinkFromHeaders } from './paginate.ts';
import { apiFailure } from './test-support/api-failure.ts';
import { fakeFetch, type FakeResponse } from './test-support/fake-fetch.ts';

// The seed's example body (v6 /voice/metrics/6627.json), with its elided apiLinks made valid JSON.
const SEED_BODY = {
  voice: {
    test: {
      enabled: 1,
      savedEvent: 0,
      testId: 6627,
      testName: 'my second voice test',
      type: 'voice',
      interval: 300,
      server: 'vps-lhr4.thousandeyes.com:49152',
      codec: 'G.722 @ 32 Kbps',
      codecId: 2,
      dscpId: 8,
      jitterBuffer: 40,
      alertsEnabled: 1,
      liveShare: 0,
      targetAgentId: 11,
      modifiedDate: '2014-07-11 22:53:04',
      createdBy: 'API Sandbox User (noreply@thousandeyes.com)',
      modifiedBy: 'API Sandbox User (noreply@thousandeyes.com)',
      dscp: 'CS 1 (8)',
      createdDate: '2014-06-13 23:19:23',
      apiLinks: [],
    },
    metrics: [
      {
        agentName: 'va-office',
        countryId: 'US',
        date: '2014-08-07 01:25:31',
        dscp: 8,
        mos: 3.95378,
        codecName: 'G.722 @ 32 Kbps',
        codecMaxMos: 4.03,
        dscpName: 'CS 1 (8)',
        loss: 0,
        discards: 0,
        permalink:
          'https://app.thousandeyes.com/voice/metrics?__a=11&testId=6627&roundId=1407374700&agentId=97',
        agentId: 97,
        roundId: 1407374700,
        latency: 75,
        pdv: 0,
        errorDetail: '',
      },
    ],
  },
  pages: {},
};

function v7Row(agentId: string, roundId: number, overrides: Record<string, unknown> = {}) {
  return {
    roundId,
    date: new Date(roundId * 1000 + 7_000).toISOString().replace('.000', ''),
    startTime: roundId,
    endTime: roundId + 30,
    agent: { agentId, agentName: `agent ${agentId}`, countryId: 'DE', location: 'Frankfurt' },
    serverIp: '203.0.113.9',
    dscp: '46',
    dscpName: 'EF',
    mos: 4.12,
    codecName: 'G.711 @ 64 Kbps',
    codecMaxMos: 4.41,
    loss: 0.5,
    discards: 0.0,
    latency: 31,
    pdv: 2,
    errorDetail: '',
    _links: { appLink: { href: `https://app.thousandeyes.com/view/tests?roundId=${roundId}` } },
    ...overrides,
  };
}

const V7_TEST = {
  testId: '281474976710706',
  testName: 'Voice to Frankfurt',
  type: 'voice',
  interval: 60,
  enabled: true,
  alertsEnabled: false,
  codec: 'G.711 @ 64 Kbps',
  codecId: '0',
  dscp: 'EF (DSCP 46)',
  dscpId: '46',
  duration: 5,
  jitterBuffer: 40,
  targetAgentId: '1234',
  port: 49152,
  labels: [],
  _links: { self: { href: 'https://api.thousandeyes.com/v7/tests/voice/281474976710706' } },
};

function v7Body(rows: unknown[], next?: string) {
  return {
    results: rows,
    test: V7_TEST,
    startDate: '2026-01-31T13:00:00Z',
    endDate: '2026-01-31T14:00:00Z',
    _links: {
      self: { href: '/api/v7/test-results/1/rtp-server' },
      ...(next ? { next: { href: next } } : {}),
    },
  };
}

const RELATIVE = { kind: 'relative', windowSeconds: 3600 } as const;

async function resultsOf(
  apiVersion: 'v7' | 'v6',
  routes: Record<string, FakeResponse>,
  testId = '6627',
  maxPages?: number,
) {
  const { fetchImpl, calls } = fakeFetch(routes);
  const client = createApiClient({ fetch: fetchImpl });
  const promise = fetchVoiceResults(
    { apiVersion, aid: '11', testId, range: RELATIVE },
    { client, ...(maxPages ? { maxPages } : {}) },
  );
  return { promise, calls };
}

const V6_FIRST = '/api/v6/voice/rtp-stream/6627.json?aid=11&window=1h';
const V7_FIRST = '/api/v7/test-results/6627/rtp-server?aid=11&window=1h';

/** Next links a v7 page may never lead to, whether its body or its Link header names them. */
const UNFOLLOWABLE_NEXT_LINKS = [
  'https://evil.example/api/v7/test-results/6627/rtp-server?cursor=x',
  'https://api.thousandeyes.com/v7/test-results/6627/rtp-server?cursor=x',
  '//evil.example/api/v7/x',
  '/api/v6/voice/rtp-stream/6627.json',
  '/api/v7/../earshot/config',
  '/api/v7/%2e%2e/%2E%2E/healthz',
  '/elsewhere/v7/x',
];

describe('voiceResultsPath', () => {
  it('spells both versions and both kinds of range', () => {
    expect(voiceResultsPath({ apiVersion: 'v6', aid: '11', testId: '6627', range: RELATIVE })).toBe(
      V6_FIRST,
    );
    const range = {
      kind: 'absolute',
      fromMs: Date.UTC(2026, 0, 31, 13),
      toMs: Date.UTC(2026, 0, 31, 14),
    } as const;
    expect(voiceResultsPath({ apiVersion: 'v7', aid: undefined, testId: '6627', range })).toBe(
      '/api/v7/test-results/6627/rtp-server?startDate=2026-01-31T13%3A00%3A00Z&endDate=2026-01-31T14%3A00%3A00Z',
    );
    expect(voiceResultsPath({ apiVersion: 'v6', aid: '11', testId: '6627', range })).toBe(
      '/api/v6/voice/rtp-stream/6627.json?aid=11&from=2026-01-31T13%3A00%3A00&to=2026-01-31T14%3A00%3A00',
    );
  });

  it('spells a closed interval: v7 end exclusive, v6 `to` inclusive (one second before the end)', () => {
    const start = Date.UTC(2026, 0, 31, 13);
    const end = Date.UTC(2026, 0, 31, 14);
    expect(resultsRangePath({ apiVersion: 'v7', aid: '11', testId: '6627' }, start, end)).toBe(
      '/api/v7/test-results/6627/rtp-server?aid=11&startDate=2026-01-31T13%3A00%3A00Z&endDate=2026-01-31T14%3A00%3A00Z',
    );
    expect(resultsRangePath({ apiVersion: 'v6', aid: undefined, testId: '6627' }, start, end)).toBe(
      '/api/v6/voice/rtp-stream/6627.json?from=2026-01-31T13%3A00%3A00&to=2026-01-31T13%3A59%3A59',
    );
    // The live edge: a start and no end.
    expect(resultsRangePath({ apiVersion: 'v7', aid: undefined, testId: '6627' }, start)).toBe(
      '/api/v7/test-results/6627/rtp-server?startDate=2026-01-31T13%3A00%3A00Z',
    );
  });

  it('never lets a bad id reach the upstream', async () => {
    const { promise, calls } = await resultsOf('v7', {}, '../../account-groups');
    const error = await apiFailure(promise);
    expect(error.kind).toBe('bad-request');
    expect(error.detail).toContain("test id '../../account-groups'");
    expect(calls).toEqual([]);
  });

  it('keys say what is asked, never when', () => {
    const params = { apiVersion: 'v7', aid: '11', testId: '1', range: RELATIVE } as const;
    expect(voiceResultsQueryKey(params)).toEqual([
      'voice-results',
      'v7',
      { aid: '11' },
      '1',
      { window: '1h' },
    ]);
  });
});

describe('v6: the seed body', () => {
  it('becomes one round result of the internal model', async () => {
    const { promise } = await resultsOf('v6', { [V6_FIRST]: { body: SEED_BODY } });
    const results = await promise;
    expect(results.pagesFetched).toBe(1);
    expect(results.test).toMatchObject({
      testId: '6627',
      testName: 'my second voice test',
      intervalSeconds: 300,
      enabled: true,
      alertsEnabled: true,
      codec: 'G.722 @ 32 Kbps',
      codecId: '2',
      dscp: 'CS 1 (8)',
      dscpId: '8',
      jitterBufferMs: 40,
      server: 'vps-lhr4.thousandeyes.com:49152',
      targetAgentId: '11',
    });
    expect(results.rows).toEqual([
      {
        agentId: '97',
        agentName: 'va-office',
        countryId: 'US',
        roundId: 1407374700,
        dateMs: Date.UTC(2014, 7, 7, 1, 25, 31),
        permalink:
          'https://app.thousandeyes.com/voice/metrics?__a=11&testId=6627&roundId=1407374700&agentId=97',
        permalinkText: undefined,
        dscp: '8',
        dscpName: 'CS 1 (8)',
        mos: 3.95378,
        codecName: 'G.722 @ 32 Kbps',
        codecMaxMos: 4.03,
        loss: 0,
        discards: 0,
        latency: 75,
        pdv: 0,
        errorDetail: '',
        serverIp: undefined,
      },
    ]);
  });

  it('follows pages.next in order and stops at pages: {}', async () => {
    const second =
      '/api/v6/voice/rtp-stream/6627.json?aid=11&from=2014-08-07T01:25:00&to=2014-08-07T02:25:00&lastRoundId=1407374700';
    const nextRow = {
      ...SEED_BODY.voice.metrics[0],
      roundId: 1407375000,
      date: '2014-08-07 01:30:31',
    };
    const { promise, calls } = await resultsOf('v6', {
      [V6_FIRST]: { body: { ...SEED_BODY, pages: { current: 1, next: second } } },
      [second]: { body: { voice: { metrics: [nextRow] }, pages: { current: 2 } } },
    });
    const results = await promise;
    expect(calls).toEqual([V6_FIRST, second]);
    expect(results.rows.map((row) => row.roundId)).toEqual([1407374700, 1407375000]);
    expect(results.pagesFetched).toBe(2);
  });
});

describe('v7 bodies as API.md shows them', () => {
  it('become the same internal model', async () => {
    const { promise } = await resultsOf('v7', {
      [V7_FIRST]: { body: v7Body([v7Row('1', 1769864400), v7Row('2', 1769864400)]) },
    });
    const results = await promise;
    expect(results.test).toMatchObject({
      testId: '281474976710706',
      intervalSeconds: 60,
      durationSeconds: 5,
    });
    expect(results.startMs).toBe(Date.UTC(2026, 0, 31, 13));
    expect(results.endMs).toBe(Date.UTC(2026, 0, 31, 14));
    expect(results.rows[0]).toEqual({
      agentId: '1',
      agentName: 'agent 1',
      countryId: 'DE',
      agentLocation: 'Frankfurt',
      roundId: 1769864400,
      dateMs: 1769864400_000 + 7_000,
      permalink: 'https://app.thousandeyes.com/view/tests?roundId=1769864400',
      permalinkText: undefined,
      dscp: '46',
      dscpName: 'EF',
      mos: 4.12,
      codecName: 'G.711 @ 64 Kbps',
      codecMaxMos: 4.41,
      loss: 0.5,
      discards: 0,
      latency: 31,
      pdv: 2,
      errorDetail: '',
      serverIp: '203.0.113.9',
    });
  });

  it('follows _links.next as the proxy rewrote it, every row once, in time order', async () => {
    const p2 = '/api/v7/test-results/6627/rtp-server?aid=11&window=1h&cursor=abc';
    const p3 = '/api/v7/test-results/6627/rtp-server?aid=11&window=1h&cursor=def';
    const { promise, calls } = await resultsOf('v7', {
      [V7_FIRST]: { body: v7Body([v7Row('1', 600), v7Row('2', 600)], p2) },
      [p2]: { body: v7Body([v7Row('2', 600), v7Row('1', 660)], p3) }, // the first row repeats
      [p3]: { body: v7Body([v7Row('2', 660)]) },
    });
    const results = await promise;
    expect(calls).toEqual([V7_FIRST, p2, p3]);
    expect(results.rows.map((row) => `${row.agentId}@${row.roundId}`)).toEqual([
      '1@600',
      '2@600',
      '1@660',
      '2@660',
    ]);
  });
});

describe('hostile bodies', () => {
  it('keeps a row with errorDetail and no metrics as an error row, not zeros', async () => {
    const row = {
      agent: { agentId: 5 },
      roundId: 600,
      errorDetail: 'Connection refused',
      mos: null,
      loss: null,
    };
    const { promise } = await resultsOf('v7', { [V7_FIRST]: { body: v7Body([row]) } });
    const [result] = (await promise).rows;
    expect(result).toMatchObject({
      agentId: '5',
      agentName: '5',
      errorDetail: 'Connection refused',
      dateMs: 600_000,
    });
    expect(result?.mos).toBeUndefined();
    expect(result?.loss).toBeUndefined();
    expect(result?.latency).toBeUndefined();
    expect(result?.codecMaxMos).toBeUndefined();
  });

  it('tolerates numeric dscp, discards 0.0, numeric-string metrics, nulls and extra fields', async () => {
    const row = v7Row('1', 600, {
      dscp: 46,
      discards: 0.0,
      latency: '31',
      pdv: null,
      somethingNew: { a: 1 },
    });
    const { promise } = await resultsOf('v7', {
      [V7_FIRST]: { body: { ...v7Body([row]), extra: true } },
    });
    const [result] = (await promise).rows;
    expect(result).toMatchObject({ dscp: '46', discards: 0, latency: 31, pdv: undefined });
  });

  it('refuses the whole body when a roundId is not a number, and says where', async () => {
    const rows = [v7Row('1', 600), v7Row('2', 600, { roundId: '600' })];
    const { promise } = await resultsOf('v7', { [V7_FIRST]: { body: v7Body(rows) } });
    const error = await apiFailure(promise);
    expect(error.kind).toBe('invalid-response');
    expect(error.detail).toMatch(/^results\[1\]\.roundId: /);
  });

  it('refuses a string where a number belongs, rather than guessing', async () => {
    const { promise } = await resultsOf('v6', {
      [V6_FIRST]: {
        body: { voice: { metrics: [{ ...SEED_BODY.voice.metrics[0], mos: 'good' }] }, pages: {} },
      },
    });
    const error = await apiFailure(promise);
    expect(error.kind).toBe('invalid-response');
    expect(error.detail).toContain('voice.metrics[0].mos');
  });

  it('v6: leaves out a row without an agentId and counts it, as v7 does', async () => {
    const [first] = SEED_BODY.voice.metrics;
    const { agentId: _, ...withoutAgent } = first!;
    const { promise } = await resultsOf('v6', {
      [V6_FIRST]: { body: { voice: { metrics: [first, withoutAgent] }, pages: {} } },
    });
    const results = await promise;
    expect(results.rows).toHaveLength(1);
    expect(results.skippedRows).toEqual({ withoutAgent: 1, withoutRound: 0 });
  });

  it('refuses impossible values: a MOS above 5, a loss above 100 %', async () => {
    for (const overrides of [{ mos: 7 }, { loss: 140 }, { latency: -3 }]) {
      const { promise } = await resultsOf('v7', {
        [V7_FIRST]: { body: v7Body([v7Row('1', 600, overrides)]) },
      });
      expect((await apiFailure(promise)).kind).toBe('invalid-response');
    }
  });

  it('refuses bodies with missing required parts', async () => {
    // The spec makes `results` and every field of a row optional: those are read as no rows, or
    // counted as left out (common/result-rows/v7.test.ts); only a body that is not an object is refused.
    const bodies = [[], null, 'results'];
    for (const body of bodies) {
      const { promise } = await resultsOf('v7', { [V7_FIRST]: { body } });
      expect((await apiFailure(promise)).kind).toBe('invalid-response');
    }
    const { promise } = await resultsOf('v6', { [V6_FIRST]: { body: { pages: {} } } });
    expect((await apiFailure(promise)).detail).toContain('voice');
  });

  it('turns an unsafe permalink into text, never a link', async () => {
    const hrefs = [
      'javascript:alert(1)',
      'http://app.thousandeyes.com/x',
      'https://app.thousandeyes.com.evil.example/x',
      'https://user@app.thousandeyes.com/x',
      'not a url',
    ];
    const rows = hrefs.map((href, i) => v7Row(String(i), 600, { _links: { appLink: { href } } }));
    const { promise } = await resultsOf('v7', { [V7_FIRST]: { body: v7Body(rows) } });
    const results = await promise;
    expect(results.rows.map((row) => row.permalink)).toEqual(hrefs.map(() => undefined));
    expect(results.rows.map((row) => row.permalinkText)).toEqual(hrefs);
  });

  it('drops duplicates among 10,000 rows, keeping the first of each (agent, round)', async () => {
    const p2 = '/api/v6/voice/rtp-stream/6627.json?aid=11&from=x&lastRoundId=1';
    const base = SEED_BODY.voice.metrics[0];
    const page = (offset: number) =>
      Array.from({ length: 5_000 }, (_, i) => {
        const n = offset + i;
        return {
          ...base,
          agentId: n % 50,
          roundId: 1407374700 + 300 * Math.floor(n / 50),
          mos: offset === 0 ? 4 : 1,
        };
      });
    // The second page starts 2,500 rows into the first: 2,500 duplicates, 7,500 distinct rows.
    const { promise } = await resultsOf('v6', {
      [V6_FIRST]: { body: { voice: { metrics: page(0) }, pages: { next: p2 } } },
      [p2]: { body: { voice: { metrics: page(2_500) }, pages: {} } },
    });
    const results = await promise;
    expect(results.rows).toHaveLength(7_500);
    expect(new Set(results.rows.map((row) => `${row.agentId}@${row.roundId}`)).size).toBe(7_500);
    expect(results.rows.filter((row) => row.mos === 4)).toHaveLength(5_000);
  });

  it('never follows a next link to another origin', async () => {
    for (const next of UNFOLLOWABLE_NEXT_LINKS) {
      const { promise, calls } = await resultsOf('v7', {
        [V7_FIRST]: { body: v7Body([v7Row('1', 600)], next) },
      });
      const error = await apiFailure(promise);
      expect(error.kind).toBe('invalid-response');
      expect(error.detail).toContain('was not followed');
      expect(calls).toEqual([V7_FIRST]);
    }
  });

  it('ends a runaway pagination in an error, never a silent truncation', async () => {
    const routes: Record<string, FakeResponse> = {};
    routes[V7_FIRST] = { body: v7Body([v7Row('1', 600)], '/api/v7/page/1') };
    for (let i = 1; i <= 10; i++)
      routes[`/api/v7/page/${i}`] = {
        body: v7Body([v7Row('1', 600 + 60 * i)], `/api/v7/page/${i + 1}`),
      };
    const { promise, calls } = await resultsOf('v7', routes, '6627', 5);
    const error = await apiFailure(promise);
    expect(error.kind).toBe('invalid-response');
    expect(error.detail).toContain('more than 5 pages');
    expect(calls).toHaveLength(5);
  });

  it('asks for the next page before reading rows, and drops that request when a row is wrong', async () => {
    const p2 = '/api/v7/test-results/6627/rtp-server?aid=11&window=1h&cursor=abc';
    const signals = new Map<string, AbortSignal | undefined>();
    const bodies: Record<string, unknown> = {
      [V7_FIRST]: v7Body([v7Row('1', 600), v7Row('2', 600, { roundId: 'soon' })], p2),
      [p2]: v7Body([v7Row('1', 660)]),
    };
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      signals.set(String(input), init?.signal ?? undefined);
      return new Response(JSON.stringify(bodies[String(input)]), { status: 200 });
    }) as typeof fetch;
    const error = await apiFailure(
      fetchVoiceResults(
        { apiVersion: 'v7', aid: '11', testId: '6627', range: RELATIVE },
        { client: createApiClient({ fetch: fetchImpl }) },
      ),
    );
    expect(error.detail).toMatch(/^results\[1\]\.roundId: /);
    // Page 2 was already on its way when page 1's rows were read; the failure aborted it.
    expect([...signals.keys()]).toEqual([V7_FIRST, p2]);
    expect(signals.get(p2)?.aborted).toBe(true);
  });

  it('aborts the page read ahead when the caller aborts', async () => {
    const p2 = '/api/v7/test-results/6627/rtp-server?aid=11&window=1h&cursor=abc';
    const caller = new AbortController();
    let p2Signal: AbortSignal | undefined;
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === V7_FIRST) {
        return new Response(JSON.stringify(v7Body([v7Row('1', 600)], p2)), { status: 200 });
      }
      p2Signal = init?.signal ?? undefined;
      return new Promise<Response>((_, reject) => {
        p2Signal?.addEventListener('abort', () => reject(p2Signal?.reason));
        caller.abort(); // the person left while page 2 was on its way
      });
    }) as typeof fetch;
    await expect(
      fetchVoiceResults(
        { apiVersion: 'v7', aid: '11', testId: '6627', range: RELATIVE },
        { client: createApiClient({ fetch: fetchImpl }), signal: caller.signal },
      ),
    ).rejects.toBeDefined();
    expect(p2Signal?.aborted).toBe(true);
  });

  it('stops a next link that loops back', async () => {
    const { promise } = await resultsOf('v7', {
      [V7_FIRST]: { body: v7Body([v7Row('1', 600)], V7_FIRST) },
    });
    expect((await apiFailure(promise)).detail).toContain('already read');
  });
});

describe('the next-page header', () => {
  const pageAt = (n: number) => `${V7_FIRST}&cursor=p${n}`;

  /** Pages 1..count, each linking to the next in its body and (unless told) in a Link header; a
   * body arrives only when released, so the test sees what is asked before any body is read. */
  function heldPages(count: number, linkHeader: (n: number) => string | undefined) {
    const asked: string[] = [];
    const signals = new Map<string, AbortSignal | undefined>();
    const releases = new Map<string, () => void>();
    const pathOf = (n: number) => (n === 1 ? V7_FIRST : pageAt(n));
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input);
      asked.push(path);
      signals.set(path, init?.signal ?? undefined);
      const n = path === V7_FIRST ? 1 : Number(/cursor=p(\d+)$/.exec(path)?.[1]);
      const text = JSON.stringify(
        Number.isInteger(n) && n <= count
          ? v7Body([v7Row('1', 600 + 60 * n)], n < count ? pathOf(n + 1) : undefined)
          : v7Body([v7Row('9', 9_000)]),
      );
      const header = linkHeader(n);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          releases.set(path, () => {
            controller.enqueue(new TextEncoder().encode(text));
            controller.close();
          });
        },
      });
      return new Response(body, { status: 200, headers: header ? { Link: header } : {} });
    }) as typeof fetch;
    const release = (path: string) => releases.get(path)?.();
    return { asked, signals, release, pathOf, fetchImpl };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  const load = (pages: { fetchImpl: typeof fetch }) =>
    fetchVoiceResults(
      { apiVersion: 'v7', aid: '11', testId: '6627', range: RELATIVE },
      { client: createApiClient({ fetch: pages.fetchImpl }) },
    );

  it('asks for the next page as soon as the headers name it, before this body is read', async () => {
    const pages = heldPages(3, (n) => (n < 3 ? `<${pageAt(n + 1)}>; rel="next"` : undefined));
    const results = load(pages);
    // No body has been read yet, and pages 2 and 3 are already on their way.
    await vi.waitFor(() => expect(pages.asked).toEqual([V7_FIRST, pageAt(2), pageAt(3)]));
    for (const n of [3, 2, 1]) pages.release(pages.pathOf(n));
    const data = await results;
    expect(data.rows.map((row) => row.roundId)).toEqual([660, 720, 780]);
    expect(pages.asked).toHaveLength(3); // each page asked once
  });

  it('waits for beforeBody before reading each page, with the next page already asked for', async () => {
    const source = { apiVersion: 'v7', aid: '11', testId: '6627' } as const;
    const first = resultsRangePath(source, 0, 3_600_000);
    const second = `${first}&cursor=p2`;
    const asked: string[] = [];
    const fetchImpl = (async (input: RequestInfo | URL) => {
      const path = String(input);
      asked.push(path);
      const isFirst = path === first;
      const body = v7Body([v7Row('1', isFirst ? 600 : 660)], isFirst ? second : undefined);
      const headers: Record<string, string> = isFirst ? { Link: `<${second}>; rel="next"` } : {};
      return new Response(JSON.stringify(body), { status: 200, headers });
    }) as typeof fetch;
    const waits: { signal: AbortSignal; release: () => void }[] = [];
    const results = fetchResultsRange(source, 0, 3_600_000, {
      client: createApiClient({ fetch: fetchImpl }),
      beforeBody: (signal) => new Promise((release) => waits.push({ signal, release })),
    });
    // Both pages asked for, neither read: each waits on its own beforeBody, with its own abort.
    await vi.waitFor(() => expect(waits).toHaveLength(2));
    expect(asked).toEqual([first, second]);
    expect(waits.map(({ signal }) => signal.aborted)).toEqual([false, false]);
    expect(waits[0]!.signal).not.toBe(waits[1]!.signal);
    let read = false;
    void results.then(() => (read = true));
    waits[1]!.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(read).toBe(false); // page 1 still waits, and pages are read in order
    waits[0]!.release();
    expect((await results).rows.map((row) => row.roundId)).toEqual([600, 660]);
  });

  it('keeps at most two pages past the one being read', async () => {
    const pages = heldPages(6, (n) => (n < 6 ? `<${pageAt(n + 1)}>; rel="next"` : undefined));
    const results = load(pages);
    await vi.waitFor(() => expect(pages.asked).toEqual([V7_FIRST, pageAt(2), pageAt(3)]));
    await settle();
    expect(pages.asked).toHaveLength(3); // page 3's header named page 4: held back
    pages.release(V7_FIRST);
    // Page 1 read: pages 2 and 3 are two ahead, so page 4 may go now.
    await vi.waitFor(() => expect(pages.asked).toContain(pageAt(4)));
    await settle();
    expect(pages.asked).toEqual([V7_FIRST, pageAt(2), pageAt(3), pageAt(4)]);
    for (const n of [2, 3, 4, 5, 6]) {
      await vi.waitFor(() => expect(pages.asked).toContain(pages.pathOf(n)));
      pages.release(pages.pathOf(n));
    }
    expect((await results).rows).toHaveLength(6);
    expect(new Set(pages.asked).size).toBe(pages.asked.length);
  });

  it('follows the body when a header disagrees: drops that page at once, trusts no header again', async () => {
    const elsewhere = `${V7_FIRST}&cursor=other`;
    const pages = heldPages(3, (n) =>
      n === 1 ? `<${elsewhere}>; rel="next"` : n === 2 ? `<${pageAt(3)}>; rel="next"` : undefined,
    );
    const results = load(pages);
    await vi.waitFor(() => expect(pages.asked).toEqual([V7_FIRST, elsewhere]));
    pages.release(V7_FIRST);
    // Page 1 named page 2: the page its header named is dropped now, not at the end.
    await vi.waitFor(() => expect(pages.asked).toEqual([V7_FIRST, elsewhere, pageAt(2)]));
    expect(pages.signals.get(elsewhere)?.aborted).toBe(true);
    // Page 2's headers are in, and name page 3: not followed any more.
    await settle();
    expect(pages.asked).not.toContain(pageAt(3));
    pages.release(pageAt(2));
    await vi.waitFor(() => expect(pages.asked).toContain(pageAt(3)));
    pages.release(pageAt(3));
    expect((await results).rows.map((row) => row.roundId)).toEqual([660, 720, 780]);
  });

  it('never follows a header to another origin or outside the API', async () => {
    for (const next of UNFOLLOWABLE_NEXT_LINKS) {
      const pages = heldPages(1, () => `<${next}>; rel="next"`);
      const results = load(pages);
      await vi.waitFor(() => expect(pages.asked).toEqual([V7_FIRST]));
      await settle();
      pages.release(V7_FIRST);
      expect((await results).rows).toHaveLength(1);
      expect(pages.asked).toEqual([V7_FIRST]);
    }
  });

  it('reads no further page once the caller has aborted, even one already downloaded', async () => {
    const { fetchImpl } = fakeFetch({
      [V7_FIRST]: {
        body: v7Body([v7Row('1', 660)], pageAt(2)),
        headers: { Link: `<${pageAt(2)}>; rel="next"` },
      },
      [pageAt(2)]: { body: v7Body([v7Row('1', 720)]) },
    });
    const caller = new AbortController();
    const pagesRead: unknown[] = [];
    const results = fetchAllPages({
      client: createApiClient({ fetch: fetchImpl }),
      firstPath: V7_FIRST,
      signal: caller.signal,
      openPage: openV7Page,
      allowedPrefix: '/api/v7/',
      onPage: (page) => pagesRead.push(page),
    });
    caller.abort(new Error('the person left'));
    await expect(results).rejects.toThrow('the person left');
    expect(pagesRead).toEqual([]);
  });
});

describe('nextLinkFromHeaders', () => {
  const read = (link: string) => nextLinkFromHeaders(new Headers({ Link: link }));

  it('reads rel="next" among other links, quoted or not', () => {
    expect(read('</api/v7/a?cursor=1>; rel="next"')).toBe('/api/v7/a?cursor=1');
    expect(read('</api/v7/p>; rel="prev", </api/v7/n>; rel=next')).toBe('/api/v7/n');
    expect(read('</api/v7/n>; title="x"; REL="next"')).toBe('/api/v7/n');
  });

  it('finds nothing where there is no next link', () => {
    expect(nextLinkFromHeaders(new Headers())).toBeUndefined();
    expect(read('</api/v7/p>; rel="prev"')).toBeUndefined();
    expect(read('</api/v7/n>; rel="nextish"')).toBeUndefined();
    expect(read('garbage')).toBeUndefined();
  });
});

describe('a closed range sent as round columns', () => {
  const source = { apiVersion: 'v7', aid: '11', testId: '1' } as const;
  const START = Date.UTC(2026, 0, 31, 13);
  const END = START + 3_600_000;
  const path = resultsRangePath(source, START, END);
  const rows = [
    v7Row('1', START / 1000),
    v7Row('2', START / 1000, { mos: null }),
    v7Row('1', START / 1000 + 60),
  ];
  const envelope = {
    ...v7Body([]),
    _links: { self: { href: '/api/v7/test-results/1/rtp-server' } },
  };

  function columnsBody(
    overrides: { envelope?: unknown; mos?: number; rows?: ReturnType<typeof v7Row>[] } = {},
  ) {
    const body = encodeRoundColumns(
      readV7ResultRows(overrides.rows ?? rows, path),
      overrides.envelope ?? envelope,
      noSkippedRows(),
    )!;
    if (overrides.mos !== undefined) body.columns.mos[0] = overrides.mos;
    const { header, numbers } = writeRoundColumns(body);
    return {
      bytes: joinRoundColumns(header, numbers),
      headers: { 'Content-Type': ROUND_COLUMNS_MEDIA_TYPE },
    };
  }

  async function rangeFrom(answer: FakeResponse) {
    const accepts: string[] = [];
    const { fetchImpl } = fakeFetch({ [path]: answer });
    const client = createApiClient({
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
        accepts.push(new Headers(init?.headers).get('accept') ?? '');
        return fetchImpl(input, init);
      }) as typeof fetch,
    });
    const results = await fetchResultsRange(source, START, END, { client });
    return { results, accepts };
  }

  it('is asked for, and reads as the same results as the upstream page', async () => {
    const fromColumns = await rangeFrom(columnsBody());
    const fromPage = await rangeFrom({ body: v7Body(rows) });
    expect(fromColumns.accepts).toEqual([`${ROUND_COLUMNS_MEDIA_TYPE}, application/json;q=0.9`]);
    expect(fromColumns.results.rows).toHaveLength(3);
    const { rows: columnsRows, ...columnsResults } = fromColumns.results;
    const { rows: pageRows, ...pageResults } = fromPage.results;
    expect(columnsResults).toEqual(pageResults);
    expect(plainRows(columnsRows)).toEqual(pageRows);
  });

  it('joins and cuts columns to the range as it does pages: a repeated row, a round outside it, rows out of order', async () => {
    const cases = {
      'an agent twice in a round': [...rows, v7Row('1', START / 1000 + 60, { mos: 1.5 })],
      'a round before the range': [v7Row('2', START / 1000 - 60), ...rows],
      'a round at its end': [...rows, v7Row('2', END / 1000)],
      'rows out of round order': [rows[2]!, rows[0]!, rows[1]!],
    };
    for (const [name, caseRows] of Object.entries(cases)) {
      const fromColumns = await rangeFrom(columnsBody({ rows: caseRows }));
      const fromPage = await rangeFrom({ body: v7Body(caseRows) });
      expect(plainRows(fromColumns.results.rows), name).toEqual(fromPage.results.rows);
      expect(fromColumns.results.rows, name).toHaveLength(3);
    }
  });

  it('keeps the rows as decoded when they need no join, and joins them when two agents share an id', () => {
    const decoded = (body: { bytes: Uint8Array }) =>
      decodeRoundColumns(new RoundColumnsBytes(body.bytes), path).rows;
    const rowsOf = decoded(columnsBody());
    const [startRound, endRound] = [START / 1000, END / 1000];
    expect(rowsAsDecoded([{ rows: rowsOf }], startRound, endRound)).toBe(rowsOf);
    // Two pages, or the rows of a range that does not hold them all: the general join.
    expect(rowsAsDecoded([{ rows: rowsOf }, { rows: [] }], startRound, endRound)).toBeUndefined();
    expect(rowsAsDecoded([{ rows: rowsOf }], startRound + 60, endRound)).toBeUndefined();
    const twin = decoded(columnsBody());
    const columns = (twin[0] as ColumnsRow).columns as unknown as { agents: { agentId: string }[] };
    columns.agents[1]!.agentId = columns.agents[0]!.agentId;
    expect(rowsAsDecoded([{ rows: twin }], startRound, endRound)).toBeUndefined();
  });

  it('refuses, as an invalid response naming the value, columns an upstream row could not carry', async () => {
    const refusedBy = async (answer: FakeResponse) => {
      const error = await rangeFrom(answer).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).kind).toBe('invalid-response');
      return (error as ApiError).detail;
    };
    expect(await refusedBy(columnsBody({ mos: 7 }))).toBe(
      'columns[0].mos: expected a number from 0 to 5, got number 7',
    );
    expect(await refusedBy(columnsBody({ envelope: v7Body([], '/api/v7/next') }))).toBe(
      "the Earshot server's columns name a next page",
    );
  });
});

describe('joinResultRows', () => {
  const row = (agentId: string, roundId: number, mos = 4) =>
    ({ agentId, roundId, mos }) as unknown as RoundResult;
  const shown = (rows: RoundResult[]) => rows.map((r) => `${r.agentId}@${r.roundId}:${r.mos}`);

  it('keeps the first row of each agent and round when a page break repeats a round', () => {
    const pages = [
      { rows: [row('a', 60), row('b', 60), row('a', 120)] },
      { rows: [row('a', 120, 1), row('b', 120), row('b', 120, 1), row('a', 180)] },
    ];
    expect(shown(joinResultRows(pages))).toEqual([
      'a@60:4',
      'b@60:4',
      'a@120:4',
      'b@120:4',
      'a@180:4',
    ]);
  });

  it('joins rows out of order the general way: time order, stable, first row kept', () => {
    const pages = [
      { rows: [row('a', 120), row('b', 60), row('a', 60)] },
      { rows: [row('b', 60, 1), row('c', 120), row('a', 120, 1)] },
    ];
    expect(shown(joinResultRows(pages))).toEqual(['b@60:4', 'a@60:4', 'a@120:4', 'c@120:4']);
  });
});
