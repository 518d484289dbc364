// The MOS overview's time axis as numbers: the time under a pointer (drag to zoom, the shared
// crosshair) and where a time falls (the crosshair another view points at). No DOM.

/** Where recharts draws the lines, in CSS px from the chart's left edge. */
export interface PlotSpan {
  left: number;
  width: number;
}

/** A press that moves less than this (CSS px) is a click, not a selection. */
export const CHART_DRAG_THRESHOLD_PX = 4;

/** The time under x, clamped to the plot's domain [startMs, endMs]. */
export function timeAtChartX(x: number, plot: PlotSpan, startMs: number, endMs: number): number {
  if (plot.width <= 0 || endMs <= startMs) return startMs;
  const fraction = Math.min(1, Math.max(0, (x - plot.left) / plot.width));
  return startMs + fraction * (endMs - startMs);
}

/** The x of `timeMs`, or undefined outside the domain. */
export function chartXOfTime(
  timeMs: number,
  plot: PlotSpan,
  startMs: number,
  endMs: number,
): number | undefined {
  if (endMs <= startMs || timeMs < startMs || timeMs > endMs) return undefined;
  return plot.left + ((timeMs - startMs) / (endMs - startMs)) * plot.width;
}
