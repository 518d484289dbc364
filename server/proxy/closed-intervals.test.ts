// The closed-interval path end to end: the proxy in front of the in-process simulator (or the fake
// upstream), one clock injected into both, upstream calls counted where they arrive.
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRoundColumns } from '../../common/result-rows/round-columns.ts';
import { plainRows } from '../../common/result-rows/test-support.ts';
import {
  RoundColumnsBytes,
  ROUND_COLUMNS_MEDIA_TYPE,
} from '../../common/result-rows/round-columns-bytes.ts';
import { readV6MetricRows } from '../../common/result-rows/v6.ts';
import { readV7ResultRows } from '../../common/result-rows/v7.ts';
import type { RunningSimulator } from '../simulator/index.ts';
import { PINNED_NOW_MS, startTestSimulator, TEST_TOKEN } from '../simulator/test-support.ts';
import type { ApiProxy, ApiProxyOptions } from './api-proxy.ts';
import { ClosedIntervalCache } from './closed-interval-cache.ts';
import { createClosedIntervals } from './closed-intervals.ts';
import type { ForwardableRequest } from './request-guard.ts';
import { json, rawRequest, startFakeUpstream, type FakeUpstream } from './testing/fake-upstream.ts';
import { serveProxy } from './testing/proxy-server.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface RunningProxy {
  url: string;
  logs: string[];
  proxy: ApiProxy;
}

async function startProxy(
  upstreamUrl: string,
  options: Partial<ApiProxyOptions> = {},
): Promise<RunningProxy> {
  const logs: string[] = [];
  const served = await serveProxy({
    apiVersion: 'v7',
    upstreamBase: upstreamUrl,
    credentials: { kind: 'bearer', token: TEST_TOKEN },
    readAhead: false,
    log: (line) => logs.push(line),
    ...options,
  });
  cleanups.push(served.close);
  return { url: served.url, logs, proxy: served.proxy };
}

/** The simulator with 12 agents and 50-row pages: v7 pages end in the middle of a round. */
async function startSimulator(clock: { nowMs: number }): Promise<RunningSimulator> {
  const simulator = await startTestSimulator({ now: () => clock.nowMs, pageSize: 50 });
  cleanups.push(() => simulator.close());
  return simulator;
}

async function fakeUpstream(): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream();
  cleanups.push(() => upstream.close());
  return upstream;
}

type Body = Record<string, unknown>;

