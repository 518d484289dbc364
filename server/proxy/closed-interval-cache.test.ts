import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, TEST_TOKEN } from '../simulator/test-support.ts';
import {
  ClosedIntervalCache,
  DEFAULT_INTERVAL_CACHE_BYTES,
  formFor,
  gzipPlainBytes,
  storedBytes,
  storedForm,
  storeInterval,
  withFormsOf,
  type StoredInterval,
} from './closed-interval-cache.ts';
import { joinPageTexts } from './closed-interval-join.ts';

const HOUR_MS = 3_600_000;

/** An interval kept in upstream's shape only (its rows not read as columns). */
function interval(text: string): Promise<StoredInterval> {
  return storeInterval({
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(text),
  });
}

describe('storeInterval', () => {
  it('keeps brotli and gzip forms that decode to the body, and counts only those', async () => {
    const body = JSON.stringify({ results: Array(500).fill({ mos: 4.1 }) });
    const entry = await interval(body);
    const shape = entry.upstreamShape!;
    expect(entry.columns).toBeUndefined();
    expect(brotliDecompressSync(storedForm(shape, 'br')).toString()).toBe(body);
    expect(gunzipSync(storedForm(shape, 'gzip')).toString()).toBe(body);
    expect(shape.plainBytes).toBe(Buffer.byteLength(body));
    expect(gzipPlainBytes(shape.gzip)).toBe(shape.plainBytes);
    expect(storedBytes(entry)).toBe(shape.brotli.length + shape.gzip.length);
    expect(storedBytes(entry)).toBeLessThan(shape.plainBytes / 10);
    expect(Object.keys(entry)).not.toContain('body');
  });

  it("keeps upstream's shape beside the columns only when a client asked for it", async () => {
    const body = Buffer.from(JSON.stringify({ results: Array(500).fill({ mos: 4.1 }) }));
    const columns = Buffer.from('columns '.repeat(300));
    const browsers = await storeInterval({ status: 200, headers: {}, body, columns });
    expect(browsers.upstreamShape).toBeUndefined();
    expect(gunzipSync(browsers.columns!.gzip)).toEqual(columns);
    expect(storedBytes(browsers)).toBe(
      browsers.columns!.brotli.length + browsers.columns!.gzip.length,
    );

    const both = await storeInterval({
      status: 200,
      headers: {},
      body,
      columns,
      keepUpstreamShape: true,
    });
    expect(gunzipSync(both.upstreamShape!.gzip)).toEqual(body);
    expect(gunzipSync(both.columns!.gzip)).toEqual(columns);
    expect(storedBytes(both)).toBe(
      storedBytes(browsers) + storedBytes(await interval(body.toString())),
    );
  });
});

describe('the form a reader gets', () => {
  it("columns for a reader of columns, else upstream's shape; nothing else for a reader of upstream's shape", async () => {
    const body = Buffer.from('{"results":[]}');
    const columns = Buffer.from('columns');
    const columnsOnly = await storeInterval({ status: 200, headers: {}, body, columns });
    const shapeOnly = await interval(body.toString());
    expect(formFor(columnsOnly, 'columns')).toEqual({ body: columnsOnly.columns, form: 'columns' });
    expect(formFor(columnsOnly, 'upstream')).toBeUndefined();
    expect(formFor(shapeOnly, 'columns')).toEqual({
      body: shapeOnly.upstreamShape,
      form: 'upstream',
    });
    expect(formFor(shapeOnly, 'upstream')).toEqual({
      body: shapeOnly.upstreamShape,
      form: 'upstream',
    });

    // An interval asked for in both forms keeps both, the newer's where both have one.
    const merged = withFormsOf(shapeOnly, columnsOnly);
    expect(merged.columns).toBe(columnsOnly.columns);
    expect(merged.upstreamShape).toBe(shapeOnly.upstreamShape);
    const newer = await storeInterval({ status: 200, headers: { n: '1' }, body, columns });
    expect(withFormsOf(newer, merged)).toEqual({
      status: 200,
      headers: { n: '1' },
      columns: newer.columns,
      upstreamShape: shapeOnly.upstreamShape,
    });
  });
});

