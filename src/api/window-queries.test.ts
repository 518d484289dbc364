// @vitest-environment jsdom
// (jsdom: react-query schedules no refetch timers where there is no window.)
// How a window's queries behave over time: the live edge refreshes at round boundaries with only
// the newest rounds, never polls in a hidden tab except on a wall, stays bounded; a closed
// interval is never asked for twice; transient-only retries.
import { QueryClient, QueryObserver, focusManager } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BACKGROUND_WAIT_MS } from '../lib/background-work.ts';
import { createQueryClient } from './query-client.ts';
import type { LiveEdge } from './live-edge.ts';
import type { RoundResult } from '../lib/model.ts';
import { windowHead } from './results-plan.ts';
import {
  closedIntervalQueryOptions,
  liveEdgeQueryOptions,
  planWindowIntervals,
  windowHeadQueryOptions,
} from './window-queries.ts';
import type { WindowResultsParams } from './window-results.ts';
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

function observe(client: QueryClient, params: Partial<WindowResultsParams> = {}) {
  const observer = new QueryObserver(
    client,
    liveEdgeQueryOptions({
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

describe('the live edge over time', () => {
  it('refetches at the next round boundary plus the processing delay, asking only the newest rounds', async () => {
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
    // The first call asks from the hour the live edge starts at; the next ones from a few rounds
    // before the newest round held (the processing delay and lateness margin, 5.5 min, back),
    // with no end: the same URL for every tab holding the same rounds.
    expect(calls[0]?.url).toBe(
      '/api/v7/test-results/6627/rtp-server?aid=11&startDate=2026-01-31T12%3A00%3A00Z',
    );
    expect(calls[1]?.url).toBe(
      '/api/v7/test-results/6627/rtp-server?aid=11&startDate=2026-01-31T12%3A54%3A00Z',
    );
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
    const wall = observe(wallClient, { refreshWhileHidden: true });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls.length).toBe(1 + 1 + 10);
    wall.unsubscribe();
    wallClient.clear();
  });

  it('asks nothing more while paused, not on focus either, and resumes when unpaused', async () => {
    const client = createQueryClient();
    const paused = observe(client, { paused: true });
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1); // the data on screen is still loaded once
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    paused.observer.setOptions(
      liveEdgeQueryOptions({
        apiVersion: 'v7',
        aid: '11',
        testId: '6627',
        range: { kind: 'relative', windowSeconds: 3600 },
        intervalSeconds: INTERVAL,
        processingDelayMs: 30_000,
      }),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.length).toBeGreaterThan(1);
    paused.unsubscribe();
    client.clear();
  });

  it('never asks for a closed interval twice, however many windows cover it', async () => {
    const client = createQueryClient();
    const source = { apiVersion: 'v7', aid: '11', testId: '6627' } as const;
    const interval = { startMs: (ROUND - 7200) * 1000, endMs: (ROUND - 3600) * 1000 };
    const first = new QueryObserver(client, closedIntervalQueryOptions(source, interval));
    const stopFirst = first.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    const second = new QueryObserver(client, closedIntervalQueryOptions(source, interval));
    const stopSecond = second.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(calls.map((call) => call.url)).toEqual([
      '/api/v7/test-results/6627/rtp-server?aid=11&startDate=2026-01-31T11%3A00%3A00Z&endDate=2026-01-31T12%3A00%3A00Z',
    ]);
    expect(second.getCurrentResult().data?.rows).toEqual([]); // its row is outside the interval
    stopFirst();
    stopSecond();
    client.clear();
  });

  it('reads a closed interval’s body only once the page has nothing more urgent to do', async () => {
    const urgentWorkDone: (() => void)[] = [];
    vi.stubGlobal('scheduler', {
      postTask: (callback: () => void, options: { priority: string }) => {
        expect(options.priority).toBe('background');
        return new Promise<void>((resolve) => urgentWorkDone.push(() => resolve(callback())));
      },
    });
    const client = createQueryClient();
    const source = { apiVersion: 'v7', aid: '11', testId: '6627' } as const;
    const interval = { startMs: (ROUND - 7200) * 1000, endMs: (ROUND - 3600) * 1000 };
    answer = () => ({ body: body(ROUND - 5400) });
    const observer = new QueryObserver(client, closedIntervalQueryOptions(source, interval));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(MAX_BACKGROUND_WAIT_MS - 1);
    expect(calls).toHaveLength(1); // asked for at once: the server works on it meanwhile
    expect(urgentWorkDone).toHaveLength(1);
    expect(observer.getCurrentResult().data).toBeUndefined();
    urgentWorkDone[0]!();
    await vi.advanceTimersByTimeAsync(0); // not to MAX_BACKGROUND_WAIT_MS: the task let it go
    expect(observer.getCurrentResult().data?.rows.map((row) => row.roundId)).toEqual([
      ROUND - 5400,
    ]);
    stop();
    client.clear();
  });

  it('reads a closed range’s head at once: its first screen is drawn from it', async () => {
    vi.stubGlobal('scheduler', { postTask: () => new Promise<void>(() => {}) }); // never free
    const client = createQueryClient();
    const params: WindowResultsParams = {
      apiVersion: 'v7',
      aid: '11',
      testId: '6627',
      range: { kind: 'absolute', fromMs: (ROUND - 7200) * 1000, toMs: (ROUND - 3600) * 1000 },
      intervalSeconds: INTERVAL,
    };
    const head = windowHead(params.range, Date.now(), INTERVAL);
    expect(head.kind).toBe('closed');
    answer = () => ({ body: body(ROUND - 3660) });
    const observer = new QueryObserver(client, windowHeadQueryOptions(params, head));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(observer.getCurrentResult().data).toBeDefined();
    stop();
    client.clear();
  });

  it('keeps a wall screen’s cache bounded across 1,000 refreshes', async () => {
    const client = createQueryClient();
    let round = ROUND;
    answer = () => ({ body: body(round) });
    const { observer, unsubscribe } = observe(client, { refreshWhileHidden: true });
    focusManager.setFocused(false); // a wall screen is often a background tab
    await vi.advanceTimersByTimeAsync(1);
    const sizes = new Set<number>();
    for (let i = 0; i < 1_000; i++) {
      round += INTERVAL;
      await vi.advanceTimersByTimeAsync(INTERVAL * 1000);
      sizes.add(client.getQueryCache().getAll().length);
    }
    expect(calls.length).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...sizes)).toBe(1);
    // The live edge holds the rounds since its last closed hour, never the whole run.
    const edge = observer.getCurrentResult().data as LiveEdge;
    expect(edge.rows.length).toBeLessThanOrEqual(2 * 60 + 10);
    expect(edge.rows.at(-1)?.roundId).toBe(round);
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

describe('the closed intervals a window holds', () => {
  const HOUR_MS = 3_600_000;
  /** The head's rows tell how many agents report: 50, one row each. */
  const agentRows = Array.from(
    { length: 50 },
    (_, i) => ({ agentId: String(i), roundId: ROUND }) as RoundResult,
  );

  it('never hold much more than the window, whatever the hour of the day (a wall open for days)', () => {
    // A 1-hour window of 50 agents at 60 s rounds: the test's intervals are 6 hours long, and each
    // time the head started on the 6-hour grid the whole 6 hours before it were asked for.
    const range = { kind: 'relative', windowSeconds: 3600 } as const;
    const dayStartMs = Date.UTC(2026, 0, 31);
    const heldHours: number[] = [];
    for (let nowMs = dayStartMs; nowMs < dayStartMs + 24 * HOUR_MS; nowMs += 5 * 60_000) {
      const head = windowHead(range, nowMs, 60);
      if (head.kind !== 'live') throw new Error('a relative window has a live head');
      const plan = planWindowIntervals(range, 60, head, {
        rows: agentRows,
        asOfMs: nowMs,
        startMs: head.startMs,
      });
      // Whatever it holds, it covers the window's start.
      expect(plan.at(-1)?.startMs ?? head.startMs).toBeLessThanOrEqual(nowMs - HOUR_MS);
      heldHours.push(plan.reduce((sum, interval) => sum + interval.endMs - interval.startMs, 0));
    }
    expect(Math.max(...heldHours) / HOUR_MS).toBeLessThanOrEqual(1);
  });

  it('keeps the test’s longer intervals for a window as long as they are', () => {
    const range = { kind: 'relative', windowSeconds: 7 * 24 * 3600 } as const;
    const nowMs = Date.UTC(2026, 0, 31, 18, 10);
    const head = windowHead(range, nowMs, 60);
    if (head.kind !== 'live') throw new Error('a relative window has a live head');
    const plan = planWindowIntervals(range, 60, head, {
      rows: agentRows,
      asOfMs: nowMs,
      startMs: head.startMs,
    });
    expect(plan[0]).toEqual({
      startMs: Date.UTC(2026, 0, 31, 12),
      endMs: Date.UTC(2026, 0, 31, 18),
    });
    expect(plan.every((interval) => interval.endMs - interval.startMs === 6 * HOUR_MS)).toBe(true);
  });
});