/** A GET whose body comes back as the bytes sent (fetch would decompress them). */
function getBytes(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function getJson(url: string): Promise<{ status: number; cache: string | null; body: Body }> {
  const answer = await fetch(url);
  return {
    status: answer.status,
    cache: answer.headers.get('x-earshot-cache'),
    body: (await answer.json()) as Body,
  };
}

/** Follows next links through a proxy one page at a time, as the browser does. */
async function walkPages(proxyUrl: string, path: string, version: 'v6' | 'v7'): Promise<Body[]> {
  const pages: Body[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const { status, body } = await getJson(`${proxyUrl}${next}`);
    expect(status).toBe(200);
    pages.push(body);
    next =
      version === 'v7'
        ? (body._links as { next?: { href: string } }).next?.href
        : (body.pages as { next?: string }).next;
  }
  return pages;
}

const V7_CLOSED =
  '/api/v7/test-results/7001/rtp-server?aid=1001&startDate=2026-01-15T06:00:00Z&endDate=2026-01-15T09:00:00Z';
const V6_CLOSED =
  '/api/v6/voice/rtp-stream/7001.json?aid=1001&from=2026-01-15T06:00:00&to=2026-01-15T09:00:00';

describe('a closed range on the simulator', () => {
  it('v7: is one body equal to following every page, and a second request costs no upstream call', async () => {
    const clock = { nowMs: PINNED_NOW_MS };
    const simulator = await startSimulator(clock);
    const server = await startProxy(simulator.url, { nowMs: () => clock.nowMs });
    // The browser's way, through a proxy for which the range has not closed yet.
    const browser = await startProxy(simulator.url, {
      nowMs: () => Date.UTC(2026, 0, 15, 9, 0, 0),
      cacheTtlMs: 0,
    });
    const pages = await walkPages(browser.url, V7_CLOSED, 'v7');
    const rows = pages.flatMap((page) => page.results as { roundId: number }[]);
    expect(pages.length).toBeGreaterThan(3);
    // Page breaks fall in the middle of a round.
    expect(pages[0]!.results).toHaveLength(50);
    expect(rows[49]!.roundId).toBe(rows[50]!.roundId);

    simulator.controls.resetRequests();
    const joined = await getJson(`${server.url}${V7_CLOSED}`);
    expect(joined.status).toBe(200);
    expect(joined.cache).toBe('interval-miss');
    const { next: _next, ...linksWithoutNext } = pages[0]!._links as Record<string, unknown>;
    expect(joined.body).toEqual({ ...pages[0], results: rows, _links: linksWithoutNext });
    expect(simulator.controls.requests().total).toBe(pages.length);

    const again = await getJson(`${server.url}${V7_CLOSED}`);
    expect(again.cache).toBe('interval-hit');
    expect(again.body).toEqual(joined.body);
    expect(simulator.controls.requests().total).toBe(pages.length);
    expect(server.logs.some((line) => / 200 \d+ms interval-miss \(/.test(line))).toBe(true);
    expect(server.logs.at(-1)).toMatch(
      / 200 \d+ms interval-hit \(.*intervals 1 entries \d+ B, join memory \d+ B\)$/,
    );
    // The pages were joined into memory kept for the next interval, and said in /healthz.
    expect(server.proxy.cacheSizes().joinMemory.entries).toBe(1);
    expect(server.proxy.cacheSizes().intervals.entries).toBe(1);
  });

  it('v6: rtp-stream and the old metrics path are one body equal to following every page', async () => {
    const clock = { nowMs: PINNED_NOW_MS };
    const simulator = await startSimulator(clock);
    const server = await startProxy(simulator.url, {
      apiVersion: 'v6',
      nowMs: () => clock.nowMs,
    });
    const browser = await startProxy(simulator.url, {
      apiVersion: 'v6',
      nowMs: () => Date.UTC(2026, 0, 15, 9, 0, 0),
      cacheTtlMs: 0,
    });
    const pages = await walkPages(browser.url, V6_CLOSED, 'v6');
    expect(pages.length).toBeGreaterThan(3);
    const rows = pages.flatMap((page) => (page.voice as { metrics: unknown[] }).metrics);
    const { next: _next, ...firstPagesWithoutNext } = pages[0]!.pages as Record<string, unknown>;
    const expected = {
      ...pages[0],
      voice: { ...(pages[0]!.voice as Body), metrics: rows },
      pages: firstPagesWithoutNext,
    };

    simulator.controls.resetRequests();
    const joined = await getJson(`${server.url}${V6_CLOSED}`);
    expect(joined.cache).toBe('interval-miss');
    expect(joined.body).toEqual(expected);
    expect(simulator.controls.requests().total).toBe(pages.length);
    expect((await getJson(`${server.url}${V6_CLOSED}`)).cache).toBe('interval-hit');
    expect(simulator.controls.requests().total).toBe(pages.length);

    const seed = await getJson(`${server.url}${V6_CLOSED.replace('rtp-stream', 'metrics')}`);
    expect(seed.cache).toBe('interval-miss');
    expect(seed.body).toEqual(expected);
  });

  it('serves a hit in the compressed form it keeps, equal to the plain body', async () => {
    const clock = { nowMs: PINNED_NOW_MS };
    const simulator = await startSimulator(clock);
    const server = await startProxy(simulator.url, { nowMs: () => clock.nowMs });
    const plain = await rawRequest(server.url, V7_CLOSED); // no Accept-Encoding: plain
    const compressed = await getBytes(`${server.url}${V7_CLOSED}`, { 'Accept-Encoding': 'br' });
    expect(compressed.headers['x-earshot-cache']).toBe('interval-hit');
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(compressed.body).toString('utf8')).toBe(plain.body);
    expect(compressed.body.length).toBeLessThan(plain.body.length / 4);
  });

  it('answers identical concurrent requests with one walk of the pages', async () => {
    const clock = { nowMs: PINNED_NOW_MS };
    const simulator = await startSimulator(clock);
    const server = await startProxy(simulator.url, { nowMs: () => clock.nowMs });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => getJson(`${server.url}${V7_CLOSED}`)),
    );
    const pagesWalked = simulator.controls.requests().total;
    expect(pagesWalked).toBeGreaterThan(3);
    expect(answers.map((answer) => answer.cache).sort()).toEqual([
      'interval-coalesced',
      'interval-coalesced',
      'interval-coalesced',
      'interval-coalesced',
      'interval-miss',
    ]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
  });

  it('proxies an open range exactly as before: first page only, its next link kept', async () => {
    const clock = { nowMs: PINNED_NOW_MS };
    const simulator = await startSimulator(clock);
    const server = await startProxy(simulator.url, { nowMs: () => clock.nowMs });
    for (const path of [
      '/api/v7/test-results/7001/rtp-server?aid=1001&startDate=2026-01-15T09:00:00Z',
      '/api/v7/test-results/7001/rtp-server?aid=1001&startDate=2026-01-15T09:00:00Z&endDate=2026-01-15T11:58:00Z',
      '/api/v7/test-results/7001/rtp-server?aid=1001&window=3h',
    ]) {
      simulator.controls.resetRequests();
      const answer = await getJson(`${server.url}${path}`);
      expect(answer.cache).toBe('miss');
      expect(answer.body.results).toHaveLength(50);
      expect((answer.body._links as { next?: unknown }).next).toBeDefined();
      expect(simulator.controls.requests().total).toBe(1);
    }
    expect(server.proxy.cacheSizes().intervals).toEqual({ entries: 0, bytes: 0 });
  });

  it('answers a range as open while it is, and whole once it has closed', async () => {
    // Test 7001 runs every 300 s: 11:00–11:50 closes at 11:50 + 300 s + 30 s + 5 min = 12:00:30.
    const range =
      '/api/v7/test-results/7001/rtp-server?aid=1001&startDate=2026-01-15T11:00:00Z&endDate=2026-01-15T11:50:00Z';
    const clock = { nowMs: Date.UTC(2026, 0, 15, 11, 52, 0) };
    const simulator = await startSimulator(clock);
    const server = await startProxy(simulator.url, { nowMs: () => clock.nowMs });

    const tooSoon = await getJson(`${server.url}${range}`);
    expect(tooSoon.cache).toBe('miss');
    expect((tooSoon.body._links as { next?: unknown }).next).toBeDefined();

    // Closed for a 60 s test by now, not for this 300 s one: its first page says so.
    clock.nowMs = Date.UTC(2026, 0, 15, 11, 56, 0);
    simulator.controls.resetRequests();
    const stillOpen = await getJson(`${server.url}${range}`);
    expect(stillOpen.cache).toBe('miss');
    expect((stillOpen.body._links as { next?: unknown }).next).toBeDefined();
    expect(simulator.controls.requests().total).toBe(1);

    clock.nowMs = PINNED_NOW_MS;
    const closed = await getJson(`${server.url}${range}`);
    expect(closed.cache).toBe('interval-miss');
    // Ten rounds of twelve agents (the simulator leaves out a few rows, as upstream does).
    const roundIds = (closed.body.results as { roundId: number }[]).map((row) => row.roundId);
    expect(new Set(roundIds).size).toBe(10);
    expect(roundIds.length).toBeGreaterThan(100);
    expect((closed.body._links as { next?: unknown }).next).toBeUndefined();
    expect((await getJson(`${server.url}${range}`)).cache).toBe('interval-hit');
  });

  it('caches nothing when a page fails, and walks every page again on the next request', async () => {
    const clock = { nowMs: PINNED_NOW_MS };
    const simulator = await startSimulator(clock);
    const server = await startProxy(simulator.url, { nowMs: () => clock.nowMs });
    simulator.controls.addFault({
      path: '^/v7/test-results/7001/rtp-server\\?cursor=',
      kind: 'status',
      status: 503,
      count: 1,
    });
    const failed = await getJson(`${server.url}${V7_CLOSED}`);
    expect(failed.status).toBe(503);
    expect(failed.body.detail).toMatch(/ThousandEyes answered 503/);
    expect(simulator.controls.requests().total).toBe(2);
    expect(server.proxy.cacheSizes().intervals).toEqual({ entries: 0, bytes: 0 });

    simulator.controls.resetRequests();
    const retried = await getJson(`${server.url}${V7_CLOSED}`);
    expect(retried.status).toBe(200);
    expect(retried.cache).toBe('interval-miss');
    expect(simulator.controls.requests().total).toBeGreaterThan(3);
    expect(simulator.controls.requests().log[0]?.query).not.toContain('cursor');
  });

  it('keeps whole intervals within its byte bound, evicting the one of the oldest data', async () => {
    const clock = { nowMs: PINNED_NOW_MS };
    const simulator = await startSimulator(clock);
    const newer = V7_CLOSED.replace('T06:00:00Z', 'T07:00:00Z').replace('T09:00:00Z', 'T10:00:00Z');
    const measure = await startProxy(simulator.url, { nowMs: () => clock.nowMs });
    await getJson(`${measure.url}${V7_CLOSED}`);
    const oneInterval = measure.proxy.cacheSizes().intervals.bytes;
    expect(oneInterval).toBeGreaterThan(0);

    const server = await startProxy(simulator.url, {
      nowMs: () => clock.nowMs,
      intervalCacheMaxBytes: Math.round(oneInterval * 1.5),
    });
    expect((await getJson(`${server.url}${V7_CLOSED}`)).cache).toBe('interval-miss');
    expect((await getJson(`${server.url}${newer}`)).cache).toBe('interval-miss');
    expect(server.proxy.cacheSizes().intervals.entries).toBe(1);
    expect(server.proxy.cacheSizes().intervals.bytes).toBeLessThanOrEqual(oneInterval * 1.5);
    simulator.controls.resetRequests();
    expect((await getJson(`${server.url}${newer}`)).cache).toBe('interval-hit');
    expect(simulator.controls.requests().total).toBe(0);
    expect((await getJson(`${server.url}${V7_CLOSED}`)).cache).toBe('interval-miss');
    expect(simulator.controls.requests().total).toBeGreaterThan(3);
  });
});

