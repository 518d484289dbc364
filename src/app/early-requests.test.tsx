// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../api/test-support/fake-fetch.ts';
import { hourlyResultsFor } from '../api/test-support/hourly-results.ts';
import { useVoiceTest, voiceTestQueryOptions } from '../api/voice-tests.ts';
import { closedIntervalQueryKey, liveEdgeQueryKey } from '../api/window-queries.ts';
import { useWindowResults } from '../api/window-results.ts';
import { parseTestPageUrl } from '../lib/url-state.ts';
import { startEarlyRequests } from './early-requests.ts';
import { testPageWindow } from './routes/test-page-queries.ts';

const CONFIG = { mode: 'simulator', apiVersion: 'v7', buildId: 'b1' };
const TEST = { testId: '7002', testName: 'Voice', interval: 60, type: 'voice' };
const NOW_MS = Date.UTC(2026, 10, 30, 10, 20);
const RESULTS = '/api/v7/test-results/7002/rtp-server';

/** Answers the config, test 7002 and its results (one row an hour of a closed range), in order. */
function upstream() {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    const answer =
      url === '/api/earshot/config'
        ? CONFIG
        : url === '/api/v7/tests/voice/7002'
          ? TEST
          : url.startsWith(`${RESULTS}?`)
            ? hourlyResultsFor(url)
            : undefined;
    return answer === undefined
      ? new Response(JSON.stringify({ title: 'Not Found' }), { status: 404 })
      : new Response(JSON.stringify(answer), { status: 200 });
  });
  return calls;
}

