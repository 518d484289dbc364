// Moving through time the way monitoring people do (Grafana's zoom and step): each move is a new
// range for the URL. Pure: the caller passes the clock, so the same move gives the same range.
import {
  MAX_WINDOW_SECONDS,
  resolveTimeRange,
  type TimeRange,
} from '../../../common/time-window.ts';

const MAX_SPAN_MS = MAX_WINDOW_SECONDS * 1000;

function wholeSecondsDown(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
function wholeSecondsUp(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

/**
 * The range a drag (or a keyboard selection) over [startMs, endMs) zooms to: absolute, in whole
 * seconds, never shorter than `minSpanMs` (one round: less shows nothing) and never in the future.
 */
export function zoomToSpan(
  startMs: number,
  endMs: number,
  nowMs: number,
  minSpanMs: number,
): TimeRange {
  let from = Math.min(startMs, endMs);
  let to = Math.min(Math.max(startMs, endMs), nowMs);
  if (to - from < minSpanMs) {
    const centre = (from + to) / 2;
    from = centre - minSpanMs / 2;
    to = centre + minSpanMs / 2;
    if (to > nowMs) {
      from -= to - nowMs;
      to = nowMs;
    }
  }
  return { kind: 'absolute', fromMs: wholeSecondsDown(from), toMs: wholeSecondsUp(to) };
}

/**
 * Twice the span, around the same centre. A relative window stays relative ("last 1 h" → "last
 * 2 h"), so a live view stays live; a range is kept out of the future by moving it back. Undefined
 * when it cannot grow (already 90 days, what ThousandEyes keeps).
 */
export function zoomOut(range: TimeRange, nowMs: number): TimeRange | undefined {
  if (range.kind === 'relative') {
    const seconds = Math.min(range.windowSeconds * 2, MAX_WINDOW_SECONDS);
    return seconds === range.windowSeconds
      ? undefined
      : { kind: 'relative', windowSeconds: seconds };
  }
  const { startMs, endMs } = resolveTimeRange(range, nowMs);
  const span = Math.min((endMs - startMs) * 2, MAX_SPAN_MS);
  if (span <= endMs - startMs) return undefined;
  const centre = (startMs + endMs) / 2;
  let to = centre + span / 2;
  if (to >= nowMs) {
    // Reaching now: the view becomes live again, as Grafana's zoom out of "now-…" does.
    return { kind: 'relative', windowSeconds: Math.round(span / 1000) };
  }
  let from = to - span;
  if (from < nowMs - MAX_SPAN_MS) {
    from = nowMs - MAX_SPAN_MS;
    to = from + span;
  }
  return { kind: 'absolute', fromMs: wholeSecondsDown(from), toMs: wholeSecondsUp(to) };
}

export type StepDirection = 'earlier' | 'later';

/**
 * The window moved by half its width. Earlier turns a live window into a fixed range; later stops
 * at now, where the range becomes the live window of the same width again. Undefined when there is
 * nowhere to go (a live window is already as late as it gets; nothing is kept past 90 days).
 */
export function stepRange(
  range: TimeRange,
  direction: StepDirection,
  nowMs: number,
): TimeRange | undefined {
  const { startMs, endMs } = resolveTimeRange(range, nowMs);
  const span = endMs - startMs;
  if (span <= 0) return undefined;
  const half = span / 2;
  if (direction === 'later') {
    if (isLive(range, nowMs)) return undefined;
    const to = endMs + half;
    if (to >= nowMs)
      return { kind: 'relative', windowSeconds: Math.max(1, Math.round(span / 1000)) };
    return { kind: 'absolute', fromMs: wholeSecondsDown(to - span), toMs: wholeSecondsUp(to) };
  }
  const oldest = nowMs - MAX_SPAN_MS;
  if (startMs <= oldest) return undefined;
  const from = Math.max(startMs - half, oldest);
  return { kind: 'absolute', fromMs: wholeSecondsDown(from), toMs: wholeSecondsUp(from + span) };
}

/** A range that ends now and moves with it: a relative window, or a `from` with no `to`. */
export function isLive(range: TimeRange, nowMs: number): boolean {
  if (range.kind === 'relative') return true;
  return range.toMs === undefined || range.toMs >= nowMs;
}