/** A v7 fake upstream: `pages` pages of one row each for the closed range, per account group. */
function serveV7Pages(
  upstream: FakeUpstream,
  pages: number,
  options: { nextHref?: (page: number) => string; headers?: Record<string, string> } = {},
): void {
  upstream.respond((req, res) => {
    const url = new URL(req.url ?? '/', upstream.url);
    const page = Number(url.searchParams.get('cursor') ?? '1');
    const aid = url.searchParams.get('aid') ?? 'default';
    const nextHref =
      options.nextHref?.(page) ??
      `${upstream.url}/v7/test-results/7/rtp-server?cursor=${page + 1}&aid=${aid}`;
    json(
      res,
      200,
      {
        results: [{ roundId: 1_768_456_800 + page * 60, aid, filler: 'x'.repeat(600) }],
        test: { testId: '7', interval: 60 },
        _links: page < pages ? { next: { href: nextHref } } : {},
      },
      options.headers,
    );
  });
}

const FAKE_CLOSED =
  '/api/v7/test-results/7/rtp-server?aid=1&startDate=2026-01-15T06:00:00Z&endDate=2026-01-15T07:00:00Z';

async function getColumns(
  url: string,
): Promise<{ type: string | null; cache: string | null; text: string; bytes: Uint8Array }> {
  const answer = await fetch(url, { headers: { Accept: ROUND_COLUMNS_MEDIA_TYPE } });
  expect(answer.status).toBe(200);
  const bytes = new Uint8Array(await answer.arrayBuffer());
  return {
    type: answer.headers.get('content-type'),
    cache: answer.headers.get('x-earshot-cache'),
    text: new TextDecoder().decode(bytes),
    bytes,
  };
}

