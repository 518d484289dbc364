// A window of voice results as the views get it, built so that a refresh costs only the new rounds:
// the head (the live edge, or a closed range's newest hour) loads first and paints the latest
// rounds; the closed intervals before it follow, newest first, a few at a time, each a query of its
// own that is never asked for again while cached; the live edge then grows a round at a time.
// The dashboard and the wall both read results through useWindowResults.
import {
  queryOptions,
  useQueries,
  type QueryKey,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import { now as clockNow } from '../lib/clock.ts';
import { useState } from 'react';
import { PROCESSING_DELAY_MS } from '../../common/result-intervals.ts';
import { formatIsoUtc, nextRoundRefreshDelayMs, type TimeRange } from '../../common/time-window.ts';
import { closedIntervalSlots, type DownloadSlots } from './download-slots.ts';
import { isPermanentApiError, type ApiClient } from './fetch-client.ts';
import { advanceLiveEdge, type LiveEdge } from './live-edge.ts';
import { addSkippedRows } from './adapters/skipped-rows.ts';
import type { RoundResult, SkippedRows, VoiceResults, VoiceTest } from '../lib/model.ts';
import { apiRetryOptions } from './query-client.ts';
import {
  chooseIntervalHours,
  coveredMs,
  INTERVAL_LADDER_HOURS,
  planClosedIntervals,
  windowBounds,
  windowHead,
  type MsRange,
  type WindowHead,
} from './results-plan.ts';
import {
  fetchResultsRange,
  voiceResultsQueryKey,
  type ResultsSource,
  type VoiceResultsParams,
} from './voice-results.ts';

const HOUR_MS = 3_600_000;

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

export function liveEdgeQueryKey(params: VoiceResultsParams) {
  return ['voice-results', 'live-edge', ...voiceResultsQueryKey(params).slice(1)] as const;
}

/** A closed interval's key: which test, which UTC range; shared by every window that covers it. */
export function closedIntervalQueryKey(source: ResultsSource, interval: MsRange) {
  return [
    'voice-results',
    'interval',
    source.apiVersion,
    { aid: source.aid ?? null },
    source.testId,
    { start: formatIsoUtc(interval.startMs), end: formatIsoUtc(interval.endMs) },
  ] as const;
}

/** Where the live edge starts and ends at `nowMs` (a closed range's head hour, once it closed). */
function liveEdgeBounds(head: WindowHead): { startMs: number; endMs: number | undefined } {
  return head.kind === 'live' ? head : head.interval;
}

export function liveEdgeQueryOptions(params: WindowResultsParams, deps: WindowResultsDeps = {}) {
  const { apiVersion, aid, testId, range, intervalSeconds, refreshWhileHidden = false } = params;
  const processingDelayMs = params.processingDelayMs ?? PROCESSING_DELAY_MS;
  const now = deps.now ?? clockNow;
  const queryKey = liveEdgeQueryKey(params);
  // The key names the window; the interval belongs to the test, and deps are test seams.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey,
    queryFn: ({ signal, client }) => {
      const nowMs = now();
      return advanceLiveEdge(
        client.getQueryData<LiveEdge>(queryKey),
        { apiVersion, aid, testId, intervalSeconds },
        liveEdgeBounds(windowHead(range, nowMs, intervalSeconds)),
        { signal, nowMs, client: deps.client },
      );
    },
    staleTime: (query) =>
      nextRoundRefreshDelayMs(intervalSeconds, query.state.dataUpdatedAt, processingDelayMs),
    refetchInterval: (query) => {
      if (params.paused) return false;
      const { error } = query.state;
      if (params.refetchDelayMs) return params.refetchDelayMs(error, now());
      return isPermanentApiError(error)
        ? false
        : nextRoundRefreshDelayMs(intervalSeconds, now(), processingDelayMs);
    },
    refetchIntervalInBackground: refreshWhileHidden,
    ...(params.paused ? { refetchOnWindowFocus: false, refetchOnReconnect: false } : {}),
    ...apiRetryOptions,
  });
}

export function closedIntervalQueryOptions(
  source: ResultsSource,
  interval: MsRange,
  deps: WindowResultsDeps = {},
) {
  const slots = deps.slots ?? closedIntervalSlots;
  // deps are test seams, not part of what is asked.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: closedIntervalQueryKey(source, interval),
    queryFn: ({ signal }) =>
      slots.run(
        () =>
          fetchResultsRange(source, interval.startMs, interval.endMs, {
            signal,
            client: deps.client,
          }),
        signal,
      ),
    // Closed: it can no longer change, so it is never asked for again while it is cached.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    ...apiRetryOptions,
  });
}

