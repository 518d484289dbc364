// All agents at once: median and 5th-percentile MOS per round against the codec ceiling. A drag
// across it zooms (the selection is a recharts ReferenceArea), a double-click zooms out, and it
// shares the page's crosshair: hovering writes the time, and a time pointed at elsewhere is drawn
// as a line over the chart without re-rendering it.
// Over 300 lines: one recharts chart with its zoom, crosshair and legend, which share its
// coordinates and so its component.
import { useEffect, useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RoundSummary } from '../../lib/model.ts';
import type { CrosshairStore } from '../../lib/crosshair.ts';
import type { TimeZoneChoice } from '../../lib/format.ts';
import {
  CHART_DRAG_THRESHOLD_PX,
  chartXOfTime,
  timeAtChartX,
  type PlotSpan,
} from './chart-time-axis.ts';
import {
  ceilingLineProps,
  measuredLineProps,
  mosTooltipContent,
  mosYAxisProps,
  timeXAxisProps,
} from './mos-chart-parts.tsx';
import { MOS_COLORS, OVERVIEW_HEIGHT, P5_DASH } from './mos-chart-style.ts';
import {
  MAX_CHART_POINTS,
  mosDomain,
  mosTicks,
  overviewMosSeries,
  timeTicks,
  type OverviewMosPoint,
} from './mos-series.ts';

export interface MosOverviewChartProps {
  rounds: readonly RoundSummary[];
  timeZone: TimeZoneChoice;
  /** Pixel height of the chart, fixed so nothing shifts when data arrives. */
  height?: number;
  /** Fixed width instead of following the container (tests, print). */
  width?: number;
  maxPoints?: number;
  /** Axis text size in px (default 12); the wall passes one that scales with its viewport. */
  fontPx?: number;
  /** The recharts legend (default shown); the wall draws its own key in the block's title. */
  showLegend?: boolean;
  /** The legend's text size in px (default: the page's); the wall's follows its viewport. */
  legendFontPx?: number;
  /** One stroke width for every line in px (default 2 and 1.5); the wall's follows its viewport. */
  lineWidthPx?: number;
  /**
   * compare=1d|1w: the earlier window's rounds, already moved forward to sit under these, drawn as
   * a faint median line named `previousName` ("Median MOS a week earlier").
   */
  previousRounds?: readonly RoundSummary[] | undefined;
  previousName?: string;
  /** A drag across the chart selected [startMs, endMs): zoom to it. */
  onZoom?: (startMs: number, endMs: number) => void;
  /** A double-click on the chart: zoom out. */
  onZoomOut?: () => void;
  /** The page's shared crosshair. */
  crosshair?: CrosshairStore;
}

const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };

const NAMES = { median: 'Median MOS', p5: '5th percentile MOS', ceiling: 'Codec maximum' };
const LEGEND_ORDER = [NAMES.median, NAMES.p5, NAMES.ceiling];

function describePoint(point: OverviewMosPoint) {
  return {
    note: `${point.agentsReporting} agents reporting`,
    lines: [
      { label: NAMES.median, value: point.median, color: MOS_COLORS.median },
      { label: NAMES.p5, value: point.p5, color: MOS_COLORS.p5 },
      { label: NAMES.ceiling, value: point.ceiling, color: MOS_COLORS.ceiling },
    ],
  };
}

