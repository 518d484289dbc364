// Agents × rounds on a canvas. The canvas owns the cells (painted once per data, size or theme
// change); React owns the agent axis, time axis, tooltip, keyboard cursor, the time selection
// (drag to zoom) and legend, all placed by index arithmetic, so hovering and moving the cursor
// never repaint the cells. The shared crosshair is a second canvas over the cells, drawn outside
// React.
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
} from 'react';
import { flushSync } from 'react-dom';
import { agentNameWithLocation } from '../../api/adapters/agents.ts';
import type { AgentLocationOf, RoundsMatrix } from '../../lib/model.ts';
import type { HeatmapMetric } from '../../lib/metrics.ts';
import type { CrosshairStore } from '../../lib/crosshair.ts';
import { formatDateTime, type TimeZoneChoice } from '../../lib/format.ts';
import { specialColours, stepColours, stepLabels, type PaletteTheme } from '../../lib/palettes.ts';
import { composeHeatmapPicture, downloadCanvasPng } from './export-png.ts';
import { HeatmapLegend } from './heatmap-legend.tsx';
import {
  cellAnnouncement,
  describeSpan,
  heatmapLabel,
  heatmapPngFileName,
  heatmapSummary,
  timeTicks,
} from './heatmap-text.ts';
import { classifyCells, severityAccessor } from './classify-cells.ts';
import {
  cellRect,
  spanShownAt,
  worstCellIn,
  type HeatmapLayout,
  type ShownSpan,
} from './heatmap-hit.ts';
import { paintHeatmap, pixelOfCell, poolColumns } from './paint-heatmap.ts';
import {
  crosshairX,
  isDrag,
  roundsBetween,
  roundsBetweenPixels,
  spanPixels,
  timeSpanOfRounds,
  type RoundSpan,
} from './time-selection.ts';
import './heatmap.css';

export interface HeatmapCell {
  /** Index into matrix.agents. */
  agentIndex: number;
  /** Index into matrix.roundIds. */
  roundIndex: number;
}

export interface HeatmapProps {
  matrix: RoundsMatrix;
  metric: HeatmapMetric;
  /** Agent indices top to bottom (see row-order.ts); default: the matrix's own order. */
  rowOrder?: readonly number[];
  timeZone: TimeZoneChoice;
  theme?: PaletteTheme;
  /** Enter on the cursor cell, or a click on a cell: open the drill-down for it. */
  onOpenCell?: (agentIndex: number, roundIndex: number) => void;
  /** Where the cursor is, e.g. from the URL's agent + round; the cursor follows when it changes. */
  selectedCell?: HeatmapCell;
  /** Used in the PNG file name. */
  testId?: string;
  /** CSS height of the cells; default grows with the agent count, up to 640 px. */
  heightPx?: number;
  /** CSS width of the cells; default: the container's width, followed with a ResizeObserver. */
  widthPx?: number;
  /** Show the "Download PNG" button (default true). */
  showExport?: boolean;
  /** Show the legend (default true). */
  showLegend?: boolean;
  /**
   * The smallest row, in CSS px, that gets its own agent label (default 12); rows smaller than
   * that label every n-th agent. A caller with larger label text (the wall) passes more.
   */
  labelRowPx?: number;
  /**
   * Which rows get a label and where its centre sits (px from the top), chosen by the caller (the
   * wall labels its worst agents whatever the row height); a label away from its row is joined to
   * it by a connector. Default: every n-th row, each label on its row.
   */
  rowLabels?: readonly { position: number; centrePx: number }[];
  /** The least room between two time labels, in CSS px (default 110); larger text needs more. */
  tickSpacingPx?: number;
  /** An error round's detail (the row's errorDetail), for the tooltip and the live region. */
  errorDetailOf?: (agentIndex: number, roundIndex: number) => string | undefined;
  /** Where each agent is, named in its row's title and the tooltip. */
  agentLocationOf?: AgentLocationOf;
  /**
   * A drag across the cells (or Shift+arrows, then Enter) selected [startMs, endMs): zoom to it.
   * Without it, a drag does nothing but a click still opens the round.
   */
  onZoom?: (startMs: number, endMs: number) => void;
  /** A double-click on the time axis: zoom out. */
  onZoomOut?: () => void;
  /** The page's shared crosshair: this heatmap writes the round hovered and draws the line. */
  crosshair?: CrosshairStore;
  /** The cells' focusable element (the page returns focus to it when the round dialog closes). */
  cellsRef?: Ref<HTMLDivElement>;
  /** A row's label (default the agent's name), e.g. with its country when sorted by country. */
  rowLabelOf?: (agent: RoundsMatrix['agents'][number]) => string;
  /** The PNG's title and file name (default: the metric and the test id). */
  pngExport?: { title: string; fileName: string };
}

