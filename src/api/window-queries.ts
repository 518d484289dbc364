// The queries a window of voice results is made of, and which of them a window needs: the live
// edge (startDate, no end, grown a round at a time) and the closed intervals before it, each a
// query of its own shared by every window that covers it (see window-results.ts).
import { queryOptions, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { afterUrgentWork } from '../lib/background-work.ts';
import { now as clockNow } from '../lib/clock.ts';
import { PROCESSING_DELAY_MS } from '../../common/result-intervals.ts';
import { formatIsoUtc, nextRoundRefreshDelayMs, type TimeRange } from '../../common/time-window.ts';
import { closedIntervalSlots } from './download-slots.ts';
import { isPermanentApiError } from './fetch-client.ts';
import { advanceLiveEdge, type LiveEdge } from './live-edge.ts';
import type { RoundResult, VoiceResults } from '../lib/model.ts';
import { apiRetryOptions } from './query-client.ts';
import {
  chooseIntervalHours,
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
import type { WindowResultsDeps, WindowResultsParams } from './window-results.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

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
  {
    drawnFirst = false,
  }: {
    /** The head of a closed range: the first screen is drawn from it, so nothing goes before it. */
    drawnFirst?: boolean;
  } = {},
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
            // An older interval's body is read (parsed, decoded) only once the page has drawn
            // what it is busy drawing: on a reload the cached intervals arrive while the newest
            // rows' first screen is being drawn, and reading them then held that frame back.
            beforeBody: drawnFirst ? undefined : afterUrgentWork,
          }),
        signal,
      ),
    // Closed: it can no longer change, so it is never asked for again while it is cached.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    ...apiRetryOptions,
  });
}

/** A head's query of either kind: its data is the live edge, or a closed range's newest interval. */
export type WindowHeadQueryOptions = UseQueryOptions<
  LiveEdge | VoiceResults,
  Error,
  LiveEdge | VoiceResults,
  QueryKey
>;

/** The head's query: the live edge, or a closed range's newest interval (see windowHead). */
export function windowHeadQueryOptions(
  params: WindowResultsParams,
  head: WindowHead,
  deps: WindowResultsDeps = {},
): WindowHeadQueryOptions {
  return (
    head.kind === 'live'
      ? liveEdgeQueryOptions(params, deps)
      : closedIntervalQueryOptions(params, head.interval, deps, { drawnFirst: true })
  ) as WindowHeadQueryOptions;
}

/** A head's answer as the window reads it: its rows at the head's instant, the range they cover. */
export interface ReadHead {
  head: WindowHead;
  /** The query's own answer (a new one is a new head). */
  source: LiveEdge | VoiceResults;
  data: (LiveEdge | VoiceResults) & { asOfMs: number; startMs: number };
  range: MsRange;
}

/**
 * The head's answer as the window reads it; undefined before it arrived (or while the query still
 * holds the other kind's answer). A closed range's head is its newest interval, read at the
 * range's end.
 */
export function readWindowHead(
  params: WindowResultsParams,
  head: WindowHead,
  data: LiveEdge | VoiceResults | undefined,
): ReadHead | undefined {
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

/** Whether a closed interval holds rounds of the 24 hours before a window's instant `asOfMs`. */
export function inNewestDay(interval: MsRange, asOfMs: number): boolean {
  return interval.endMs > asOfMs - DAY_MS;
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
