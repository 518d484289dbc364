// Agents × rounds on a canvas. The canvas owns the cells (painted once per data, size or theme
// change); React owns the agent axis, time axis, tooltip, keyboard cursor, the time selection
// (drag to zoom) and legend, all placed by index arithmetic, so hovering and moving the cursor
// never repaint the cells. The shared crosshair is a second canvas over the cells, drawn outside
// React. The jobs live beside it: painting (paint-heatmap.ts), hit-testing (heatmap-hit.ts), the
// cursor (use-heatmap-cursor.ts), drag to zoom (use-drag-zoom.ts), the crosshair
// (use-shared-crosshair.ts), the agent axis (heatmap-agent-labels.tsx) and the PNG (export-png.ts).
// Just over 300 lines: the component that wires the pieces below together and lays out the DOM.
import { useId, useMemo, useState, type MouseEvent } from 'react';
import { formatDateTime } from '../../lib/format.ts';
import { useAfterNextPaint } from '../../hooks/use-after-next-paint.ts';
import { useMeasuredSize } from '../../hooks/use-measured-size.ts';
import { usePixelRatio } from '../../hooks/use-pixel-ratio.ts';
import { classifyCells, severityAccessor } from './classify-cells.ts';
import { downloadHeatmapPng } from './export-png.ts';
import { HeatmapAgentLabels, labelledRows } from './heatmap-agent-labels.tsx';
import { cellRect, type HeatmapLayout, type ShownSpan } from './heatmap-hit.ts';
import { HeatmapLegend } from './heatmap-legend.tsx';
import { CellMarks, PlotLabels, TimeAxis } from './heatmap-marks.tsx';
import {
  cellAnnouncement,
  describeSpan,
  heatmapLabel,
  heatmapPngFileName,
  heatmapSummary,
  timeTicks,
} from './heatmap-text.ts';
import { poolColumns } from './paint-heatmap.ts';
import { spanPixels, timeSpanOfRounds, type RoundSpan } from './time-selection.ts';
import { useDragZoom } from './use-drag-zoom.ts';
import { useHeatmapCursor } from './use-heatmap-cursor.ts';
import { useHeatmapHover } from './use-heatmap-hover.ts';
import { usePaintedCells } from './use-painted-cells.ts';
import { useSharedCrosshair } from './use-shared-crosshair.ts';
import type { HeatmapProps } from './heatmap-props.ts';
import './heatmap.css';

const MIN_LABEL_ROW_PX = 12;

export function defaultHeatmapHeight(agentCount: number): number {
  const perRow = agentCount <= 20 ? 22 : agentCount <= 60 ? 12 : 4;
  return Math.min(640, Math.max(44, agentCount * perRow));
}

