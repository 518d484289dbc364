// @vitest-environment jsdom
// What useWindowResults hands the views while a window loads: the combined window is rebuilt only
// when the loaded intervals have grown four times (not once per interval), and a new range on the same test
// keeps the previous range's rows on screen until its newest part arrives.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDownloadSlots } from './download-slots.ts';
import type { VoiceResults } from '../lib/model.ts';
import { hourlyResultsFor } from './test-support/hourly-results.ts';
import { REBUILD_GROWTH, showsNewCombination } from './window-combine.ts';
import {
  dayComesFirst,
  shownWindowStartMs,
  useWindowResults,
  type WindowResults,
  type WindowResultsParams,
} from './window-results.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 2026-01-31T00:00:00Z: the pinned ranges below end long before it. */
const NOW_MS = Date.UTC(2026, 0, 31);

/** Calls waiting for their answer, released (or failed) by the test one at a time. */
let pending: { url: string; release: () => void; fail: () => void }[];
/** Told of each call as it is made (a test's look at the screen at that moment). */
let onCall: ((url: string) => void) | undefined;

beforeEach(() => {
  pending = [];
  onCall = undefined;
  vi.stubGlobal(
    'fetch',
    (input: RequestInfo | URL) =>
      new Promise<Response>((resolve) => {
        const url = String(input);
        onCall?.(url);
        pending.push({
          url,
          release: () =>
            resolve(new Response(JSON.stringify(hourlyResultsFor(url)), { status: 200 })),
          fail: () =>
            resolve(new Response(JSON.stringify({ title: 'Forbidden' }), { status: 403 })),
        });
      }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function pinned(fromMs: number, toMs: number): WindowResultsParams {
  return {
    apiVersion: 'v7',
    aid: undefined,
    testId: '6627',
    range: { kind: 'absolute', fromMs, toMs },
    intervalSeconds: 3600,
  };
}

function render(initial: WindowResultsParams, { inFlight = 1 }: { inFlight?: number } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // One download at a time unless asked, so the test decides the order in which intervals arrive.
  const deps = { now: () => NOW_MS, slots: createDownloadSlots(inFlight) };
  const shown: (VoiceResults | undefined)[] = [];
  const rendered = renderHook(
    ({ params }: { params: WindowResultsParams }) => {
      const [results] = useWindowResults([params], deps) as [WindowResults];
      if (shown[shown.length - 1] !== results.data) shown.push(results.data);
      return results;
    },
    {
      initialProps: { params: initial },
      wrapper: ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      ),
    },
  );
  return { ...rendered, shown, client };
}

/** Answers the call waiting longest, and waits until its query has its data. */
async function releaseNext(client: QueryClient): Promise<void> {
  const answered = () =>
    client
      .getQueryCache()
      .getAll()
      .filter((query) => query.state.status === 'success').length;
  const before = answered();
  await waitFor(() => expect(pending.length).toBeGreaterThan(0));
  await act(async () => {
    pending.shift()?.release();
  });
  await waitFor(() => expect(answered()).toBe(before + 1));
}

/** Where a call's range ends. */
function endOf(url: string): number {
  return Date.parse(new URL(url, 'http://x').searchParams.get('endDate')!);
}

/** Three pinned days, three downloads at once, the head in: its newest day's intervals asked. */
async function threeDaysHeadIn() {
  const endMs = Date.UTC(2026, 0, 20);
  const rendered = render(pinned(endMs - 3 * DAY_MS, endMs), { inFlight: 3 });
  await releaseNext(rendered.client); // the head
  await waitFor(() => expect(rendered.result.current.data).toBeDefined());
  return { ...rendered, dayStartMs: endMs - DAY_MS };
}

describe('useWindowResults while intervals stream in', () => {
  it('shows the head alone until the newest day is whole, then rebuilds when the loaded intervals have grown four times, then once all have arrived', async () => {
    // 30 days pinned: the newest hour is the head, then the day's other 23 hours and 29 days of
    // closed intervals (one agent at hourly rounds: 24-hour intervals).
    const days = 30;
    const endMs = Date.UTC(2026, 0, 20);
    const { result, shown, client } = render(pinned(endMs - days * DAY_MS, endMs));
    await releaseNext(client); // the head
    await waitFor(() => expect(result.current.data).toBeDefined());
    const coverages: number[] = [];
    // The hours the screen spans: while filling, only the newest whole part, not the empty rest.
    const spans: number[] = [];
    const filling: boolean[] = [result.current.filling];
    let releasedIntervals = 0;
    while (result.current.coverage!.loadedMs < result.current.coverage!.windowMs) {
      await releaseNext(client);
      releasedIntervals++;
      const last = shown[shown.length - 1];
      coverages.push(result.current.coverage!.loadedMs / HOUR_MS);
      spans.push((endMs - result.current.data!.startMs!) / HOUR_MS);
      filling.push(result.current.filling);
      expect(result.current.data).toBe(last);
      if (releasedIntervals > 40) throw new Error('the window never finished loading');
    }
    // Newest first: 22–23 h, 21–22 h, 18–21 h, 12–18 h, 0–12 h of the last day, then 29 days.
    expect(releasedIntervals).toBe(34);
    // Hours on screen after each arrival: the head's hour alone until the 5th (the newest day
    // whole), then after the 20th (four times 5: the day and 15 more), then the last (34).
    expect(coverages).toEqual([
      ...Array<number>(4).fill(1),
      ...Array<number>(15).fill(24),
      ...Array<number>(14).fill(16 * 24),
      days * 24,
    ]);
    expect(spans).toEqual(coverages);
    expect(shown.filter((data) => data !== undefined)).toHaveLength(4);
    // Filling from the head's arrival until the last interval has arrived.
    expect(filling).toEqual([...Array<boolean>(34).fill(true), false]);
    const rows = result.current.data!.rows;
    expect(rows).toHaveLength(days * 24);
    expect(rows.map((row) => row.roundId)).toEqual(
      Array.from({ length: days * 24 }, (_, i) => (endMs - days * DAY_MS + i * HOUR_MS) / 1000),
    );
  });

  it('downloads no interval older than the newest day until every interval of the day has arrived and the day is on screen', async () => {
    const { result, client, dayStartMs } = await threeDaysHeadIn();
    // What the screen showed (hours of the window) when each older day was asked for.
    const shownWhenOlderAsked: number[] = [];
    onCall = (url) => {
      if (endOf(url) <= dayStartMs) {
        shownWhenOlderAsked.push(result.current.coverage!.loadedMs / HOUR_MS);
      }
    };
    const asked = new Set<string>();
    // The day's other 23 hours come in five intervals (see the test above), three at a time.
    for (let dayIntervals = 5; dayIntervals > 0; dayIntervals--) {
      await waitFor(() => expect(pending.length).toBe(Math.min(3, dayIntervals)));
      for (const call of pending) asked.add(call.url);
      expect(pending.filter((call) => endOf(call.url) <= dayStartMs)).toEqual([]);
      expect(result.current.filling).toBe(true);
      await releaseNext(client);
    }
    expect(asked.size).toBe(5);
    // Then the older days: the window's two, together, once the day was on screen.
    await waitFor(() => expect(pending.length).toBe(2));
    expect(pending.every((call) => endOf(call.url) <= dayStartMs)).toBe(true);
    expect(shownWhenOlderAsked).toEqual([24, 24]);
  });

  it('lets the older intervals go when an interval of the newest day fails', async () => {
    const { result, client, dayStartMs } = await threeDaysHeadIn();
    await waitFor(() => expect(pending.length).toBe(3));
    await act(async () => {
      pending.shift()?.fail(); // the day's newest interval: refused
    });
    await waitFor(() => expect(result.current.error).toBeTruthy());
    for (let left = 4; left > 0; left--) await releaseNext(client); // the day's other four
    // Nothing waits on the refused interval: the older days are asked for.
    await waitFor(() => expect(pending.length).toBe(2));
    expect(pending.every((call) => endOf(call.url) <= dayStartMs)).toBe(true);
  });

  it('spans the newest whole part while filling, and the whole window once an interval fails', async () => {
    const endMs = Date.UTC(2026, 0, 20);
    const { result, client } = render(pinned(endMs - 3 * HOUR_MS, endMs));
    await releaseNext(client); // the head: the newest hour
    await waitFor(() => expect(result.current.data).toBeDefined());
    expect(result.current.filling).toBe(true);
    expect(result.current.data!.startMs).toBe(endMs - HOUR_MS);
    // Links and exports still name the whole window.
    expect(shownWindowStartMs(result.current)).toBe(endMs - 3 * HOUR_MS);

    await waitFor(() => expect(pending.length).toBeGreaterThan(0));
    await act(async () => {
      pending.shift()?.fail(); // the hours before it: refused
    });
    await waitFor(() => expect(result.current.error).toBeTruthy());
    // Nothing more is on its way: the whole window, the refused hours empty beside the error.
    await waitFor(() => expect(result.current.data!.startMs).toBe(endMs - 3 * HOUR_MS));
    expect(result.current.filling).toBe(false);
    expect(result.current.data!.rows.map((row) => row.roundId)).toEqual([(endMs - HOUR_MS) / 1000]);
  });

  it('keeps the previous range on screen until the new range’s newest part arrives', async () => {
    const endMs = Date.UTC(2026, 0, 20);
    const { result, rerender, client } = render(pinned(endMs - 2 * HOUR_MS, endMs));
    await releaseNext(client); // the head: the newest hour
    await releaseNext(client); // the hour before it
    await waitFor(() => expect(result.current.isFetching).toBe(false));
    const before = result.current.data;
    expect(before?.rows).toHaveLength(2);
    expect(result.current.isPlaceholderData).toBe(false);

    rerender({ params: pinned(endMs - DAY_MS - 2 * HOUR_MS, endMs - DAY_MS) });
    expect(result.current.data).toBe(before);
    expect(result.current.isPlaceholderData).toBe(true);

    await releaseNext(client); // the new range's head
    await waitFor(() => expect(result.current.isPlaceholderData).toBe(false));
    expect(result.current.data?.rows.map((row) => row.roundId)).toEqual([
      (endMs - DAY_MS - HOUR_MS) / 1000,
    ]);
  });
});

describe('dayComesFirst', () => {
  const asOfMs = Date.UTC(2026, 0, 20);
  // Newest first: two intervals of the newest day, then two older ones (hours back: from, to).
  const plan = [
    [6, 0],
    [24, 6],
    [48, 24],
    [72, 48],
  ].map(([from, to]) => ({ startMs: asOfMs - from! * HOUR_MS, endMs: asOfMs - to! * HOUR_MS }));
  const held = (settled: boolean[]) =>
    dayComesFirst(plan, asOfMs, (interval) => settled[plan.indexOf(interval)] ?? false);

  it('holds the older intervals until every interval of the newest day is over', () => {
    expect(held([false, false, false, false])).toEqual([false, false, true, true]);
    expect(held([true, false, false, false])).toEqual([false, false, true, true]);
    expect(held([true, true, false, false])).toEqual([false, false, false, false]);
  });

  it('never holds an interval already over', () => {
    expect(held([true, false, true, false])).toEqual([false, false, false, true]);
  });

  it('holds nothing in a window shorter than a day', () => {
    expect(dayComesFirst(plan.slice(0, 2), asOfMs, () => false)).toEqual([false, false]);
  });
});

describe('showsNewCombination', () => {
  const head = {};
  const shown = { rangeKey: 'r', headSource: head, loadedIntervals: 4, newestDayWhole: true };
  const next = {
    rangeKey: 'r',
    headSource: head,
    loadedIntervals: 5,
    moreOnTheWay: true,
    newestDayWhole: true,
  };

  it('holds a rebuild back while more intervals are on their way and fewer than four times are loaded', () => {
    expect(REBUILD_GROWTH).toBe(4);
    expect(showsNewCombination(shown, next)).toBe(false);
    expect(showsNewCombination(shown, { ...next, loadedIntervals: 15 })).toBe(false);
    expect(showsNewCombination(shown, { ...next, loadedIntervals: 16 })).toBe(true);
  });

  it('shows the head alone until the newest day is whole, however many intervals arrive', () => {
    const headAlone = { ...shown, loadedIntervals: 0, newestDayWhole: false };
    const filling = { ...next, newestDayWhole: false };
    expect(showsNewCombination(headAlone, { ...filling, loadedIntervals: 1 })).toBe(false);
    expect(showsNewCombination(headAlone, { ...filling, loadedIntervals: 7 })).toBe(false);
    expect(
      showsNewCombination(headAlone, { ...filling, loadedIntervals: 8, newestDayWhole: true }),
    ).toBe(true);
  });

  it('shows at once a first window, a new head, another range, or the last of the intervals', () => {
    expect(showsNewCombination(undefined, next)).toBe(true);
    expect(showsNewCombination(shown, { ...next, headSource: {} })).toBe(true);
    expect(showsNewCombination(shown, { ...next, rangeKey: 'other' })).toBe(true);
    expect(showsNewCombination(shown, { ...next, moreOnTheWay: false })).toBe(true);
  });

  it('shows at once the moment the newest day is whole, once', () => {
    const beforeDay = { ...shown, newestDayWhole: false };
    expect(showsNewCombination(beforeDay, next)).toBe(true);
    expect(showsNewCombination(shown, next)).toBe(false);
  });
});
