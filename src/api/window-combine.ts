// A window's screen from its parts: the head's and the closed intervals' rows as one results body,
// how much of the window they cover, and whether a new combination is worth a rebuild of the
// screen (see window-results.ts).
import type { TimeRange } from '../../common/time-window.ts';
import { addSkippedRows } from '../../common/result-rows/skipped-rows.ts';
import type { RoundResult, SkippedRows, VoiceResults, VoiceTest } from '../lib/model.ts';
import { coveredMs, windowBounds, type MsRange } from './results-plan.ts';
import type { WindowCoverage } from './window-results.ts';

/**
 * Where the screen starts while older parts are still on their way: the start of the newest part
 * of the window that is whole, the head and the intervals loaded back from it without a gap
 * (`intervals` newest first, as planned). The heatmaps then span what has arrived, not a week of
 * rounds drawn as "no data" that are only not loaded yet, and the first screen costs the hours it
 * shows, not the whole window.
 */
export function loadedSpanStartMs(
  headRange: MsRange,
  intervals: readonly { range: MsRange; data: VoiceResults | undefined }[],
): number {
  let spanStartMs = headRange.startMs;
  for (const interval of intervals) {
    if (interval.data === undefined || interval.range.endMs < spanStartMs) break;
    spanStartMs = Math.min(spanStartMs, interval.range.startMs);
  }
  return spanStartMs;
}

/**
 * The rows of `rows` (in time order, as every part's are) whose round is in [firstRound, endRound):
 * the list itself when its first and last are, as every closed interval inside the window is,
 * without a look at each row (a week at 500 agents is a million, read at each rebuild).
 */
function windowRows(
  rows: readonly RoundResult[],
  firstRound: number,
  endRound: number,
): readonly RoundResult[] {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) return rows;
  const inWindow = (row: RoundResult) => row.roundId >= firstRound && row.roundId < endRound;
  if (inWindow(first) && inWindow(last) && first.roundId <= last.roundId) return rows;
  return rows.filter(inWindow);
}

/**
 * The rows of the head and of every closed interval loaded so far (oldest first), as one results
 * body over the window at the head's instant; how much of the window they cover. `partial`: older
 * parts are still on their way, so the body covers only the newest whole part of the window
 * (loadedSpanStartMs); the window's rounds before it are not shown yet, rather than shown empty.
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
  { partial = false }: { partial?: boolean } = {},
): { results: VoiceResults; coverage: WindowCoverage } {
  const { startMs: windowStartMs, endMs: pinnedEnd } = windowBounds(range, head.data.asOfMs);
  const endMs = Math.min(pinnedEnd ?? Infinity, head.data.asOfMs);
  const startMs = partial
    ? Math.max(windowStartMs, loadedSpanStartMs(head.range, intervals))
    : windowStartMs;
  const loaded = intervals.filter(
    (interval): interval is { range: MsRange; data: VoiceResults } => interval.data !== undefined,
  );
  // Only the window's rounds (an interval is asked for whole): from the round that contains its
  // start, to its end.
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  const firstRound = (Math.floor(startMs / intervalMs) * intervalMs) / 1000;
  const endRound = endMs / 1000;
  const parts: (readonly RoundResult[])[] = [];
  const add = (from: readonly RoundResult[]) => parts.push(windowRows(from, firstRound, endRound));
  // Newest first in the plan: joined oldest first, so the rows stay in time order. An interval
  // that ends before the screen's first round (loaded beyond a gap, while filling) has none.
  for (let i = loaded.length - 1; i >= 0; i--) {
    const interval = loaded[i] as { range: MsRange; data: VoiceResults };
    if (interval.range.endMs > firstRound * 1000) add(interval.data.rows);
  }
  add(head.data.rows);
  const rows = ([] as RoundResult[]).concat(...parts);
  const window = { startMs: windowStartMs, endMs };
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
      windowMs: Math.max(0, endMs - windowStartMs),
    },
  };
}

type CombinedWindow = { results: VoiceResults; coverage: WindowCoverage };

/** What a window's screen shows now, and what it was combined from. */
export interface ShownWindow {
  /** The range and round interval it was asked for: another range on the same test is a placeholder. */
  rangeKey: string;
  /** Every interval of its newest 24 hours was loaded. */
  newestDayWhole: boolean;
  /** The head's answer it was combined from. */
  headSource: object;
  parts: unknown[];
  loadedIntervals: number;
  value: CombinedWindow;
}

export function sameParts(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/** How many times the loaded intervals grow, after the newest day, before older days are shown. */
export const REBUILD_GROWTH = 4;

/**
 * Whether a window that changed replaces the one on screen. Every combination costs the whole
 * window (joining the rows, then the matrix, summaries and views built from them), so while the
 * closed intervals stream in the head is shown alone until the newest day is whole, then that day
 * at once (the day a NOC reads first), then older days only when the loaded intervals have
 * grown REBUILD_GROWTH times since the last one shown, then the last: a cold week shows its day,
 * four days, then the week. The rebuilds of a cold week then cost about 1.7 times the window
 * in all, rather than the window once per interval (or twice it, when each doubling was
 * shown: on a cold week at 500 agents the page then spent ~0.6 s more of the CPU the server beside
 * it needed); and none is spent on the day's first few intervals, whose rebuilds took the CPU the
 * server needed to send the rest of the day (the day on screen ~1 s later). A new
 * head (the live edge's refresh), another range, or nothing more on its way (all loaded, or a
 * download failing or waiting to retry) is shown at once, so nothing that arrived is held back
 * while nothing else arrives.
 */
export function showsNewCombination(
  shown:
    | { rangeKey: string; headSource: object; loadedIntervals: number; newestDayWhole: boolean }
    | undefined,
  next: {
    rangeKey: string;
    headSource: object;
    loadedIntervals: number;
    /** An interval is still downloading, and none is failing. */
    moreOnTheWay: boolean;
    /** Every interval of the last 24 hours before the head's instant is loaded. */
    newestDayWhole: boolean;
  },
): boolean {
  if (!shown || shown.rangeKey !== next.rangeKey || shown.headSource !== next.headSource) {
    return true;
  }
  if (!next.moreOnTheWay) return true;
  if (next.newestDayWhole && !shown.newestDayWhole) return true;
  if (!next.newestDayWhole) return false;
  return next.loadedIntervals >= REBUILD_GROWTH * shown.loadedIntervals;
}
