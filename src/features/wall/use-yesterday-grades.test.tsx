// @vitest-environment jsdom
// What "worse than yesterday" costs the organisation's rate limit: the window a day back is asked
// for once per closed interval it slides into, never once a round, on the app's clock (fake
// timers: src/lib/clock.ts reads them), and it is graded the way the wall grades today.
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../api/query-client.ts';
import type { TimeRange } from '../../../common/time-window.ts';
import { useYesterdayGrades, type YesterdayTest } from './use-yesterday-grades.ts';

const MINUTE_MS = 60_000;
/** 5 s into a 60 s round: 2026-01-31T13:00:05Z. */
const START_MS = Date.UTC(2026, 0, 31, 13, 0, 5);

let asked: string[];
let refuse: boolean;
/** The test's round interval, in ms (the rows below are one a round). */
let roundMs: number;

/** One row a round for one agent over the asked range: MOS 3.2 (poor below G.711's 4.41). */
function answerFor(url: URL) {
  const startMs = Date.parse(url.searchParams.get('startDate') ?? '');
  const endMs = Date.parse(url.searchParams.get('endDate') ?? '') || Date.now();
  const results = [];
  for (let ms = Math.ceil(startMs / roundMs) * roundMs; ms < endMs; ms += roundMs) {
    results.push({
      roundId: ms / 1000,
      agent: { agentId: '1', agentName: 'Cairo' },
      mos: 3.2,
      codecMaxMos: 4.41,
      errorDetail: '',
    });
  }
  return { results, _links: {} };
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  vi.setSystemTime(START_MS);
  asked = [];
  refuse = false;
  roundMs = MINUTE_MS;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    asked.push(`${url.searchParams.get('startDate')} – ${url.searchParams.get('endDate')}`);
    if (refuse) return new Response(JSON.stringify({ title: 'Not Found' }), { status: 404 });
    return new Response(JSON.stringify(answerFor(url)), { status: 200 });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const TEST: YesterdayTest = {
  apiVersion: 'v7',
  aid: undefined,
  testId: '6627',
  intervalSeconds: 60,
  ready: true,
};

function renderYesterday(range: TimeRange, enabled = true, ready = true) {
  const client = createQueryClient();
  const tests = [{ ...TEST, intervalSeconds: roundMs / 1000, ready }];
  return renderHook(() => useYesterdayGrades(tests, range, 'headroom', enabled), {
    wrapper: ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    ),
  });
}

/**
 * The wall's rounds for `hours`: each round the page renders again (its live edge refreshed), so
 * the hook reads the clock and moves its range, as on a screen.
 */
async function runRounds(rerender: () => void, hours: number) {
  for (let round = 0; round < (hours * 60 * MINUTE_MS) / roundMs; round++) {
    await act(() => vi.advanceTimersByTimeAsync(roundMs));
    rerender();
  }
  await act(() => vi.advanceTimersByTimeAsync(0));
}

describe('useYesterdayGrades', () => {
  it('grades the same window a day back once it has all arrived', async () => {
    const { result } = renderYesterday({ kind: 'relative', windowSeconds: 3600 });
    expect(result.current).toEqual([{ known: false }]);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current).toEqual([{ known: true, health: 'poor' }]);
    // 12:00–13:00 a day earlier: the window (last 1 h, to the last round boundary) moved back 24 h.
    expect(asked).toEqual(['2026-01-30T12:00:00Z – 2026-01-30T13:00:00Z']);
  });

  it('asks for a 1-hour window a day back once per closed hour, not once per round', async () => {
    const { rerender } = renderYesterday({ kind: 'relative', windowSeconds: 3600 });
    await act(() => vi.advanceTimersByTimeAsync(0));
    await runRounds(rerender, 3);
    // 180 rounds: the first hour, then one hour each time the window slid into the next.
    expect(asked).toEqual([
      '2026-01-30T12:00:00Z – 2026-01-30T13:00:00Z',
      '2026-01-30T13:00:00Z – 2026-01-30T14:00:00Z',
      '2026-01-30T14:00:00Z – 2026-01-30T15:00:00Z',
      '2026-01-30T15:00:00Z – 2026-01-30T16:00:00Z',
    ]);
  });

  it('asks for each closed interval of a 24-hour window a day back once, over a day of rounds', async () => {
    roundMs = 5 * MINUTE_MS; // a 5-minute test: a day is 288 rounds
    const { rerender } = renderYesterday({ kind: 'relative', windowSeconds: 86_400 });
    await act(() => vi.advanceTimersByTimeAsync(0));
    const firstLoad = asked.length;
    await runRounds(rerender, 24);
    expect(new Set(asked).size).toBe(asked.length); // nothing asked twice
    const afterLoad = asked.length - firstLoad;
    // 288 rounds: the hour the window slid into, each hour, and now and then the UTC ladder's
    // larger piece that replaces a few of those hours (3, 6, 12 or 24 h): never one a round.
    expect(afterLoad).toBeGreaterThanOrEqual(24);
    expect(afterLoad).toBeLessThanOrEqual(1.5 * 24);
  });

  it('asks for nothing when the mark is off', async () => {
    const { result, rerender } = renderYesterday({ kind: 'relative', windowSeconds: 3600 }, false);
    await runRounds(rerender, 1);
    expect(asked).toEqual([]);
    expect(result.current).toEqual([{ known: false }]);
  });

  it('asks for nothing while today is not on screen yet', async () => {
    const { result, rerender } = renderYesterday(
      { kind: 'relative', windowSeconds: 3600 },
      true,
      false,
    );
    await runRounds(rerender, 1);
    expect(asked).toEqual([]);
    expect(result.current).toEqual([{ known: false }]);
  });

  it('says nothing about yesterday when its request fails', async () => {
    refuse = true;
    const { result } = renderYesterday({ kind: 'relative', windowSeconds: 3600 });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(asked.length).toBe(1);
    expect(result.current).toEqual([{ known: false }]);
  });
});
