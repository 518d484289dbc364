// The time axis of a heatmap as numbers: which rounds a drag or a keyboard selection covers, what
// time span that is, and where a time (the shared crosshair) falls. Index arithmetic, no DOM.

/** A press that moves less than this (CSS px) is a click: it opens the round, it does not zoom. */
export const DRAG_THRESHOLD_PX = 4;

/** Rounds [from, to) of a heatmap, left to right. */
export interface RoundSpan {
  from: number;
  to: number;
}

/** The round under x (CSS px from the cells' left edge), clamped to the cells. */
export function roundAtX(x: number, widthPx: number, roundCount: number): number {
  if (roundCount <= 0 || widthPx <= 0) return 0;
  const index = Math.floor((x * roundCount) / widthPx);
  return Math.min(roundCount - 1, Math.max(0, index));
}

/** True when a press from x0 to x1 is a drag (a selection), not a click. */
export function isDrag(x0: number, x1: number): boolean {
  return Math.abs(x1 - x0) >= DRAG_THRESHOLD_PX;
}

/** The rounds a drag from x0 to x1 covers, whichever way it went: every round it touches. */
export function roundsBetweenPixels(
  x0: number,
  x1: number,
  widthPx: number,
  roundCount: number,
): RoundSpan {
  const a = roundAtX(Math.min(x0, x1), widthPx, roundCount);
  const b = roundAtX(Math.max(x0, x1), widthPx, roundCount);
  return { from: a, to: b + 1 };
}

/** The rounds between two round indices, both included, whichever comes first. */
export function roundsBetween(a: number, b: number): RoundSpan {
  return { from: Math.min(a, b), to: Math.max(a, b) + 1 };
}

/** The time the rounds [from, to) cover: from the first one's start to the last one's end. */
export function timeSpanOfRounds(
  roundIds: ArrayLike<number>,
  intervalSeconds: number,
  span: RoundSpan,
): { startMs: number; endMs: number } | undefined {
  const first = roundIds[span.from];
  const last = roundIds[span.to - 1];
  if (first === undefined || last === undefined || span.to <= span.from) return undefined;
  return { startMs: first * 1000, endMs: (last + intervalSeconds) * 1000 };
}

/** Where the selection box of rounds [from, to) sits, in CSS px. */
export function spanPixels(
  span: RoundSpan,
  widthPx: number,
  roundCount: number,
): { left: number; width: number } {
  const cell = widthPx / Math.max(1, roundCount);
  return { left: span.from * cell, width: (span.to - span.from) * cell };
}

/** The round whose start is `timeMs`, or the one it falls in; undefined outside the heatmap. */
export function roundIndexAtTime(
  timeMs: number,
  roundIds: ArrayLike<number>,
  intervalSeconds: number,
): number | undefined {
  const first = roundIds[0];
  if (first === undefined || intervalSeconds <= 0) return undefined;
  const index = Math.floor((timeMs / 1000 - first) / intervalSeconds);
  return index >= 0 && index < roundIds.length ? index : undefined;
}

/** The x (CSS px) of the crosshair for `timeMs`: the middle of its round's column. */
export function crosshairX(
  timeMs: number,
  roundIds: ArrayLike<number>,
  intervalSeconds: number,
  widthPx: number,
): number | undefined {
  const index = roundIndexAtTime(timeMs, roundIds, intervalSeconds);
  if (index === undefined) return undefined;
  return ((index + 0.5) * widthPx) / roundIds.length;
}
