// Which upstream ranges a results window is made of: closed intervals, aligned to UTC and asked
// for once, and the live edge after them, asked for a round at a time. Pure: the clock is an
// argument. Closedness is decided only by common/result-intervals.ts, the rule the server shares.
import {
  closedBeforeMs,
  LATENESS_MARGIN_MS,
  PROCESSING_DELAY_MS,
} from '../../common/result-intervals.ts';
import type { TimeRange } from '../../common/time-window.ts';

const HOUR_MS = 3_600_000;

/**
 * Interval sizes in hours. Each divides the next, so the pieces that fill the hours before the live
 * edge (largest first) always sit on the same UTC grid, whoever asks and whenever.
 */
export const INTERVAL_LADDER_HOURS = [1, 3, 6, 12, 24] as const;

/** Rows a page holds upstream (the simulator's default; ThousandEyes is assumed the same). */
export const ROWS_PER_PAGE = 5000;
/** One interval should be a few pages: big enough to keep calls few, small enough to load fast. */
export const ROWS_PER_INTERVAL_TARGET = 4 * ROWS_PER_PAGE;

/** A half-open range of epoch ms, [startMs, endMs). */
export interface MsRange {
  startMs: number;
  endMs: number;
}

/**
 * The interval size for a test: the largest step of the ladder whose interval holds at most
 * ROWS_PER_INTERVAL_TARGET rows (one per agent per round), and never less than an hour.
 */
export function chooseIntervalHours(intervalSeconds: number, agentCount: number): number {
  const rowsPerHour = Math.max(1, agentCount) * (3600 / Math.max(1, intervalSeconds));
  let chosen: number = INTERVAL_LADDER_HOURS[0];
  for (const hours of INTERVAL_LADDER_HOURS) {
    if (rowsPerHour * hours <= ROWS_PER_INTERVAL_TARGET) chosen = hours;
  }
  return chosen;
}

function floorTo(ms: number, stepMs: number): number {
  return Math.floor(ms / stepMs) * stepMs;
}

function ceilTo(ms: number, stepMs: number): number {
  return Math.ceil(ms / stepMs) * stepMs;
}

/** The window a range covers at `nowMs`: [start, end), the end open (undefined) while it grows. */
export function windowBounds(
  range: TimeRange,
  nowMs: number,
): { startMs: number; endMs: number | undefined } {
  if (range.kind === 'relative') {
    return { startMs: nowMs - range.windowSeconds * 1000, endMs: undefined };
  }
  return { startMs: range.fromMs, endMs: range.toMs };
}

/**
 * Where the newest part of a window starts: the live edge (rows still arriving, asked for
 * incrementally) or, for a range that has closed entirely, its newest hour (a closed interval of
 * its own). Either way it is loaded first: it paints the latest rounds, and it tells how many
 * agents report, from which the size of the older intervals is chosen.
 */
export type WindowHead =
  | { kind: 'live'; startMs: number; endMs: number | undefined }
  | { kind: 'closed'; interval: MsRange };

export function windowHead(range: TimeRange, nowMs: number, intervalSeconds: number): WindowHead {
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  const { startMs, endMs } = windowBounds(range, nowMs);
  const closedUntil = floorTo(closedBeforeMs(nowMs, intervalSeconds), HOUR_MS);
  if (endMs !== undefined && ceilTo(endMs, HOUR_MS) <= closedUntil) {
    const end = ceilTo(endMs, HOUR_MS);
    return { kind: 'closed', interval: { startMs: end - HOUR_MS, endMs: end } };
  }
  // The round that contains the window's start belongs to the window (a round may begin before it).
  return { kind: 'live', startMs: Math.max(closedUntil, floorTo(startMs, intervalMs)), endMs };
}

/**
 * The closed intervals that cover a window from its start up to `headStartMs` (the head's start,
 * a whole hour or the window's first round), newest first: whole intervals of `sizeHours` on the
 * UTC grid, then the hours between the last of them and the head in the largest ladder pieces
 * that fit. An interval is asked for whole even when the window starts inside it; rows outside the
 * window are left out when the matrix is built.
 */
export function planClosedIntervals(
  windowStartMs: number,
  headStartMs: number,
  sizeHours: number,
): MsRange[] {
  const sizeMs = sizeHours * HOUR_MS;
  const intervals: MsRange[] = [];
  const tailStart = floorTo(headStartMs, sizeMs);
  for (let start = floorTo(windowStartMs, sizeMs); start < tailStart; start += sizeMs) {
    intervals.push({ startMs: start, endMs: start + sizeMs });
  }
  const tailEnd = floorTo(headStartMs, HOUR_MS);
  for (let start = tailStart; start < tailEnd;) {
    let stepMs = HOUR_MS;
    for (const hours of INTERVAL_LADDER_HOURS) {
      const candidate = hours * HOUR_MS;
      if (hours <= sizeHours && start % candidate === 0 && start + candidate <= tailEnd) {
        stepMs = candidate;
      }
    }
    intervals.push({ startMs: start, endMs: start + stepMs });
    start += stepMs;
  }
  return intervals.filter((interval) => interval.endMs > windowStartMs).reverse();
}

/**
 * Where the next increment of the live edge starts, from the data alone (so every tab with the
 * same newest round asks the same URL, and the server can answer them once): back from the newest
 * round by the processing delay and the lateness margin, whole rounds, so a row that arrives late
 * is still asked for until the rule that closes intervals says it can no longer change. Never
 * before the live edge's own start; the whole edge when it has no round yet.
 */
export function incrementStartMs(
  newestRoundId: number | undefined,
  liveStartMs: number,
  intervalSeconds: number,
): number {
  if (newestRoundId === undefined) return liveStartMs;
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  const back = floorTo(newestRoundId * 1000 - PROCESSING_DELAY_MS - LATENESS_MARGIN_MS, intervalMs);
  return Math.max(liveStartMs, back);
}

/** How much of a window [startMs, endMs) the given ranges cover, in ms (ranges do not overlap). */
export function coveredMs(window: MsRange, ranges: readonly MsRange[]): number {
  let covered = 0;
  for (const range of ranges) {
    covered += Math.max(
      0,
      Math.min(range.endMs, window.endMs) - Math.max(range.startMs, window.startMs),
    );
  }
  return covered;
}