describe('a closed range asked as round columns (as the browser asks)', () => {
  it("v7 and v6: the rows and envelope the browser would read from the joined body, in far fewer bytes; upstream's shape kept only once a client asks for it", async () => {
    for (const [version, path] of [
      ['v7', V7_CLOSED],
      ['v6', V6_CLOSED],
    ] as const) {
      const clock = { nowMs: PINNED_NOW_MS };
      const simulator = await startSimulator(clock);
      const server = await startProxy(simulator.url, {
        apiVersion: version,
        nowMs: () => clock.nowMs,
      });
      const columns = await getColumns(`${server.url}${path}`);
      expect(columns.cache).toBe('interval-miss');
      expect(columns.type).toBe(ROUND_COLUMNS_MEDIA_TYPE);
      const pages = simulator.controls.requests().total;
      expect(pages).toBeGreaterThan(3);
      const columnsOnly = server.proxy.cacheSizes().intervals.bytes;
      // Upstream's shape was not kept for a reader of columns: the first client that asks for it
      // walks the pages again; from then on the interval is kept in both forms.
      const joined = await getJson(`${server.url}${path}`);
      expect(joined.cache).toBe('interval-miss');
      expect(simulator.controls.requests().total).toBe(2 * pages);
      expect(server.proxy.cacheSizes().intervals).toMatchObject({ entries: 1 });
      expect(server.proxy.cacheSizes().intervals.bytes).toBeGreaterThan(2 * columnsOnly);
      expect((await getColumns(`${server.url}${path}`)).cache).toBe('interval-hit');
      expect((await getJson(`${server.url}${path}`)).cache).toBe('interval-hit');
      expect(simulator.controls.requests().total).toBe(2 * pages);

      // Asked first in upstream's shape, both forms are kept at once: a reader of columns then
      // costs no upstream call.
      const other = await startProxy(simulator.url, {
        apiVersion: version,
        nowMs: () => clock.nowMs,
      });
      expect((await getJson(`${other.url}${path}`)).cache).toBe('interval-miss');
      expect((await getColumns(`${other.url}${path}`)).cache).toBe('interval-hit');
      expect(simulator.controls.requests().total).toBe(3 * pages);

      const decoded = decodeRoundColumns(new RoundColumnsBytes(columns.bytes), path);
      const upstreamRows =
        version === 'v7'
          ? readV7ResultRows(joined.body.results as unknown[], path)
          : readV6MetricRows((joined.body.voice as { metrics: unknown[] }).metrics, path);
      expect(upstreamRows.length).toBeGreaterThan(100);
      expect(plainRows(decoded.rows)).toEqual(upstreamRows);
      expect(decoded.envelope).toEqual(
        version === 'v7'
          ? { ...joined.body, results: [] }
          : { ...joined.body, voice: { ...(joined.body.voice as Body), metrics: [] } },
      );
      expect(columns.bytes.length * 4).toBeLessThan(JSON.stringify(joined.body).length);
    }
  });

  it('rows the browser would refuse are sent as upstream wrote them, so the browser names the bad field', async () => {
    const upstream = await fakeUpstream();
    upstream.respond((_req, res) => {
      json(res, 200, {
        results: [{ roundId: 1_768_456_800, agent: { agentId: '1' }, mos: 'good' }],
        test: { testId: '7', interval: 60 },
        _links: {},
      });
    });
    const server = await startProxy(upstream.url, { nowMs: () => PINNED_NOW_MS });
    const answer = await getColumns(`${server.url}${FAKE_CLOSED}`);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toMatchObject({ results: [{ mos: 'good' }] });
    // Its one page read twice: as columns only (refused), then checked to be sent as it is.
    expect(upstream.requests).toHaveLength(2);
  });

  it('a first page read as columns only, whose test runs longer than any ThousandEyes offers, is read again and sent whole as an open range', async () => {
    const upstream = await fakeUpstream();
    const row = { roundId: 1_768_456_800, agent: { agentId: '1' }, mos: 4.1 };
    upstream.respond((_req, res) => {
      // A day-long interval: five hours after its end the range is still open for this test.
      json(res, 200, { results: [row], test: { testId: '7', interval: 86_400 }, _links: {} });
    });
    const server = await startProxy(upstream.url, { nowMs: () => PINNED_NOW_MS });
    expect(PINNED_NOW_MS - Date.parse('2026-01-15T07:00:00Z')).toBeGreaterThan(2 * 3_600_000);
    const answer = await getColumns(`${server.url}${FAKE_CLOSED}`);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.cache).toBe('miss');
    expect(JSON.parse(answer.text)).toMatchObject({ results: [row] });
    // The columns-only read of the first page, then the checked one that was sent.
    expect(upstream.requests).toHaveLength(2);
    expect(server.proxy.cacheSizes().intervals.entries).toBe(0);
  });

  it("a page of an older build, asking for another form's media type, gets upstream's shape", async () => {
    const clock = { nowMs: PINNED_NOW_MS };
    const simulator = await startSimulator(clock);
    const server = await startProxy(simulator.url, { nowMs: () => clock.nowMs });
    // Form 3's media type: a tab left open across a deployment would refuse form 4's columns.
    expect(ROUND_COLUMNS_MEDIA_TYPE).not.toBe('application/vnd.earshot.round-columns');
    const answer = await fetch(`${server.url}${V7_CLOSED}`, {
      headers: { Accept: 'application/vnd.earshot.round-columns, application/json;q=0.9' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await answer.json()) as Body).results).not.toHaveLength(0);
  });
});

