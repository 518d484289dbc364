// @vitest-environment jsdom
// (jsdom: react-query schedules no refetch timers where there is no window.)
// How results queries behave over time: round-aligned refresh, no polling in a hidden tab except
// on a wall, absolute ranges never refetched, a bounded cache, transient-only retries.
import { QueryClient, QueryObserver, focusManager } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from './query-client.ts';
import {
  resultsProgressQueryKey,
  voiceResultsQueryOptions,
  type VoiceResultsQueryParams,
} from './voice-results.ts';
import type { FakeResponse } from './test-support/fake-fetch.ts';

const INTERVAL = 60;
const ROUND = 1_769_864_400; // a round boundary (epoch s), 2026-01-31T13:00:00Z

let answer: (url: string) => FakeResponse;
let calls: { url: string; atMs: number }[];

function body(roundId: number) {
  return {
    results: [{ roundId, agent: { agentId: '1', agentName: 'a' }, mos: 4, errorDetail: '' }],
    _links: {},
  };
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  vi.setSystemTime((ROUND + 10) * 1000); // 10 s into a round
  calls = [];
  answer = () => ({ body: body(ROUND) });
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push({ url, atMs: Date.now() });
    const { status = 200, body: json, headers = {} } = answer(url);
    return new Response(JSON.stringify(json), { status, headers });
  });
  focusManager.setFocused(true);
});