export function MosOverviewChart({
  rounds,
  timeZone,
  height = OVERVIEW_HEIGHT,
  width,
  maxPoints = MAX_CHART_POINTS,
  fontPx = 12,
  showLegend = true,
  legendFontPx,
  lineWidthPx,
  previousRounds,
  previousName = 'Median MOS earlier',
  onZoom,
  onZoomOut,
  crosshair,
}: MosOverviewChartProps) {
  const data = useMemo(() => overviewMosSeries(rounds, maxPoints), [rounds, maxPoints]);
  const startMs = data[0]?.t ?? 0;
  const endMs = data[data.length - 1]?.t ?? 0;
  // Only the earlier rounds that fall under this window's axis.
  const previousData = useMemo(
    () =>
      previousRounds
        ? overviewMosSeries(previousRounds, maxPoints).filter(
            (point) => point.t >= startMs && point.t <= endMs,
          )
        : undefined,
    [previousRounds, maxPoints, startMs, endMs],
  );
  const domain = useMemo(
    () =>
      mosDomain([
        ...data.flatMap((p) => [p.median, p.p5, p.ceiling]),
        ...(previousData ?? []).map((p) => p.median),
      ]),
    [data, previousData],
  );
  const spanMs = endMs - startMs;
  const xTicks = useMemo(() => timeTicks(startMs, endMs, 8), [startMs, endMs]);
  const yAxisWidth = Math.ceil(fontPx * 3);
  const tooltipContent = useMemo(() => mosTooltipContent(timeZone, describePoint), [timeZone]);

  const boxRef = useRef<HTMLDivElement>(null);
  const lineRef = useRef<HTMLDivElement>(null);
  const crosshairSource = useId();
  // Where recharts put the plot: its clip rectangle, else the margins and the axis width.
  const plotSpan = (): PlotSpan => {
    const box = boxRef.current;
    const clip = box?.querySelector('clipPath rect');
    const left = Number(clip?.getAttribute('x'));
    const plotWidth = Number(clip?.getAttribute('width'));
    if (Number.isFinite(left) && Number.isFinite(plotWidth) && plotWidth > 0) {
      return { left, width: plotWidth };
    }
    const boxWidth = box?.clientWidth ?? width ?? 0;
    return {
      left: MARGIN.left + yAxisWidth,
      width: boxWidth - MARGIN.left - yAxisWidth - MARGIN.right,
    };
  };
  const pointerTime = (event: MouseEvent<HTMLDivElement>) => {
    const x = event.clientX - event.currentTarget.getBoundingClientRect().left;
    return { x, t: timeAtChartX(x, plotSpan(), startMs, endMs) };
  };

  const [drag, setDrag] = useState<{ x0: number; t0: number; x1: number; t1: number }>();
  const onMouseDown = (event: MouseEvent<HTMLDivElement>) => {
    if (!onZoom || event.button !== 0 || spanMs <= 0) return;
    event.preventDefault(); // no text selection while dragging
    const { x, t } = pointerTime(event);
    setDrag({ x0: x, t0: t, x1: x, t1: t });
  };
  const onMouseMove = (event: MouseEvent<HTMLDivElement>) => {
    const { x, t } = pointerTime(event);
    if (drag) setDrag({ ...drag, x1: x, t1: t });
    crosshair?.set({ timeMs: t, source: crosshairSource });
  };
  const onMouseUp = () => {
    if (!drag) return;
    setDrag(undefined);
    if (Math.abs(drag.x1 - drag.x0) < CHART_DRAG_THRESHOLD_PX) return;
    onZoom?.(Math.min(drag.t0, drag.t1), Math.max(drag.t0, drag.t1));
  };
  const onMouseLeave = () => {
    setDrag(undefined);
    if (crosshair?.get()?.source === crosshairSource) crosshair.set(undefined);
  };

  // A time pointed at on another view: a line over the plot, placed outside React.
  useEffect(() => {
    const line = lineRef.current;
    if (!crosshair || !line) return;
    const draw = () => {
      const point = crosshair.get();
      const x =
        point && point.source !== crosshairSource
          ? chartXOfTime(point.timeMs, plotSpan(), startMs, endMs)
          : undefined;
      line.style.display = x === undefined ? 'none' : 'block';
      if (x === undefined || !point) {
        delete line.dataset.crosshairTime;
        return;
      }
      line.style.transform = `translateX(${x}px)`;
      line.dataset.crosshairTime = String(point.timeMs);
    };
    draw();
    return crosshair.subscribe(draw);
    // plotSpan reads the DOM at draw time; the domain is what changes where a time falls.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [crosshair, crosshairSource, startMs, endMs]);

  return (
    <div
      className="mos-overview"
      style={{ height }}
      ref={boxRef}
      data-testid="mos-overview"
      onMouseDown={onMouseDown}
      onMouseMove={onMouseMove}
      onMouseUp={onMouseUp}
      onMouseLeave={onMouseLeave}
      onDoubleClick={onZoomOut}
    >
      {crosshair && (
        <div
          ref={lineRef}
          className="mos-overview__crosshair"
          data-testid="mos-crosshair"
          aria-hidden="true"
          style={{
            display: 'none',
            position: 'absolute',
            left: 0,
            top: MARGIN.top,
            bottom: fontPx * 2.5,
            zIndex: 1,
            pointerEvents: 'none',
            borderLeft: `1px dashed ${MOS_COLORS.axis}`,
          }}
        />
      )}
      <LineChart
        data={data}
        responsive={width === undefined}
        width={width}
        height={height}
        style={width === undefined ? { width: '100%', height } : undefined}
        margin={MARGIN}
        title={
          'All agents: median and 5th percentile MOS against the codec maximum' +
          (previousData ? `; faint: ${previousName} (${previousData.length} points)` : '')
        }
      >
        <CartesianGrid stroke={MOS_COLORS.grid} vertical={false} />
        <XAxis
          {...timeXAxisProps({
            startMs,
            endMs,
            ticks: xTicks,
            timeZone,
            fontPx,
            minTickGap: fontPx * 1.3,
          })}
        />
        <YAxis {...mosYAxisProps({ domain, ticks: mosTicks(domain), width: yAxisWidth, fontPx })} />
        <Tooltip isAnimationActive={false} content={tooltipContent} />
        {showLegend && (
          <Legend
            verticalAlign="top"
            height={Math.round(fontPx * 2.3)}
            iconType="plainline"
            wrapperStyle={legendFontPx === undefined ? undefined : { fontSize: legendFontPx }}
            itemSorter={(item) => {
              const index = LEGEND_ORDER.indexOf(String(item.value));
              return index < 0 ? LEGEND_ORDER.length : index;
            }}
          />
        )}
        {previousData && (
          // Faint and thin, under the current lines: the usual, not the news.
          <Line
            data={previousData}
            dataKey="median"
            name={previousName}
            type="linear"
            stroke={MOS_COLORS.previous}
            strokeOpacity={0.55}
            strokeWidth={lineWidthPx ?? 1.5}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        )}
        {drag && Math.abs(drag.x1 - drag.x0) >= CHART_DRAG_THRESHOLD_PX && (
          <ReferenceArea
            x1={Math.min(drag.t0, drag.t1)}
            x2={Math.max(drag.t0, drag.t1)}
            fill={MOS_COLORS.median}
            fillOpacity={0.15}
            ifOverflow="hidden"
          />
        )}
        <Line {...ceilingLineProps(lineWidthPx ?? 2, NAMES.ceiling)} />
        <Line
          {...measuredLineProps({
            data,
            dataKey: 'p5',
            name: NAMES.p5,
            color: MOS_COLORS.p5,
            strokeWidth: lineWidthPx ?? 1.5,
            strokeDasharray: P5_DASH,
          })}
        />
        <Line
          {...measuredLineProps({
            data,
            dataKey: 'median',
            name: NAMES.median,
            color: MOS_COLORS.median,
            strokeWidth: lineWidthPx ?? 2,
          })}
        />
      </LineChart>
    </div>
  );
}