/** A v7 fake upstream of two pages for FAKE_CLOSED, the second page's row as upstream's bytes. */
function serveTwoPages(upstream: FakeUpstream, secondRow: string): void {
  upstream.respond((req, res) => {
    const second = req.url?.includes('cursor=2') === true;
    const links = second
      ? '{}'
      : JSON.stringify({
          next: { href: `${upstream.url}/v7/test-results/7/rtp-server?cursor=2&aid=1` },
        });
    const row = second
      ? secondRow
      : JSON.stringify({
          roundId: 1_768_456_800,
          agent: { agentId: '1', agentName: 'Oslo' },
          mos: 4.1,
        });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`{"results":[${row}],"test":{"testId":"7","interval":60},"_links":${links}}`);
  });
}

describe('the rows of a walk read as columns only', () => {
  it("are read unchecked while they hold no escape sequence, and never sent so: upstream's shape walks the pages again, checked", async () => {
    const upstream = await fakeUpstream();
    // What the byte checks refuse: an API link beside the permalink.
    serveTwoPages(
      upstream,
      JSON.stringify({
        roundId: 1_768_456_860,
        agent: { agentId: '2', agentName: 'Bergen' },
        mos: 4.2,
        _links: { self: { href: `${upstream.url}/v7/agents/2` } },
      }),
    );
    const server = await startProxy(upstream.url, { nowMs: () => PINNED_NOW_MS });
    const columns = await getColumns(`${server.url}${FAKE_CLOSED}`);
    expect(columns.type).toBe(ROUND_COLUMNS_MEDIA_TYPE);
    const decoded = decodeRoundColumns(new RoundColumnsBytes(columns.bytes), FAKE_CLOSED);
    expect(decoded.rows.map((row) => row.agentName)).toEqual(['Oslo', 'Bergen']);
    expect(columns.text).not.toContain(upstream.url);
    expect(upstream.requests).toHaveLength(2);

    const joined = await getJson(`${server.url}${FAKE_CLOSED}`);
    expect(joined.cache).toBe('interval-miss');
    expect(upstream.requests).toHaveLength(4);
    const rows = joined.body.results as { agent: { agentName: string } }[];
    expect(rows.map((row) => row.agent.agentName)).toEqual(['Oslo', 'Bergen']);
    // The second page went the proxy's full way: its API link rewritten to go through Earshot.
    expect(JSON.stringify(joined.body)).not.toContain(upstream.url);
  });

  it('are checked when they hold an escape sequence: an escaped credential is scrubbed, even in a link cut into a pattern', async () => {
    const upstream = await fakeUpstream();
    // The token written with a JSON escape, in a link whose agent id is part of the token: read
    // unchecked, the link would be cut around that id into a pattern the scrub never sees whole.
    const escapedToken = `\\u0074${TEST_TOKEN.slice(1)}`;
    serveTwoPages(
      upstream,
      `{"roundId":1768456860,"agent":{"agentId":"token-0123","agentName":"Fr\\u00e4nkfurt"},"mos":4.2,` +
        `"_links":{"appLink":{"href":"https://app.thousandeyes.com/x?k=${escapedToken}&r=1768456860"}}}`,
    );
    const server = await startProxy(upstream.url, { nowMs: () => PINNED_NOW_MS });
    const columns = await getColumns(`${server.url}${FAKE_CLOSED}`);
    expect(columns.type).toBe(ROUND_COLUMNS_MEDIA_TYPE);
    const decoded = decodeRoundColumns(new RoundColumnsBytes(columns.bytes), FAKE_CLOSED);
    expect(decoded.rows.map((row) => row.agentName)).toEqual(['Oslo', 'Fränkfurt']);
    const link = decoded.rows[1]!.permalink ?? decoded.rows[1]!.permalinkText ?? '';
    expect(link).toMatch(/^https:\/\/app\.thousandeyes\.com\/x\?k=/);
    expect(link).not.toContain(TEST_TOKEN);
    expect(columns.text).not.toContain(TEST_TOKEN);
    expect(upstream.requests).toHaveLength(2);
  });

  it('that no reader can read are walked again, checked, and sent as upstream wrote them', async () => {
    const upstream = await fakeUpstream();
    serveTwoPages(
      upstream,
      JSON.stringify({
        roundId: 1_768_456_860,
        agent: { agentId: '2' },
        mos: 'good',
        _links: { self: { href: `${upstream.url}/v7/agents/2` } },
      }),
    );
    const server = await startProxy(upstream.url, { nowMs: () => PINNED_NOW_MS });
    const answer = await getColumns(`${server.url}${FAKE_CLOSED}`);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toMatchObject({ results: [{ mos: 4.1 }, { mos: 'good' }] });
    expect(answer.text).not.toContain(upstream.url);
    expect(upstream.requests).toHaveLength(4);
    expect((await getJson(`${server.url}${FAKE_CLOSED}`)).cache).toBe('interval-hit');
    expect(upstream.requests).toHaveLength(4);
  });
});