describe('ClosedIntervalCache', () => {
  it('evicts the interval of the oldest data first, whole, to stay within its bytes', async () => {
    const a = await interval('a'.repeat(2000));
    const b = await interval('b'.repeat(2000));
    const c = await interval('c'.repeat(2000));
    const cache = new ClosedIntervalCache(storedBytes(a) + storedBytes(b) + 10);
    cache.set('newest', a, 3 * HOUR_MS);
    cache.set('older', b, 2 * HOUR_MS);
    expect(cache.get('newest')).toBe(a);
    cache.set('oldest', c, 1 * HOUR_MS); // older than everything kept in a full cache: not kept
    expect(cache.get('oldest')).toBeUndefined();
    cache.set('newer still', c, 4 * HOUR_MS);
    expect(cache.get('older')).toBeUndefined();
    expect(cache.get('newest')).toBe(a);
    expect(cache.get('newer still')).toBe(c);
    expect(cache.size).toEqual({ entries: 2, bytes: storedBytes(a) + storedBytes(c) });
  });

  it('between intervals that end together, evicts the least recently used', async () => {
    const a = await interval('a'.repeat(2000));
    const b = await interval('b'.repeat(2000));
    const c = await interval('c'.repeat(2000));
    const cache = new ClosedIntervalCache(storedBytes(a) + storedBytes(b) + 10);
    cache.set('test 1', a, HOUR_MS);
    cache.set('test 2', b, HOUR_MS);
    expect(cache.get('test 1')).toBe(a);
    cache.set('test 3', c, HOUR_MS);
    expect(cache.get('test 2')).toBeUndefined();
    expect(cache.get('test 1')).toBe(a);
    expect(cache.get('test 3')).toBe(c);
  });

  it('read newest first and larger than the cache, a reload hits the newest intervals, the ones it asks first', async () => {
    const entries = await Promise.all(
      Array.from({ length: 20 }, (_, hour) => interval(`${hour}`.repeat(4000))),
    );
    const budget = entries.slice(0, 8).reduce((sum, entry) => sum + storedBytes(entry), 0);
    const cache = new ClosedIntervalCache(budget);
    const newestFirst = entries.map((entry, index) => ({
      key: `hour ${index}`,
      entry,
      endMs: (20 - index) * HOUR_MS,
    }));
    for (const { key, entry, endMs } of newestFirst) {
      if (!cache.get(key)) cache.set(key, entry, endMs);
    }
    const hits = newestFirst.map(({ key, entry, endMs }) => {
      const hit = cache.get(key) !== undefined;
      if (!hit) cache.set(key, entry, endMs);
      return hit;
    });
    expect(hits.slice(0, 8)).toEqual(Array(8).fill(true));
    expect(hits.slice(8)).toEqual(Array(12).fill(false));
  });

  it('keeps nothing larger than itself, and nothing at all at 0 bytes', async () => {
    const entry = await interval('x'.repeat(5000));
    const small = new ClosedIntervalCache(storedBytes(entry) - 1);
    small.set('x', entry, HOUR_MS);
    expect(small.size).toEqual({ entries: 0, bytes: 0 });
    const off = new ClosedIntervalCache(0);
    off.set('x', entry, HOUR_MS);
    expect(off.get('x')).toBeUndefined();
  });

  it('replaces an interval kept under the same key without counting it twice', async () => {
    const first = await interval('1'.repeat(3000));
    const second = await interval('2'.repeat(1000));
    const cache = new ClosedIntervalCache(1024 * 1024);
    cache.set('k', first, HOUR_MS);
    cache.set('k', second, HOUR_MS);
    expect(cache.size).toEqual({ entries: 1, bytes: storedBytes(second) });
  });
});

describe('a week at 500 agents in the default budget', () => {
  let threeHours: StoredInterval;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    // One real closed interval: test 7001 (5 min rounds), 500 agents, 3 hours (the size the plan
    // chooses for it), every page of it joined as the server joins them.
    const simulator = await startTestSimulator({ agentsPerTest: 500 });
    cleanups.push(() => simulator.close());
    const pages: Buffer[] = [];
    let next: string | undefined =
      `${simulator.url}/v7/test-results/7001/rtp-server?startDate=2026-01-15T06:00:00Z&endDate=2026-01-15T09:00:00Z`;
    while (next !== undefined) {
      const answer: Response = await fetch(next, {
        headers: { Authorization: `Bearer ${TEST_TOKEN}` },
      });
      const page: Buffer = Buffer.from(await answer.arrayBuffer());
      pages.push(page);
      next = (JSON.parse(page.toString()) as { _links: { next?: { href: string } } })._links.next
        ?.href;
    }
    threeHours = await storeInterval({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: joinPageTexts(pages, 'v7')!,
    });
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('fits, and a reload of the week, newest first, hits every interval', () => {
    // Upstream's shape (~8 times the columns' bytes): what a reader of it, or rows that cannot be
    // read as columns, keep. Earshot's browser keeps only the columns.
    expect(threeHours.upstreamShape!.plainBytes).toBeGreaterThan(7_000_000); // 18,000 rows
    // 7 days of 3-hour intervals, and the hours before the live edge in smaller pieces.
    const week = Array.from({ length: 7 * 8 + 3 }, (_, index) => ({
      key: `interval ${index}`,
      endMs: Date.UTC(2026, 0, 15, 9) - index * 3 * HOUR_MS,
    }));
    const cache = new ClosedIntervalCache(DEFAULT_INTERVAL_CACHE_BYTES);
    for (const { key, endMs } of week) cache.set(key, threeHours, endMs);
    expect(cache.size.entries).toBe(week.length);
    expect(cache.size.bytes).toBeLessThanOrEqual(DEFAULT_INTERVAL_CACHE_BYTES);
    expect(week.filter(({ key }) => cache.get(key) === undefined)).toEqual([]);
  });
});