const PAGE_ROWS = 10;
const FAST_ROUNDS = 12;
const MIN_LABEL_ROW_PX = 12;

export function defaultHeatmapHeight(agentCount: number): number {
  const perRow = agentCount <= 20 ? 22 : agentCount <= 60 ? 12 : 4;
  return Math.min(640, Math.max(44, agentCount * perRow));
}

/**
 * `value`, from a task after the next frame on (undefined before the first): for work that reads
 * it and must not hold back the frame that shows it.
 */
function useAfterNextPaint<T>(value: T): T | undefined {
  const [shown, setShown] = useState<{ value: T } | undefined>(undefined);
  useEffect(() => {
    let frame: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const afterFrame = () => {
      timer = setTimeout(() => setShown({ value }), 0);
    };
    if (typeof requestAnimationFrame === 'undefined') afterFrame();
    else frame = requestAnimationFrame(afterFrame);
    return () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [value]);
  return shown?.value;
}

function subscribeToPixelRatio(onChange: () => void): () => void {
  if (typeof window === 'undefined' || !window.matchMedia) return () => {};
  const query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function usePixelRatio(): number {
  return useSyncExternalStore(
    subscribeToPixelRatio,
    () => window.devicePixelRatio || 1,
    () => 1,
  );
}

/**
 * The container's content width, followed with a ResizeObserver; 0 until measured. The first
 * measure is taken in a layout effect, so the cells are painted in the frame that mounts them
 * rather than one frame later, when the observer first reports.
 */
function useMeasuredWidth(fixedWidth: number | undefined) {
  const [width, setWidth] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (fixedWidth !== undefined || !element || typeof ResizeObserver === 'undefined') return;
    setWidth(Math.floor(element.clientWidth));
    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (box) setWidth(Math.floor(box.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [fixedWidth]);
  return { ref, width: fixedWidth ?? width };
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
}: HeatmapProps) {
  const label = heatmapLabel(metric);
  const summaryId = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { ref: plotRef, width } = useMeasuredWidth(widthPx);
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

  // The only place the cells are painted: in the commit's layout phase, so new cells and the
  // React-drawn axes, cursor and tooltip reach the screen in the same frame.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0 || height <= 0) return;
    const started = performance.now();
    const deviceHeight = Math.max(1, Math.round(height * pixelRatio));
    canvas.width = deviceWidth;
    canvas.height = deviceHeight;
    const context = canvas.getContext('2d');
    if (!context) return; // no canvas support (jsdom): the rest still works
    const image = context.createImageData(deviceWidth, deviceHeight);
    paintHeatmap(matrix, metric, order, {
      widthPx: deviceWidth,
      heightPx: deviceHeight,
      theme,
      out: image.data,
      entries,
      columns,
    });
    context.putImageData(image, 0, 0);
    // How long the cells took, for the benchmark and for anyone asking why a screen is slow
    // (an attribute, not a performance mark: marks would pile up on a wall left for weeks).
    canvas.dataset.paintMs = (performance.now() - started).toFixed(1);
  }, [matrix, metric, order, entries, columns, deviceWidth, width, height, pixelRatio, theme]);

  // The cursor belongs to an agent, not a row: re-sorting keeps it on the same agent.
  const [cursorCell, setCursorCell] = useState<HeatmapCell | undefined>(selectedCell);
  // Follow the selection when the caller changes it (the URL's agent + round, back button).
  const selectedKey = selectedCell ? `${selectedCell.agentIndex}:${selectedCell.roundIndex}` : '';
  const [seenSelectedKey, setSeenSelectedKey] = useState(selectedKey);
  if (seenSelectedKey !== selectedKey) {
    setSeenSelectedKey(selectedKey);
    if (selectedCell) setCursorCell(selectedCell);
  }
  const positionOfAgent = useMemo(() => {
    const positions = new Map<number, number>();
    order.forEach((agentIndex, position) => positions.set(agentIndex, position));
    return positions;
  }, [order]);
  const setCursor = (cell: { rowPosition: number; roundIndex: number }) => {
    const agentIndex = order[cell.rowPosition];
    if (agentIndex !== undefined) setCursorCell({ agentIndex, roundIndex: cell.roundIndex });
  };
  const [hoverState, setHover] = useState<ShownSpan | undefined>();
  // A zoom changes the matrix under a still pointer: a hover from the old one is no hover (it
  // is dropped, and never read past the new matrix's edge in the render that drops it).
  const [hoverMatrix, setHoverMatrix] = useState(matrix);
  if (hoverMatrix !== matrix) {
    setHoverMatrix(matrix);
    setHover(undefined);
  }
  const hover =
    hoverState && hoverState.roundTo <= roundCount && hoverState.rowTo <= order.length
      ? hoverState
      : undefined;
  const [focused, setFocused] = useState(false);
  // Rounds selected with Shift+Left/Right, from the round the selection started on.
  const [keySelection, setKeySelection] = useState<
    { anchor: number; span: RoundSpan } | undefined
  >();

  // The shared crosshair: this heatmap writes the round hovered (or under the focused cursor)…
  const crosshairSource = useId();
  const pointedRound = hover?.roundFrom ?? (focused ? cursorCell?.roundIndex : undefined);
  const pointedRoundId = pointedRound === undefined ? undefined : matrix.roundIds[pointedRound];
  useEffect(() => {
    if (!crosshair) return;
    if (pointedRoundId !== undefined) {
      crosshair.set({ timeMs: pointedRoundId * 1000, source: crosshairSource });
    } else if (crosshair.get()?.source === crosshairSource) {
      crosshair.set(undefined);
    }
  }, [crosshair, pointedRoundId, crosshairSource]);
  // …and every heatmap draws it on its overlay canvas, outside React: no render, no cell repaint.
  const crosshairRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const overlay = crosshairRef.current;
    if (!crosshair || !overlay) return;
    const draw = () => {
      const deviceWidth = Math.max(1, Math.round(width * pixelRatio));
      const deviceHeight = Math.max(1, Math.round(height * pixelRatio));
      if (overlay.width !== deviceWidth) overlay.width = deviceWidth;
      if (overlay.height !== deviceHeight) overlay.height = deviceHeight;
      const context = overlay.getContext('2d');
      const point = crosshair.get();
      const x =
        point === undefined
          ? undefined
          : crosshairX(point.timeMs, matrix.roundIds, matrix.intervalSeconds, width);
      if (x === undefined || point === undefined) delete overlay.dataset.crosshairTime;
      else overlay.dataset.crosshairTime = String(point.timeMs);
      if (!context) return;
      context.clearRect(0, 0, overlay.width, overlay.height);
      if (x === undefined) return;
      const lineX = Math.round(x * pixelRatio) + 0.5;
      context.lineWidth = Math.max(1, Math.round(pixelRatio));
      context.strokeStyle = theme === 'dark' ? '#ffffff' : '#000000';
      context.setLineDash([4 * pixelRatio, 3 * pixelRatio]);
      context.beginPath();
      context.moveTo(lineX, 0);
      context.lineTo(lineX, overlay.height);
      context.stroke();
    };
    draw();
    return crosshair.subscribe(draw);
  }, [crosshair, matrix, width, height, pixelRatio, theme]);

  const clampCell = useCallback(
    (rowPosition: number, roundIndex: number) => ({
      rowPosition: Math.min(Math.max(0, rowPosition), Math.max(0, order.length - 1)),
      roundIndex: Math.min(Math.max(0, roundIndex), Math.max(0, roundCount - 1)),
    }),
    [order.length, roundCount],
  );
  // The rounds [from, to) of the pixel column showing a round: one round unless pooled.
  const columnSpanOf = (roundIndex: number) => {
    if (!columns.pooled) return { from: roundIndex, to: roundIndex + 1 };
    const column = pixelOfCell(roundIndex, roundCount, columns.columnCount);
    return { from: columns.start[column]!, to: columns.end[column]! };
  };
  // When pooled, the cursor moves by pixel columns and rests on the column's worst round of its
  // agent: the round whose colour is seen, and the one Enter opens.
  const landOn = (cell: { rowPosition: number; roundIndex: number }) => {
    const agentIndex = order[cell.rowPosition];
    if (!columns.pooled || agentIndex === undefined) return cell;
    const { from, to } = columnSpanOf(cell.roundIndex);
    const worst = worstCellIn(entries, severityOf, roundCount, agentIndex, from, to);
    return { rowPosition: cell.rowPosition, roundIndex: worst.roundIndex };
  };
  // Moves `by` pixel columns (or rounds, when each round has its own pixels).
  const stepRounds = (roundIndex: number, by: number) => {
    if (!columns.pooled) return roundIndex + by;
    const column = pixelOfCell(roundIndex, roundCount, columns.columnCount);
    const next = Math.min(Math.max(0, column + by), columns.columnCount - 1);
    return columns.start[next]!;
  };
  // The matrix can shrink under the cursor (a shorter window): keep it on a real cell.
  const cursorPosition = cursorCell ? positionOfAgent.get(cursorCell.agentIndex) : undefined;
  const activeCursor =
    cursorCell && cursorPosition !== undefined && roundCount > 0
      ? clampCell(cursorPosition, cursorCell.roundIndex)
      : undefined;

  const open = (rowPosition: number, roundIndex: number) => {
    const agentIndex = order[rowPosition];
    if (agentIndex !== undefined) onOpenCell?.(agentIndex, roundIndex);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (order.length === 0 || roundCount === 0) return;
    // Without a cursor yet, any move starts on the latest round of the top row.
    const from = activeCursor ?? { rowPosition: 0, roundIndex: roundCount - 1 };
    // Shift+Left/Right selects rounds from where the cursor was (Enter zooms to them); Ctrl
    // moves fast.
    if (
      onZoom &&
      event.shiftKey &&
      activeCursor &&
      (event.key === 'ArrowLeft' || event.key === 'ArrowRight')
    ) {
      event.preventDefault();
      const anchor = keySelection?.anchor ?? from.roundIndex;
      const moved = clampCell(
        from.rowPosition,
        stepRounds(from.roundIndex, event.key === 'ArrowLeft' ? -1 : 1),
      );
      setCursor(moved);
      setKeySelection({ anchor, span: roundsBetween(anchor, moved.roundIndex) });
      return;
    }
    if (keySelection && (event.key === 'Enter' || event.key === 'Escape')) {
      event.preventDefault();
      setKeySelection(undefined);
      if (event.key === 'Enter') zoomToRounds(keySelection.span);
      return;
    }
    if (keySelection && event.key.startsWith('Arrow')) setKeySelection(undefined);
    const step = event.ctrlKey || event.shiftKey ? FAST_ROUNDS : 1;
    let next: { rowPosition: number; roundIndex: number };
    switch (event.key) {
      case 'ArrowLeft':
        next = activeCursor
          ? clampCell(from.rowPosition, stepRounds(from.roundIndex, -step))
          : from;
        break;
      case 'ArrowRight':
        next = activeCursor ? clampCell(from.rowPosition, stepRounds(from.roundIndex, step)) : from;
        break;
      case 'ArrowUp':
        next = activeCursor ? clampCell(from.rowPosition - 1, from.roundIndex) : from;
        break;
      case 'ArrowDown':
        next = activeCursor ? clampCell(from.rowPosition + 1, from.roundIndex) : from;
        break;
      case 'PageUp':
        next = clampCell(from.rowPosition - PAGE_ROWS, from.roundIndex);
        break;
      case 'PageDown':
        next = clampCell(from.rowPosition + PAGE_ROWS, from.roundIndex);
        break;
      case 'Home':
        next = clampCell(event.ctrlKey ? 0 : from.rowPosition, 0);
        break;
      case 'End':
        next = clampCell(event.ctrlKey ? order.length - 1 : from.rowPosition, roundCount - 1);
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        next = activeCursor ? from : landOn(from);
        setCursor(next);
        open(next.rowPosition, next.roundIndex);
        return;
      case 'Escape':
        setHover(undefined);
        return;
      default:
        return;
    }
    event.preventDefault();
    setCursor(landOn(next));
  };

  const zoomToRounds = (span: RoundSpan) => {
    const time = timeSpanOfRounds(matrix.roundIds, matrix.intervalSeconds, span);
    if (time) onZoom?.(time.startMs, time.endMs);
  };

  // A drag in progress, in CSS px from the cells' left edge; followed on the window, so a drag
  // that leaves the cells still ends (and selects up to their edge). The ref is what the window's
  // handlers read; the state is what is drawn.
  const [drag, setDrag] = useState<{ left: number; x0: number; x1: number } | undefined>();
  const dragRef = useRef<{ left: number; x0: number; x1: number } | undefined>(undefined);
  const dragEnded = useRef(false);
  const dragging = drag !== undefined;
  const { roundIds, intervalSeconds } = matrix;
  useEffect(() => {
    if (!dragging) return;
    const onMove = (event: globalThis.MouseEvent) => {
      const current = dragRef.current;
      if (!current) return;
      dragRef.current = { ...current, x1: event.clientX - current.left };
      setDrag(dragRef.current);
    };
    const onUp = (event: globalThis.MouseEvent) => {
      const current = dragRef.current;
      dragRef.current = undefined;
      setDrag(undefined);
      if (!current) return;
      const x1 = event.clientX - current.left;
      if (!isDrag(current.x0, x1)) return;
      dragEnded.current = true;
      // The click comes right after this mouseup; when it never does (the drag ended off the
      // cells), the flag must not swallow the next real click.
      setTimeout(() => (dragEnded.current = false), 0);
      const span = roundsBetweenPixels(current.x0, x1, width, roundIds.length);
      const time = timeSpanOfRounds(roundIds, intervalSeconds, span);
      if (time) onZoom?.(time.startMs, time.endMs);
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
    return () => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
    };
  }, [dragging, width, roundIds, intervalSeconds, onZoom]);

  const dragSpan =
    drag && isDrag(drag.x0, drag.x1)
      ? roundsBetweenPixels(drag.x0, drag.x1, width, roundCount)
      : undefined;
  const selection = dragSpan ?? keySelection?.span;
  const selectionBox = selection ? spanPixels(selection, width, roundCount) : undefined;
  const selectionTime = selection
    ? timeSpanOfRounds(matrix.roundIds, matrix.intervalSeconds, selection)
    : undefined;

  const cellFromPointer = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return spanShownAt(
      event.clientX - box.left,
      event.clientY - box.top,
      layout,
      columns,
      entries,
      severityOf,
      1 / pixelRatio,
    );
  };
  const onMouseMove = (event: MouseEvent<HTMLDivElement>) => {
    const next = cellFromPointer(event);
    if (
      next?.rowPosition !== hover?.rowPosition ||
      next?.roundIndex !== hover?.roundIndex ||
      next?.roundFrom !== hover?.roundFrom ||
      next?.rowFrom !== hover?.rowFrom
    ) {
      // Rendered now, not in a task after this frame: Chromium delivers mouse moves at the start
      // of a frame, so the outline and tooltip land in that frame instead of the next one.
      flushSync(() => setHover(next));
    }
  };
  const onMouseDown = (event: MouseEvent<HTMLDivElement>) => {
    if (!onZoom || event.button !== 0 || roundCount === 0) return;
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    dragRef.current = { left: box.left, x0: x, x1: x };
    setDrag(dragRef.current);
  };
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    // The click that ends a drag is the zoom, not a round to open.
    if (dragEnded.current) {
      dragEnded.current = false;
      return;
    }
    const hit = cellFromPointer(event);
    if (!hit) return;
    setCursor({ rowPosition: hit.rowPosition, roundIndex: hit.roundIndex });
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
  const cursorSpan = activeCursor
    ? (() => {
        const { from, to } = columnSpanOf(activeCursor.roundIndex);
        return {
          ...activeCursor,
          roundFrom: from,
          roundTo: to,
          rowFrom: activeCursor.rowPosition,
          rowTo: activeCursor.rowPosition + 1,
        };
      })()
    : undefined;
  const describe = (span: typeof cursorSpan) => {
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
    keySelection && selectionTime
      ? `Selected ${formatDateTime(selectionTime.startMs, timeZone)} to ${formatDateTime(selectionTime.endMs, timeZone)}: Enter zooms to it, Escape cancels`
      : cursorDescription
        ? cellAnnouncement(cursorDescription)
        : '';

  const rowHeight = order.length > 0 ? height / order.length : height;
  const labelEvery = Math.max(1, Math.ceil(labelRowPx / rowHeight));

  const exportPng = () => {
    const cells = canvasRef.current;
    if (!cells || width <= 0) return;
    const special = specialColours(theme);
    const steps = stepColours(metric, theme);
    const rows: { label: string; y: number }[] = [];
    order.forEach((agentIndex, position) => {
      const agent = matrix.agents[agentIndex];
      if (agent && position % labelEvery === 0) {
        rows.push({
          label: rowLabelOf?.(agent) ?? agent.agentName,
          y: (position + 0.5) * rowHeight,
        });
      }
    });
    const picture = composeHeatmapPicture({
      cells,
      widthPx: width,
      heightPx: height,
      pixelRatio,
      title: pngExport?.title ?? (testId ? `${label} · test ${testId}` : label),
      subtitle: summary,
      rows,
      ticks: ticks.map((tick) => ({ label: tick.label, x: tick.fraction * width })),
      legend: [
        ...stepLabels(metric).map((stepLabel, i) => ({ label: stepLabel, fill: steps[i] ?? '' })),
        { label: 'No data', fill: special.noData, hatch: special.noDataHatch },
        { label: 'Error', fill: special.error, hatch: special.errorHatch },
      ],
      colours:
        theme === 'dark'
          ? { background: special.background, text: '#e6e9ec', muted: '#a3adb8', border: '#3a424c' }
          : {
              background: special.background,
              text: '#1d2329',
              muted: '#5c6670',
              border: '#c9d0d6',
            },
    });
    void downloadCanvasPng(
      picture ?? cells,
      pngExport?.fileName ?? heatmapPngFileName(metric, testId),
    );
  };

  const spanRect = (span: typeof cursorSpan) =>
    span ? cellRect(span.rowPosition, span.roundFrom, layout, span.roundTo) : undefined;
  const cursorRect = spanRect(cursorSpan);
  const hoverRect = spanRect(hover);
  const tooltipRect = spanRect(tooltipCell);

  return (
    <div className={`heatmap heatmap--${theme}`}>
      <div className="heatmap-body">
        <div className="heatmap-agents" style={{ height }} aria-hidden="true">
          {(
            rowLabels ??
            order.flatMap((_, position) =>
              position % labelEvery === 0
                ? [
                    {
                      position,
                      centrePx: position * rowHeight + Math.max(rowHeight, labelRowPx) / 2,
                    },
                  ]
                : [],
            )
          ).map(({ position, centrePx }) => {
            const agentIndex = order[position];
            const agent = agentIndex === undefined ? undefined : matrix.agents[agentIndex];
            if (!agent) return null;
            const highlighted =
              activeCursor?.rowPosition === position || hover?.rowPosition === position;
            const boxPx = Math.max(rowHeight, labelRowPx);
            const rowCentre = (position + 0.5) * rowHeight;
            const displaced = rowLabels !== undefined && Math.abs(centrePx - rowCentre) > 1;
            return (
              <div key={agent.agentId}>
                <div
                  className={`heatmap-agent${highlighted ? ' heatmap-agent--active' : ''}${displaced ? ' heatmap-agent--displaced' : ''}`}
                  title={agentNameWithLocation(agent.agentName, agentLocationOf?.(agent.agentId))}
                  style={{ top: centrePx - boxPx / 2, height: boxPx, lineHeight: `${boxPx}px` }}
                >
                  {rowLabelOf?.(agent) ?? agent.agentName}
                </div>
                {displaced && (
                  <div
                    className="heatmap-agent-connector"
                    style={{
                      top: Math.min(centrePx, rowCentre),
                      height: Math.abs(centrePx - rowCentre),
                    }}
                  />
                )}
              </div>
            );
          })}
        </div>
        <div className="heatmap-plot" ref={plotRef}>
          <div
            role="img"
            aria-label={label}
            aria-describedby={summaryId}
            tabIndex={0}
            className="heatmap-cells"
            style={{ width: width || '100%', height }}
            ref={cellsRef}
            onKeyDown={onKeyDown}
            onMouseDown={onMouseDown}
            onMouseMove={onMouseMove}
            onMouseLeave={() => setHover(undefined)}
            onClick={onClick}
            onFocus={() => setFocused(true)}
            onBlur={() => {
              setFocused(false);
              setKeySelection(undefined);
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
            {selectionBox && (
              <div
                className="heatmap-selection"
                data-testid="heatmap-selection"
                style={{ left: selectionBox.left, width: selectionBox.width }}
              />
            )}
            {hoverRect && (
              <div
                className="heatmap-hover"
                style={{
                  left: hoverRect.x - 1,
                  top: hoverRect.y - 1,
                  width: Math.max(hoverRect.width, 1) + 2,
                  height: Math.max(hoverRect.height, 1) + 2,
                }}
              />
            )}
            {cursorRect && (
              <div
                className="heatmap-cursor"
                data-testid="heatmap-cursor"
                style={{
                  left: cursorRect.x - 1,
                  top: cursorRect.y - 1,
                  width: Math.max(cursorRect.width, 2) + 2,
                  height: Math.max(cursorRect.height, 2) + 2,
                }}
              />
            )}
          </div>
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
              style={{ left: Math.max(0, Math.min(selectionBox?.left ?? 0, width - 260)) }}
            >
              {formatDateTime(selectionTime.startMs, timeZone)} –{' '}
              {formatDateTime(selectionTime.endMs, timeZone)}
            </div>
          )}
          <div
            className="heatmap-time-axis"
            aria-hidden="true"
            onDoubleClick={onZoomOut}
            title={onZoomOut ? 'Double-click to zoom out' : undefined}
          >
            {ticks.map((tick) => (
              <span
                key={tick.fraction}
                className="heatmap-tick"
                style={{ left: tick.fraction * width }}
              >
                {tick.label}
              </span>
            ))}
          </div>
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