describe('a closed range against a fake upstream', () => {
  it('never shares an answer between account groups', async () => {
    const upstream = await fakeUpstream();
    serveV7Pages(upstream, 2);
    const server = await startProxy(upstream.url, { nowMs: () => PINNED_NOW_MS });
    const one = await getJson(`${server.url}${FAKE_CLOSED}`);
    const two = await getJson(`${server.url}${FAKE_CLOSED.replace('aid=1', 'aid=2')}`);
    expect(one.cache).toBe('interval-miss');
    expect(two.cache).toBe('interval-miss');
    expect((one.body.results as { aid: string }[]).map((row) => row.aid)).toEqual(['1', '1']);
    expect((two.body.results as { aid: string }[]).map((row) => row.aid)).toEqual(['2', '2']);
    expect(upstream.requests).toHaveLength(4);
    expect((await getJson(`${server.url}${FAKE_CLOSED}`)).body).toEqual(one.body);
    expect(upstream.requests).toHaveLength(4);
  });

  it('v6: joins pages that break in the middle of a round, and ends with no next page', async () => {
    const upstream = await fakeUpstream();
    const row = (roundId: number, agentId: number) => ({ roundId, agentId, mos: 4.1 });
    const test = { testId: 5, interval: 60 };
    upstream.respond((req, res) => {
      const second = req.url?.includes('page=2') === true;
      json(res, 200, {
        voice: {
          test,
          metrics: second ? [row(160, 2)] : [row(100, 1), row(100, 2), row(160, 1)],
        },
        pages: second
          ? { current: 2 }
          : {
              current: 1,
              next: `${upstream.url}/v6/voice/rtp-stream/5.json?from=2026-01-15T06:00:00&to=2026-01-15T07:00:00&lastRoundId=100&page=2`,
            },
      });
    });
    const server = await startProxy(upstream.url, {
      apiVersion: 'v6',
      nowMs: () => PINNED_NOW_MS,
    });
    const joined = await getJson(
      `${server.url}/api/v6/voice/rtp-stream/5.json?from=2026-01-15T06:00:00&to=2026-01-15T07:00:00`,
    );
    expect(joined.cache).toBe('interval-miss');
    expect(joined.body).toEqual({
      voice: { test, metrics: [row(100, 1), row(100, 2), row(160, 1), row(160, 2)] },
      pages: { current: 1 },
    });
  });

  it('refuses an interval whose next page it would not follow, and keeps nothing', async () => {
    for (const href of [
      'https://elsewhere.example/v7/test-results/7/rtp-server?cursor=2',
      'UPSTREAM/v7/../api/earshot/config?cursor=2',
      'UPSTREAM/v7/test-results/8/rtp-server?cursor=2',
      'UPSTREAM/v7/agents?cursor=2',
    ]) {
      const upstream = await fakeUpstream();
      serveV7Pages(upstream, 3, { nextHref: () => href.replace('UPSTREAM', upstream.url) });
      const server = await startProxy(upstream.url, { nowMs: () => PINNED_NOW_MS });
      const answer = await getJson(`${server.url}${FAKE_CLOSED}`);
      expect(answer.status).toBe(502);
      expect(answer.body.detail).toMatch(
        /^ThousandEyes returned a next page Earshot will not follow: /,
      );
      expect(upstream.requests).toHaveLength(1);
      expect(server.proxy.cacheSizes().intervals.entries).toBe(0);
    }
  });

  it('spends the rate limit page by page: once it is spent, the interval waits, nothing kept', async () => {
    let clock = PINNED_NOW_MS;
    const resetAt = Math.floor(PINNED_NOW_MS / 1000) + 30;
    const upstream = await fakeUpstream();
    serveV7Pages(upstream, 3, {
      headers: {
        'X-Organization-Rate-Limit-Remaining': '0',
        'X-Organization-Rate-Limit-Reset': `${resetAt}`,
      },
    });
    const server = await startProxy(upstream.url, { nowMs: () => clock });
    const spent = await rawRequest(server.url, FAKE_CLOSED);
    expect(spent.status).toBe(429);
    expect(spent.headers['retry-after']).toBe('30');
    expect(upstream.requests).toHaveLength(1);
    expect(server.proxy.cacheSizes().intervals.entries).toBe(0);

    serveV7Pages(upstream, 3);
    clock = resetAt * 1000;
    const walked = await getJson(`${server.url}${FAKE_CLOSED}`);
    expect(walked.cache).toBe('interval-miss');
    expect(walked.body.results).toHaveLength(3);
    expect(upstream.requests).toHaveLength(4);
  });

  it('refuses a joined body past its bound with a message to ask a smaller range', async () => {
    const upstream = await fakeUpstream();
    serveV7Pages(upstream, 4);
    const server = await startProxy(upstream.url, {
      nowMs: () => PINNED_NOW_MS,
      maxJoinedIntervalBytes: 2000,
    });
    const answer = await getJson(`${server.url}${FAKE_CLOSED}`);
    expect(answer.status).toBe(502);
    expect(answer.body.detail).toMatch(/ask for a smaller range/);
    expect(server.proxy.cacheSizes().intervals.entries).toBe(0);
  });
});

