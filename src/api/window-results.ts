// A window of voice results as the views get it, built so that a refresh costs only the new rounds:
// the head (the live edge, or a closed range's newest hour) loads first and paints the latest
// rounds; the closed intervals before it follow, newest first, a few at a time, each a query of its
// own that is never asked for again while cached; the live edge then grows a round at a time.
// The dashboard and the wall both read results through useWindowResults. Its parts: the queries
// and which a window needs (window-queries.ts), their rows combined into one screen
// (window-combine.ts).
import { useQueries, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { now as clockNow } from '../lib/clock.ts';
import { useState } from 'react';
import type { DownloadSlots } from './download-slots.ts';
import type { ApiClient } from './fetch-client.ts';
import type { LiveEdge } from './live-edge.ts';
import type { VoiceResults } from '../lib/model.ts';
import { windowHead, type MsRange, type WindowHead } from './results-plan.ts';
import type { VoiceResultsParams } from './voice-results.ts';
import {
  combineWindow,
  sameParts,
  showsNewCombination,
  type ShownWindow,
} from './window-combine.ts';
import {
  closedIntervalQueryKey,
  closedIntervalQueryOptions,
  inNewestDay,
  planWindowIntervals,
  readWindowHead,
  windowHeadQueryOptions,
} from './window-queries.ts';

export interface WindowResultsParams extends VoiceResultsParams {
  /** The test's round interval: when the live edge refreshes, and how long a closed range is. */
  intervalSeconds: number;
  /** Keep refreshing while the tab is hidden (a wall screen); a person's tab stops. */
  refreshWhileHidden?: boolean;
  /** How long after a round boundary its results are expected upstream. */
  processingDelayMs?: number;
  /** When the live edge asks again after an answer or a failure (the wall's own waits). */
  refetchDelayMs?: (error: unknown, nowMs: number) => number;
  /** The person paused the refresh (`paused=1`): the live edge is never asked again by itself. */
  paused?: boolean;
}

/** Seams for tests: the clock, the fetch client and the download slots. */
export interface WindowResultsDeps {
  now?: () => number;
  client?: ApiClient;
  slots?: DownloadSlots;
}

/** How much of the window is on screen. */
export interface WindowCoverage {
  loadedMs: number;
  windowMs: number;
}

export interface WindowResults {
  /** Every row on screen so far; undefined until the head has arrived. */
  data: VoiceResults | undefined;
  coverage: WindowCoverage | undefined;
  /**
   * The previous range's rows, kept on screen after the range changed until the new range's newest
   * part arrives (as react-query's `placeholderData: keepPreviousData`).
   */
  isPlaceholderData: boolean;
  /** When the newest rows arrived (the head's last answer); 0 before. */
  dataUpdatedAt: number;
  /** The head's error, else the first failed interval's. */
  error: unknown;
  /** While react-query retries (a 429 waits for its reset), why the last attempt failed. */
  failureReason: unknown;
  isFetching: boolean;
  /**
   * Older parts of the window are still arriving (none failing): what is on screen will grow.
   * Views that cost the whole window each time (the MOS charts, the attribution) wait for it.
   */
  filling: boolean;
  /** Upstream calls (pages) the live edge's last refresh took; 0 when nothing refreshes. */
  callsPerRefresh: number;
}

/**
 * Where the window on screen starts. While it fills its body spans only its newest whole part
 * (`data.startMs`); links and exports name the whole window, which ends where the body ends.
 */
export function shownWindowStartMs(results: WindowResults): number | undefined {
  const { data, coverage } = results;
  if (data?.endMs === undefined || coverage === undefined) return data?.startMs;
  return data.endMs - coverage.windowMs;
}

/** The results of every window asked for (one per test), in the same order. */
export function useWindowResults(
  windows: readonly WindowResultsParams[],
  deps: WindowResultsDeps = {},
): WindowResults[] {
  const nowMs = (deps.now ?? clockNow)();
  const heads = windows.map((params) => windowHead(params.range, nowMs, params.intervalSeconds));
  const headQueries = useQueries({
    queries: windows.map((params, index) =>
      windowHeadQueryOptions(params, heads[index] as WindowHead, deps),
    ),
  }) as UseQueryResult<LiveEdge | VoiceResults>[];

  const headData = windows.map((params, index) =>
    readWindowHead(params, heads[index] as WindowHead, headQueries[index]?.data),
  );

  const plans = windows.map((params, index) => {
    const head = headData[index];
    return head
      ? planWindowIntervals(params.range, params.intervalSeconds, head.head, head.data)
      : [];
  });
  // The newest day's intervals are downloaded before any older one (heldBack): see dayComesFirst.
  const queryClient = useQueryClient();
  const heldBack = windows.map((params, index) => {
    const plan = plans[index] as MsRange[];
    const head = headData[index];
    if (!head) return plan.map(() => false);
    return dayComesFirst(plan, head.data.asOfMs, (interval) => {
      const state = queryClient.getQueryState(closedIntervalQueryKey(params, interval));
      return state?.data !== undefined || state?.status === 'error';
    });
  });
  const intervalQueries = useQueries({
    queries: windows.flatMap((params, index) =>
      (plans[index] as MsRange[]).map((interval, i) => ({
        ...closedIntervalQueryOptions(params, interval, deps),
        enabled: !heldBack[index]?.[i],
      })),
    ),
  });

  // Where each window's intervals start in the flat list of interval queries.
  const offsets = plans.map((_, index) =>
    plans.slice(0, index).reduce((sum, plan) => sum + plan.length, 0),
  );
  // What each test's screen shows now, by test: kept across renders so that a window rebuilds
  // only when it is worth it, and a new range on the same test keeps the last one on screen until
  // its head arrives.
  // A mutable map held in state (never set): rendering reads and updates it like a memo cache.
  const [shownByTest] = useState(() => new Map<string, ShownWindow>());
  const testKeys = windows.map((params) =>
    JSON.stringify([params.apiVersion, params.aid ?? null, params.testId]),
  );
  for (const key of shownByTest.keys()) if (!testKeys.includes(key)) shownByTest.delete(key);

  const results = windows.map((params, index): WindowResults => {
    const plan = plans[index] as MsRange[];
    const offset = offsets[index] as number;
    const ownQueries = intervalQueries.slice(offset, offset + plan.length);
    const headQuery = headQueries[index];
    const head = headData[index];
    const testKey = testKeys[index] as string;
    const rangeKey = JSON.stringify([params.range, params.intervalSeconds]);
    let shown = shownByTest.get(testKey);
    const failing = ownQueries.find((query) => query.failureReason);
    const held = heldBack[index] as boolean[];
    const moreOnTheWay =
      failing === undefined && ownQueries.some((query, i) => query.isFetching || held[i]);
    if (head) {
      const parts = [
        head.data.rows,
        head.data.asOfMs,
        rangeKey,
        // Whether the screen spans only the newest part: an interval that starts failing changes
        // no data, yet the screen must cover the whole window again.
        moreOnTheWay,
        ...plan.map((p) => p.startMs),
        ...ownQueries.map((query) => query.data),
      ];
      const next = {
        rangeKey,
        headSource: head.source,
        loadedIntervals: ownQueries.filter((query) => query.data !== undefined).length,
        moreOnTheWay,
        newestDayWhole: plan.every(
          (interval, i) =>
            !inNewestDay(interval, head.data.asOfMs) || ownQueries[i]?.data !== undefined,
        ),
      };
      if (!(shown && sameParts(shown.parts, parts)) && showsNewCombination(shown, next)) {
        shown = {
          ...next,
          parts,
          value: combineWindow(
            params.range,
            params.intervalSeconds,
            { range: head.range, data: head.data },
            plan.map((interval, i) => ({ range: interval, data: ownQueries[i]?.data })),
            { partial: moreOnTheWay },
          ),
        };
        shownByTest.set(testKey, shown);
      }
    }
    const value = shown?.value;
    const failed = ownQueries.find((query) => query.error);
    return {
      data: value?.results,
      coverage: value?.coverage,
      isPlaceholderData: shown !== undefined && shown.rangeKey !== rangeKey,
      dataUpdatedAt: headQuery?.dataUpdatedAt ?? 0,
      error: headQuery?.error ?? failed?.error ?? null,
      failureReason: headQuery?.failureReason ?? failing?.failureReason ?? null,
      isFetching: (headQuery?.isFetching ?? false) || ownQueries.some((query) => query.isFetching),
      filling: head !== undefined && moreOnTheWay,
      callsPerRefresh:
        head && 'lastPages' in head.data && head.head.kind === 'live' ? head.data.lastPages : 0,
    };
  });
  return results;
}

/**
 * Which of a window's closed intervals (newest first, as planned) wait: those older than the
 * window's newest day, until every interval of that day has arrived (or failed, so nothing waits
 * on it for ever). The newest day is what a NOC reads first, and the machine that serves a cold
 * window is busy: an older interval downloading beside the day's last ones shared the server and
 * the page with them, and the day came on screen later for it. `settled` says whether an
 * interval's download is over. The older intervals' queries are enabled in the render that shows
 * the day, and react-query starts a query from its effect, after that render is committed: the
 * day is drawn before the older days start, and its rebuild does not share the machine with them
 * either. The first page's early requests ask for the day only (test-page-queries.ts).
 */
export function dayComesFirst(
  plan: readonly MsRange[],
  asOfMs: number,
  settled: (interval: MsRange) => boolean,
): boolean[] {
  const dayArrived = plan.every((interval) => !inNewestDay(interval, asOfMs) || settled(interval));
  return plan.map(
    (interval) => !dayArrived && !inNewestDay(interval, asOfMs) && !settled(interval),
  );
}
