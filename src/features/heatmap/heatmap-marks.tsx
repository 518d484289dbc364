// What React draws over the cells: the selection, the hover and cursor outlines, the tooltip, the
// selected time, and the time axis under them. Placed by index arithmetic (heatmap-hit.ts).
import { formatDateTime, type TimeZoneChoice } from '../../lib/format.ts';
import type { CellDescription } from './heatmap-text.ts';

type Rect = { x: number; y: number; width: number; height: number };

/** An outline around a cell (or a pooled pixel), at least `minPx` wide and high. */
function Outline({
  rect,
  className,
  minPx,
  testId,
}: {
  rect: Rect;
  className: string;
  minPx: number;
  testId?: string;
}) {
  return (
    <div
      className={className}
      data-testid={testId}
      style={{
        left: rect.x - 1,
        top: rect.y - 1,
        width: Math.max(rect.width, minPx) + 2,
        height: Math.max(rect.height, minPx) + 2,
      }}
    />
  );
}

/** Inside the cells: the rounds selected for a zoom, the hovered cell, the cursor. */
export function CellMarks({
  selectionBox,
  hoverRect,
  cursorRect,
}: {
  selectionBox: { left: number; width: number } | undefined;
  hoverRect: Rect | undefined;
  cursorRect: Rect | undefined;
}) {
  return (
    <>
      {selectionBox && (
        <div
          className="heatmap-selection"
          data-testid="heatmap-selection"
          style={{ left: selectionBox.left, width: selectionBox.width }}
        />
      )}
      {hoverRect && <Outline rect={hoverRect} className="heatmap-hover" minPx={1} />}
      {cursorRect && (
        <Outline rect={cursorRect} className="heatmap-cursor" minPx={2} testId="heatmap-cursor" />
      )}
    </>
  );
}

/** Beside the cells: the tooltip of the hovered (or focused) cell and the selected time. */
export function PlotLabels({
  tooltip,
  tooltipRect,
  selectionTime,
  selectionLeft,
  width,
  timeZone,
}: {
  tooltip: CellDescription | undefined;
  tooltipRect: Rect | undefined;
  selectionTime: { startMs: number; endMs: number } | undefined;
  selectionLeft: number | undefined;
  width: number;
  timeZone: TimeZoneChoice;
}) {
  return (
    <>
      {tooltip && tooltipRect && (
        <div
          className="heatmap-tooltip"
          role="tooltip"
          style={{
            left: Math.min(tooltipRect.x + tooltipRect.width + 8, Math.max(0, width - 220)),
            top: tooltipRect.y + tooltipRect.height + 6,
          }}
        >
          <strong>{tooltip.agentName}</strong>
          <span>{tooltip.time}</span>
          <span>{tooltip.value}</span>
          {tooltip.detail && <span>{tooltip.detail}</span>}
        </div>
      )}
      {selectionTime && (
        <div
          className="heatmap-selection-label"
          aria-hidden="true"
          style={{ left: Math.max(0, Math.min(selectionLeft ?? 0, width - 260)) }}
        >
          {formatDateTime(selectionTime.startMs, timeZone)} –{' '}
          {formatDateTime(selectionTime.endMs, timeZone)}
        </div>
      )}
    </>
  );
}

/** The time axis; a double-click on it zooms out. */
export function TimeAxis({
  ticks,
  width,
  onZoomOut,
}: {
  ticks: readonly { label: string; fraction: number }[];
  width: number;
  onZoomOut: (() => void) | undefined;
}) {
  return (
    <div
      className="heatmap-time-axis"
      aria-hidden="true"
      onDoubleClick={onZoomOut}
      title={onZoomOut ? 'Double-click to zoom out' : undefined}
    >
      {ticks.map((tick) => (
        <span key={tick.fraction} className="heatmap-tick" style={{ left: tick.fraction * width }}>
          {tick.label}
        </span>
      ))}
    </div>
  );
}