/**
 * The interval size for a window: the test's (from its rows an hour), but never longer than the
 * window. An interval is asked for whole even where the window starts inside it, so a 1-hour window
 * on a test with 6-hour intervals would hold 6 hours of rows each time its head starts on the
 * 6-hour grid (4 times a day, ~4 MB on a wall of two 50-agent tests). Capped, a window asks at most
 * about twice its own length. The ladder's steps divide each other, so the grid stays the same.
 */
export function windowIntervalHours(
  intervalSeconds: number,
  agentCount: number,
  window: { startMs: number; endMs: number },
): number {
  const windowHours = (window.endMs - window.startMs) / HOUR_MS;
  let longest: number = INTERVAL_LADDER_HOURS[0];
  for (const hours of INTERVAL_LADDER_HOURS) if (hours <= windowHours) longest = hours;
  return Math.min(chooseIntervalHours(intervalSeconds, agentCount), longest);
}

/** The closed intervals before the head, newest first, once the head has told the agent count. */
export function planWindowIntervals(
  range: TimeRange,
  intervalSeconds: number,
  head: WindowHead,
  headData: { rows: readonly RoundResult[]; asOfMs: number; startMs: number },
): MsRange[] {
  const agents = new Set<string>();
  for (const row of headData.rows) agents.add(row.agentId);
  const { startMs, endMs } = windowBounds(range, headData.asOfMs);
  const sizeHours = windowIntervalHours(intervalSeconds, agents.size, {
    startMs,
    endMs: Math.min(endMs ?? Infinity, headData.asOfMs),
  });
  const headStart = head.kind === 'live' ? headData.startMs : head.interval.startMs;
  return planClosedIntervals(startMs, headStart, sizeHours);
}

/** How much of the window is on screen. */
export interface WindowCoverage {
  loadedMs: number;
  windowMs: number;
}

/**
 * The rows of the head and of every closed interval loaded so far (oldest first), as one results
 * body over the window at the head's instant; how much of the window they cover.
 */
export function combineWindow(
  range: TimeRange,
  intervalSeconds: number,
  head: {
    range: MsRange;
    data: {
      rows: RoundResult[];
      test: VoiceTest | undefined;
      asOfMs: number;
      /** A closed head's left-out rows (a whole download). */
      skippedRows?: SkippedRows;
      /** A live head's left-out rows (its last refresh: see LiveEdge). */
      lastSkippedRows?: SkippedRows;
    };
  },
  intervals: readonly { range: MsRange; data: VoiceResults | undefined }[],
): { results: VoiceResults; coverage: WindowCoverage } {
  const { startMs, endMs: pinnedEnd } = windowBounds(range, head.data.asOfMs);
  const endMs = Math.min(pinnedEnd ?? Infinity, head.data.asOfMs);
  const loaded = intervals.filter(
    (interval): interval is { range: MsRange; data: VoiceResults } => interval.data !== undefined,
  );
  const rows: RoundResult[] = [];
  // Only the window's rounds (an interval is asked for whole): from the round that contains its
  // start, to its end.
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  const firstRound = (Math.floor(startMs / intervalMs) * intervalMs) / 1000;
  const endRound = endMs / 1000;
  const add = (from: readonly RoundResult[]) => {
    for (const row of from) if (row.roundId >= firstRound && row.roundId < endRound) rows.push(row);
  };
  // Newest first in the plan: joined oldest first, so the rows stay in time order.
  for (let i = loaded.length - 1; i >= 0; i--) add((loaded[i] as { data: VoiceResults }).data.rows);
  add(head.data.rows);
  const window = { startMs, endMs };
  return {
    results: {
      test: head.data.test ?? loaded.find((interval) => interval.data.test)?.data.test,
      rows,
      startMs,
      endMs,
      pagesFetched: 0,
      skippedRows: addSkippedRows([
        head.data.skippedRows ?? head.data.lastSkippedRows,
        ...loaded.map((interval) => interval.data.skippedRows),
      ]),
    },
    coverage: {
      loadedMs: coveredMs(window, [head.range, ...loaded.map((interval) => interval.range)]),
      windowMs: Math.max(0, endMs - startMs),
    },
  };
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
  /** Upstream calls (pages) the live edge's last refresh took; 0 when nothing refreshes. */
  callsPerRefresh: number;
}