beforeEach(() => {
  // Date only: react-query's own timers still run.
  vi.useFakeTimers({ now: NOW_MS, toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const address = (path: string) => {
  const url = new URL(path, 'http://127.0.0.1');
  return { pathname: url.pathname, search: url.search };
};

describe('startEarlyRequests', () => {
  it('asks for the config once, into the cache the pages read', async () => {
    const { fetchImpl, calls } = fakeFetch({ '/api/earshot/config': { body: CONFIG } });
    vi.stubGlobal('fetch', fetchImpl);
    const queryClient = new QueryClient();
    await startEarlyRequests(queryClient, address('/'));
    expect(calls).toEqual(['/api/earshot/config']);
    expect(queryClient.getQueryData(['earshot', 'config'])).toEqual(CONFIG);
  });

  it('leaves a failure in the cache for the page, and throws nothing', async () => {
    const { fetchImpl, calls } = fakeFetch({
      // A failure nobody asks again (a rejected token): no retry waits in a unit test.
      '/api/earshot/config': { status: 401, body: { title: 'Unauthorized' } },
    });
    vi.stubGlobal('fetch', fetchImpl);
    const queryClient = new QueryClient();
    await expect(
      startEarlyRequests(queryClient, address('/tests/7002?window=1h')),
    ).resolves.toBeUndefined();
    expect(queryClient.getQueryState(['earshot', 'config'])?.status).toBe('error');
    expect(calls).toEqual(['/api/earshot/config']);
  });

  it("on a test page, asks for the test, its live edge and the interval before it under the page's own keys", async () => {
    const calls = upstream();
    const queryClient = new QueryClient();
    await startEarlyRequests(queryClient, address('/tests/7002?window=1h'));
    expect(calls).toEqual([
      '/api/earshot/config',
      '/api/v7/tests/voice/7002',
      `${RESULTS}?startDate=2026-11-30T10%3A00%3A00Z`,
      `${RESULTS}?startDate=2026-11-30T09%3A00%3A00Z&endDate=2026-11-30T10%3A00%3A00Z`,
    ]);
    const test = queryClient.getQueryData(
      voiceTestQueryOptions({ apiVersion: 'v7', aid: undefined, testId: '7002' }).queryKey,
    );
    expect(test).toMatchObject({ testId: '7002', intervalSeconds: 60 });
    const url = parseTestPageUrl('7002', new URLSearchParams('window=1h'));
    const window = testPageWindow('v7', url, test!);
    expect(queryClient.getQueryState(liveEdgeQueryKey(window))?.status).toBe('success');
    const interval = { startMs: Date.UTC(2026, 10, 30, 9), endMs: Date.UTC(2026, 10, 30, 10) };
    expect(queryClient.getQueryState(closedIntervalQueryKey(window, interval))?.status).toBe(
      'success',
    );
  });

  it("on a pinned range, asks for the range's closed intervals, newest first", async () => {
    const calls = upstream();
    const queryClient = new QueryClient();
    await startEarlyRequests(
      queryClient,
      address('/tests/7002?from=2026-11-20T10:00:00&to=2026-11-20T16:00:00'),
    );
    const ranges = calls.slice(2).map((call) => {
      const params = new URL(call, 'http://127.0.0.1').searchParams;
      return [params.get('startDate'), params.get('endDate')];
    });
    // The head first (the range's newest interval), then the ones before it, back to its start
    // (intervals lie on the UTC grid and are asked whole).
    expect(ranges.length).toBeGreaterThan(1);
    expect(ranges[0]?.[1]).toBe('2026-11-20T16:00:00Z');
    expect(Date.parse(ranges.at(-1)![0]!)).toBeLessThanOrEqual(Date.UTC(2026, 10, 20, 10));
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.[1]).toBe(ranges[i - 1]?.[0]);
    for (const [start, end] of ranges) {
      const key = closedIntervalQueryKey(
        { apiVersion: 'v7', aid: undefined, testId: '7002' },
        { startMs: Date.parse(start!), endMs: Date.parse(end!) },
      );
      expect(queryClient.getQueryState(key)?.status).toBe('success');
    }
  });

  it("asks for the newest day's intervals only: the older days are left to the page, which asks once it has drawn the day", async () => {
    const calls = upstream();
    const queryClient = new QueryClient();
    const dayStartMs = NOW_MS - 24 * 3_600_000;
    const endOf = (url: string) =>
      Date.parse(new URL(url, 'http://127.0.0.1').searchParams.get('endDate') ?? '');
    await startEarlyRequests(queryClient, address('/tests/7002?window=3d'));
    const asked = calls.filter((call) => call.includes('endDate='));
    // The day in more intervals than download at once, every one asked, and nothing older.
    expect(asked.length).toBeGreaterThan(3);
    expect(asked.filter((call) => endOf(call) <= dayStartMs)).toEqual([]);
    const startOf = (url: string) =>
      Date.parse(new URL(url, 'http://127.0.0.1').searchParams.get('startDate') ?? '');
    const headStartMs = Date.UTC(2026, 10, 30, 10);
    // Back without a gap from the head to the interval that holds the day's start.
    const sorted = asked.map((call) => [startOf(call), endOf(call)]).sort((x, y) => y[0]! - x[0]!);
    expect(sorted[0]![1]).toBe(headStartMs);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![1]).toBe(sorted[i - 1]![0]);
    expect(sorted.at(-1)![0]).toBeLessThan(dayStartMs);
  });

  it('leaves the page nothing to ask: its window finds every part in the cache', async () => {
    const calls = upstream();
    const queryClient = new QueryClient();
    await startEarlyRequests(queryClient, address('/tests/7002?window=6h'));
    const asked = calls.length;
    expect(asked).toBeGreaterThan(3);

    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const url = parseTestPageUrl('7002', new URLSearchParams('window=6h'));
    const test = queryClient.getQueryData(
      voiceTestQueryOptions({ apiVersion: 'v7', aid: undefined, testId: '7002' }).queryKey,
    );
    const page = renderHook(() => useWindowResults([testPageWindow('v7', url, test!)]), {
      wrapper,
    });
    expect(page.result.current[0]?.filling).toBe(false);
    expect(page.result.current[0]?.coverage).toEqual({
      loadedMs: 6 * 3_600_000,
      windowMs: 6 * 3_600_000,
    });
    expect(calls).toHaveLength(asked);
    page.unmount();
  });

  it('asks for no interval of a window the person left while its newest rows were coming', async () => {
    const calls = upstream();
    // The person moves on as the head is asked for.
    const stillHere = () => !calls.some((call) => call.startsWith(RESULTS));
    await startEarlyRequests(new QueryClient(), {
      ...address('/tests/7002?window=1h'),
      stillHere,
    });
    expect(calls).toEqual([
      '/api/earshot/config',
      '/api/v7/tests/voice/7002',
      `${RESULTS}?startDate=2026-11-30T10%3A00%3A00Z`,
    ]);
  });

  it('asks nothing but the config for an address the page refuses', async () => {
    const calls = upstream();
    await startEarlyRequests(new QueryClient(), address('/tests/7002?window=banana'));
    expect(calls).toEqual(['/api/earshot/config']);
  });

  it('asks upstream for an unknown test once: the page shows the failure without asking again', async () => {
    const calls = upstream();
    const queryClient = new QueryClient();
    await startEarlyRequests(queryClient, address('/tests/404?window=1h'));
    expect(calls).toEqual(['/api/earshot/config', '/api/v7/tests/voice/404']);

    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const page = renderHook(
      () => useVoiceTest({ apiVersion: 'v7', aid: undefined, testId: '404' }),
      { wrapper },
    );
    // A fetch on mount is asked as the hook subscribes, which renderHook has flushed.
    expect(page.result.current.error).toBeTruthy();
    expect(page.result.current.isFetching).toBe(false);
    expect(calls).toEqual(['/api/earshot/config', '/api/v7/tests/voice/404']);
  });
});