afterEach(() => {
  focusManager.setFocused(undefined);
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function observe(client: QueryClient, params: Partial<VoiceResultsQueryParams> = {}) {
  const observer = new QueryObserver(
    client,
    voiceResultsQueryOptions({
      apiVersion: 'v7',
      aid: '11',
      testId: '6627',
      range: { kind: 'relative', windowSeconds: 3600 },
      intervalSeconds: INTERVAL,
      processingDelayMs: 30_000,
      ...params,
    }),
  );
  const unsubscribe = observer.subscribe(() => {});
  return { observer, unsubscribe };
}

describe('results queries over time', () => {
  it('refetches a relative window at the next round boundary plus the processing delay', async () => {
    const client = createQueryClient();
    const { unsubscribe } = observe(client);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(19_000); // 10 s + 19 s into the round: not yet
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_500); // past 30 s into the round
    expect(calls).toHaveLength(2);
    expect(calls[1]?.atMs).toBe((ROUND + 30) * 1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(3);
    expect(calls[2]?.atMs).toBe((ROUND + 90) * 1000);
    unsubscribe();
    client.clear();
  });

  it('does not poll in a hidden tab, except on a wall screen', async () => {
    const client = createQueryClient();
    const person = observe(client);
    await vi.advanceTimersByTimeAsync(1);
    focusManager.setFocused(false);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toHaveLength(1);
    person.unsubscribe();
    client.clear();

    const wallClient = createQueryClient();
    const wall = observe(wallClient, { wall: true });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls.length).toBe(1 + 1 + 10);
    wall.unsubscribe();
    wallClient.clear();
  });

  it('never refetches an absolute range', async () => {
    const client = createQueryClient();
    const range = { kind: 'absolute', fromMs: (ROUND - 3600) * 1000, toMs: ROUND * 1000 } as const;
    const { observer, unsubscribe } = observe(client, { range, wall: true });
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    await observer.refetch({ cancelRefetch: false }).catch(() => undefined);
    expect(calls.filter((call) => call.url.includes('startDate'))).toHaveLength(2); // first + explicit refetch
    // …and a second observer (another panel, a remount) is served from the cache.
    const second = observe(client, { range });
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(calls).toHaveLength(2);
    second.unsubscribe();
    unsubscribe();
    client.clear();
  });

  it('keeps the previous data while a new window loads, so a chart never blanks', async () => {
    const client = createQueryClient();
    const { observer, unsubscribe } = observe(client);
    await vi.advanceTimersByTimeAsync(1);
    const before = observer.getCurrentResult().data;
    expect(before?.rows).toHaveLength(1);
    observer.setOptions(
      voiceResultsQueryOptions({
        apiVersion: 'v7',
        aid: '11',
        testId: '6627',
        range: { kind: 'relative', windowSeconds: 6 * 3600 },
        intervalSeconds: INTERVAL,
      }),
    );
    const during = observer.getCurrentResult();
    expect(during.isPlaceholderData).toBe(true);
    expect(during.data).toBe(before);
    unsubscribe();
    client.clear();
  });

  it('keeps a wall screen’s cache bounded across 1,000 refreshes', async () => {
    const client = createQueryClient();
    let round = ROUND;
    answer = () => ({ body: body(round) });
    const { observer, unsubscribe } = observe(client, { wall: true });
    focusManager.setFocused(false); // a wall screen is often a background tab
    await vi.advanceTimersByTimeAsync(1);
    const sizes = new Set<number>();
    for (let i = 0; i < 1_000; i++) {
      round += INTERVAL;
      await vi.advanceTimersByTimeAsync(INTERVAL * 1000);
      sizes.add(client.getQueryCache().getAll().length);
    }
    expect(calls.length).toBeGreaterThanOrEqual(1_000);
    // The results, and their download's progress (garbage-collected while nobody watches it).
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(observer.getCurrentResult().data?.rows[0]?.roundId).toBe(round);
    console.log(
      `wall: ${calls.length} fetches over 1,000 rounds, query cache size ${[...sizes].join(',')}`,
    );
    unsubscribe();
    client.clear();
  });

  it('retries a 503, never a 401, and stops polling after a 401', async () => {
    const client = createQueryClient();
    answer = () => ({ status: 401, body: { error: 'invalid_token' } });
    const denied = observe(client);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(1);
    expect(denied.observer.getCurrentResult().error).toMatchObject({ kind: 'unauthorized' });
    denied.unsubscribe();
    client.clear();

    calls = [];
    let failures = 2;
    answer = () =>
      failures-- > 0 ? { status: 503, body: { title: 'Maintenance' } } : { body: body(ROUND) };
    const flaky = observe(createQueryClient(), { testId: '6628' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
    expect(flaky.observer.getCurrentResult().data?.rows).toHaveLength(1);
    flaky.unsubscribe();
  });

  it('waits for a 429 to reset before asking again', async () => {
    let limited = true;
    answer = () =>
      limited
        ? { status: 429, body: { title: 'Too Many Requests' }, headers: { 'Retry-After': '20' } }
        : { body: body(ROUND) };
    const { observer, unsubscribe } = observe(createQueryClient());
    await vi.advanceTimersByTimeAsync(1);
    limited = false;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toHaveLength(1); // still waiting: Retry-After plus a second
    await vi.advanceTimersByTimeAsync(1_500);
    expect(calls).toHaveLength(2);
    expect(observer.getCurrentResult().data?.rows).toHaveLength(1);
    unsubscribe();
  });
});

describe('download progress', () => {
  it('reports pages and rows read as a long window arrives, from zero for each download', async () => {
    const page = (n: number) =>
      `/api/v7/test-results/6627/rtp-server?aid=11&window=1h${n === 1 ? '' : `&cursor=${n}`}`;
    answer = (url) => {
      const n = url === page(1) ? 1 : Number(/cursor=(\d)/.exec(url)?.[1]);
      return {
        body: {
          results: [ROUND, ROUND + 60].map((roundId) => ({
            roundId,
            agent: { agentId: String(n), agentName: `agent ${n}` },
            mos: 4,
            errorDetail: '',
          })),
          _links: n < 3 ? { next: { href: page(n + 1) } } : {},
        },
      };
    };
    const client = createQueryClient();
    const params = {
      apiVersion: 'v7',
      aid: '11',
      testId: '6627',
      range: { kind: 'relative', windowSeconds: 3600 },
    } as const;
    const seen: unknown[] = [];
    const progressKey = resultsProgressQueryKey(params);
    const stop = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.query.queryKey[0] === progressKey[0]) {
        seen.push(event.query.state.data);
      }
    });
    const { unsubscribe } = observe(client);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([
      { pagesRead: 0, rowsRead: 0 },
      { pagesRead: 1, rowsRead: 2 },
      { pagesRead: 2, rowsRead: 4 },
      { pagesRead: 3, rowsRead: 6 },
    ]);
    // The next refresh starts again from zero.
    seen.length = 0;
    await vi.advanceTimersByTimeAsync(21_000);
    expect(seen[0]).toEqual({ pagesRead: 0, rowsRead: 0 });
    expect(seen.at(-1)).toEqual({ pagesRead: 3, rowsRead: 6 });
    stop();
    unsubscribe();
    client.clear();
  });
});