type CombinedWindow = { results: VoiceResults; coverage: WindowCoverage };

/** What a window's screen shows now, and what it was combined from. */
interface ShownWindow {
  /** The range and round interval it was asked for: another range on the same test is a placeholder. */
  rangeKey: string;
  /** The head's answer it was combined from. */
  headSource: object;
  parts: unknown[];
  loadedIntervals: number;
  value: CombinedWindow;
}

function sameParts(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/**
 * Whether a window that changed replaces the one on screen. Every combination costs the whole
 * window (joining the rows, then the matrix, summaries and views built from them), so while the
 * closed intervals stream in it is rebuilt only when the loaded intervals have at least doubled
 * since the last one shown: 1, 2, 4, 8, … intervals, then the last. The rebuilds of a cold load
 * then cost about twice the window in all, rather than the window once per interval. A new
 * head (the live edge's refresh), another range, or nothing more on its way (all loaded, or a
 * download failing or waiting to retry) is shown at once, so nothing that arrived is held back
 * while nothing else arrives.
 */
export function showsNewCombination(
  shown: { rangeKey: string; headSource: object; loadedIntervals: number } | undefined,
  next: {
    rangeKey: string;
    headSource: object;
    loadedIntervals: number;
    /** An interval is still downloading, and none is failing. */
    moreOnTheWay: boolean;
  },
): boolean {
  if (!shown || shown.rangeKey !== next.rangeKey || shown.headSource !== next.headSource) {
    return true;
  }
  if (!next.moreOnTheWay) return true;
  return next.loadedIntervals >= 2 * shown.loadedIntervals;
}

type AnyQueryOptions = UseQueryOptions<
  LiveEdge | VoiceResults,
  Error,
  LiveEdge | VoiceResults,
  QueryKey
>;

/** The results of every window asked for (one per test), in the same order. */
export function useWindowResults(
  windows: readonly WindowResultsParams[],
  deps: WindowResultsDeps = {},
): WindowResults[] {
  const nowMs = (deps.now ?? clockNow)();
  const heads = windows.map((params) => windowHead(params.range, nowMs, params.intervalSeconds));
  const headQueries = useQueries({
    queries: windows.map((params, index) => {
      const head = heads[index] as WindowHead;
      return (
        head.kind === 'live'
          ? liveEdgeQueryOptions(params, deps)
          : closedIntervalQueryOptions(params, head.interval, deps)
      ) as AnyQueryOptions;
    }),
  }) as UseQueryResult<LiveEdge | VoiceResults>[];

  const headData = windows.map((params, index) => {
    const head = heads[index] as WindowHead;
    const data = headQueries[index]?.data;
    if (data === undefined) return undefined;
    if (head.kind === 'live' && 'asOfMs' in data) {
      return {
        head,
        source: data,
        data,
        range: { startMs: data.startMs, endMs: data.endMs ?? Infinity },
      };
    }
    if (head.kind === 'closed' && !('asOfMs' in data)) {
      const endMs =
        params.range.kind === 'absolute' && params.range.toMs !== undefined
          ? params.range.toMs
          : head.interval.endMs;
      return {
        head,
        source: data,
        data: { ...data, asOfMs: endMs, startMs: head.interval.startMs },
        range: head.interval,
      };
    }
    return undefined;
  });

  const plans = windows.map((params, index) => {
    const head = headData[index];
    return head
      ? planWindowIntervals(params.range, params.intervalSeconds, head.head, head.data)
      : [];
  });
  const intervalQueries = useQueries({
    queries: windows.flatMap((params, index) =>
      (plans[index] as MsRange[]).map((interval) =>
        closedIntervalQueryOptions(params, interval, deps),
      ),
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
    if (head) {
      const parts = [
        head.data.rows,
        head.data.asOfMs,
        rangeKey,
        ...plan.map((p) => p.startMs),
        ...ownQueries.map((query) => query.data),
      ];
      const next = {
        rangeKey,
        headSource: head.source,
        loadedIntervals: ownQueries.filter((query) => query.data !== undefined).length,
        moreOnTheWay: failing === undefined && ownQueries.some((query) => query.isFetching),
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
      callsPerRefresh:
        head && 'lastPages' in head.data && head.head.kind === 'live' ? head.data.lastPages : 0,
    };
  });
  return results;
}