describe('the closed-interval key', () => {
  it('never lets different credentials share an interval, even in one cache', async () => {
    const cache = new ClosedIntervalCache(1024 * 1024);
    const request: ForwardableRequest = {
      upstreamPath: '/v7/test-results/7/rtp-server',
      search: '?startDate=2026-01-15T06%3A00%3A00Z&endDate=2026-01-15T07%3A00%3A00Z',
      method: 'GET',
    };
    const fetched: string[] = [];
    const intervalsFor = (credentialId: string) =>
      createClosedIntervals({
        apiVersion: 'v7',
        credentialId,
        cache,
        fetchPage: (page) => {
          fetched.push(credentialId);
          return Promise.resolve({
            status: 200,
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from(JSON.stringify({ results: [{ who: credentialId, page }] })),
          });
        },
        keepOpenPage: () => undefined,
        maxJoinedBytes: 1024 * 1024,
        scrubBytes: (bytes) => bytes,
        nowMs: () => PINNED_NOW_MS,
      });
    const alice = await intervalsFor('alice').answer(request, 'upstream');
    const bob = await intervalsFor('bob').answer(request, 'upstream');
    expect(alice?.outcome).toBe('interval-miss');
    expect(bob?.outcome).toBe('interval-miss');
    expect(
      bob && 'interval' in bob ? gunzipSync(bob.interval.upstreamShape!.gzip).toString() : '',
    ).toContain('"who":"bob"');
    expect((await intervalsFor('alice').answer(request, 'upstream'))?.outcome).toBe('interval-hit');
    expect(fetched).toEqual(['alice', 'bob']);
  });
});