export function Heatmap({
  matrix,
  metric,
  rowOrder,
  timeZone,
  theme = 'light',
  onOpenCell,
  selectedCell,
  testId,
  heightPx,
  widthPx,
  showExport = true,
  showLegend = true,
  labelRowPx = MIN_LABEL_ROW_PX,
  rowLabels,
  tickSpacingPx = 110,
  errorDetailOf,
  agentLocationOf,
  onZoom,
  onZoomOut,
  crosshair,
  cellsRef,
  rowLabelOf,
  pngExport,
  variant = 'page',
  labelColumnPx,
}: HeatmapProps) {
  const label = heatmapLabel(metric);
  const summaryId = useId();
  const { ref: plotRef, width: measuredWidth } = useMeasuredSize<HTMLDivElement>({
    skip: widthPx !== undefined,
  });
  const width = widthPx ?? measuredWidth;
  const pixelRatio = usePixelRatio();
  const roundCount = matrix.roundIds.length;
  const agentCount = matrix.agents.length;
  const height = heightPx ?? defaultHeatmapHeight(agentCount);

  // A caller that rebuilds an equal row order each render must not cost a repaint.
  const orderKey = rowOrder ? rowOrder.join(',') : '';
  const order = useMemo(
    () =>
      orderKey === ''
        ? Array.from({ length: agentCount }, (_, i) => i)
        : orderKey.split(',').map(Number),
    [orderKey, agentCount],
  );
  const entries = useMemo(() => classifyCells(matrix, metric), [matrix, metric]);
  const severityOf = useMemo(() => severityAccessor(matrix, metric), [matrix, metric]);
  // One canvas pixel column per device pixel. When rounds outnumber them, each column shows the
  // worst of the rounds it covers: pooled once per data or width change, not per paint.
  const deviceWidth = width > 0 ? Math.max(1, Math.round(width * pixelRatio)) : 0;
  const columns = useMemo(
    () => poolColumns(entries, agentCount, roundCount, deviceWidth),
    [entries, agentCount, roundCount, deviceWidth],
  );
  const layout: HeatmapLayout = useMemo(
    () => ({ widthPx: width, heightPx: height, roundCount, rowOrder: order }),
    [width, height, roundCount, order],
  );

  const canvasRef = usePaintedCells({
    matrix,
    metric,
    order,
    entries,
    columns,
    width,
    height,
    deviceWidth,
    pixelRatio,
    theme,
  });

  const { hover, clearHover, onMouseMove, cellFromPointer } = useHeatmapHover({
    matrix,
    layout,
    columns,
    entries,
    severityOf,
    pixelRatio,
  });
  const [focused, setFocused] = useState(false);

  const zoomToRounds = (span: RoundSpan) => {
    const time = timeSpanOfRounds(matrix.roundIds, matrix.intervalSeconds, span);
    if (time) onZoom?.(time.startMs, time.endMs);
  };
  const cursor = useHeatmapCursor({
    order,
    roundCount,
    columns,
    entries,
    severityOf,
    selectedCell,
    onOpenCell,
    onZoomToRounds: onZoom ? zoomToRounds : undefined,
    onEscape: clearHover,
  });
  const { activeCursor, cursorSpan } = cursor;

  const crosshairRef = useSharedCrosshair({
    crosshair,
    matrix,
    pointedRound: hover?.roundFrom ?? (focused ? activeCursor?.roundIndex : undefined),
    width,
    height,
    pixelRatio,
    theme,
  });

  const { dragSpan, onMouseDown, isClickEndingDrag } = useDragZoom({
    width,
    roundIds: matrix.roundIds,
    intervalSeconds: matrix.intervalSeconds,
    onZoom,
  });
  const selection = dragSpan ?? cursor.keySelection;
  const selectionBox = selection ? spanPixels(selection, width, roundCount) : undefined;
  const selectionTime = selection
    ? timeSpanOfRounds(matrix.roundIds, matrix.intervalSeconds, selection)
    : undefined;

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    // The click that ends a drag is the zoom, not a round to open.
    if (isClickEndingDrag()) return;
    const hit = cellFromPointer(event);
    if (!hit) return;
    cursor.setCursor({ rowPosition: hit.rowPosition, roundIndex: hit.roundIndex });
    onOpenCell?.(hit.agentIndex, hit.roundIndex);
  };

  // The screen-reader summary reads every cell (~50 ms at 1M cells): it is worked out after the
  // frame that shows the cells, never before it (the previous one, or empty, until then).
  const summaryInput = useAfterNextPaint(useMemo(() => ({ matrix, metric }), [matrix, metric]));
  const summary = useMemo(
    () => (summaryInput ? heatmapSummary(summaryInput.matrix, summaryInput.metric, timeZone) : ''),
    [summaryInput, timeZone],
  );
  const ticks = useMemo(
    () =>
      timeTicks(
        matrix.roundIds,
        matrix.intervalSeconds,
        Math.max(1, Math.floor(width / tickSpacingPx)),
        timeZone,
      ),
    [matrix.roundIds, matrix.intervalSeconds, width, timeZone, tickSpacingPx],
  );

  // What the hover or the cursor covers: a cell, or a pooled pixel's rounds (and agents).
  const describe = (span: ShownSpan | typeof cursorSpan) => {
    const agentIndex = span ? order[span.rowPosition] : undefined;
    if (!span || agentIndex === undefined) return undefined;
    return describeSpan(matrix, metric, agentIndex, span.roundFrom, span.roundTo, timeZone, {
      errorDetail: errorDetailOf?.(agentIndex, span.roundIndex),
      agentsCovered: span.rowTo - span.rowFrom,
      agentLocation: agentLocationOf?.(matrix.agents[agentIndex]?.agentId ?? ''),
    });
  };
  const tooltipCell = hover ?? (focused ? cursorSpan : undefined);
  const tooltip = describe(tooltipCell);
  const cursorAgent = activeCursor ? order[activeCursor.rowPosition] : undefined;
  const cursorDescription = focused ? describe(cursorSpan) : undefined;
  const announcement =
    cursor.keySelection && selectionTime
      ? `Selected ${formatDateTime(selectionTime.startMs, timeZone)} to ${formatDateTime(selectionTime.endMs, timeZone)}: Enter zooms to it, Escape cancels`
      : cursorDescription
        ? cellAnnouncement(cursorDescription)
        : '';

  const rowHeight = order.length > 0 ? height / order.length : height;
  const labelEvery = Math.max(1, Math.ceil(labelRowPx / rowHeight));

  const exportPng = () => {
    const cells = canvasRef.current;
    if (!cells || width <= 0) return;
    void downloadHeatmapPng({
      cells,
      widthPx: width,
      heightPx: height,
      pixelRatio,
      title: pngExport?.title ?? (testId ? `${label} · test ${testId}` : label),
      subtitle: summary,
      rows: labelledRows(order, matrix.agents, labelEvery, rowHeight, rowLabelOf),
      ticks: ticks.map((tick) => ({ label: tick.label, x: tick.fraction * width })),
      metric,
      theme,
      fileName: pngExport?.fileName ?? heatmapPngFileName(metric, testId),
    });
  };

  const spanRect = (span: ShownSpan | typeof cursorSpan) =>
    span ? cellRect(span.rowPosition, span.roundFrom, layout, span.roundTo) : undefined;
  const cursorRect = spanRect(cursorSpan);
  const hoverRect = spanRect(hover);
  const tooltipRect = spanRect(tooltipCell);

  return (
    <div
      className={`heatmap heatmap--${theme}${variant === 'wall' ? ' heatmap--wall' : ''}`}
      style={
        labelColumnPx === undefined
          ? undefined
          : { ['--heatmap-names' as string]: `${labelColumnPx}px` }
      }
    >
      <div className="heatmap-body">
        <HeatmapAgentLabels
          agents={matrix.agents}
          order={order}
          height={height}
          rowHeight={rowHeight}
          labelRowPx={labelRowPx}
          labelEvery={labelEvery}
          rowLabels={rowLabels}
          activeRows={[activeCursor?.rowPosition, hover?.rowPosition]}
          agentLocationOf={agentLocationOf}
          rowLabelOf={rowLabelOf}
        />
        <div className="heatmap-plot" ref={plotRef}>
          <div
            role="img"
            aria-label={label}
            aria-describedby={summaryId}
            tabIndex={0}
            className="heatmap-cells"
            style={{ width: width || '100%', height }}
            ref={cellsRef}
            onKeyDown={cursor.onKeyDown}
            onMouseDown={onMouseDown}
            onMouseMove={onMouseMove}
            onMouseLeave={clearHover}
            onClick={onClick}
            onFocus={() => setFocused(true)}
            onBlur={() => {
              setFocused(false);
              cursor.dropKeySelection();
            }}
            data-cursor-agent={cursorAgent}
            data-cursor-round={activeCursor?.roundIndex}
          >
            <canvas ref={canvasRef} aria-hidden="true" style={{ width, height }} />
            {crosshair && (
              <canvas
                ref={crosshairRef}
                className="heatmap-crosshair"
                data-testid="heatmap-crosshair"
                aria-hidden="true"
                style={{ width, height }}
              />
            )}
            <CellMarks selectionBox={selectionBox} hoverRect={hoverRect} cursorRect={cursorRect} />
          </div>
          <PlotLabels
            tooltip={tooltip}
            tooltipRect={tooltipRect}
            selectionTime={selectionTime}
            selectionLeft={selectionBox?.left}
            width={width}
            timeZone={timeZone}
          />
          <TimeAxis ticks={ticks} width={width} onZoomOut={onZoomOut} />
        </div>
      </div>
      <p id={summaryId} className="heatmap-summary">
        {summary}
      </p>
      <div className="heatmap-live" aria-live="polite">
        {announcement}
      </div>
      <div className="heatmap-footer">
        {showLegend && <HeatmapLegend metric={metric} theme={theme} />}
        {showExport && (
          <button
            type="button"
            className="heatmap-export"
            onClick={exportPng}
            aria-label={`Download PNG of ${label}`}
          >
            Download PNG
          </button>
        )}
      </div>
    </div>
  );
}
