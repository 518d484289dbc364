// All agents at once: median and 5th-percentile MOS per round against the codec ceiling.
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RoundSummary } from '../../lib/model.ts';
import { formatAxisTime, type TimeZoneChoice } from '../../lib/format.ts';
import { CEILING_DASH, MOS_COLORS, OVERVIEW_HEIGHT, P5_DASH } from './mos-chart-style.ts';
import {
  MAX_CHART_POINTS,
  mosDomain,
  mosTicks,
  overviewMosSeries,
  timeTicks,
  type OverviewMosPoint,
} from './mos-series.ts';
import { isolatedDot } from './isolated-dot.tsx';
import { MosTooltip } from './mos-tooltip.tsx';

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
}

const NAMES = { median: 'Median MOS', p5: '5th percentile MOS', ceiling: 'Codec maximum' };
const LEGEND_ORDER = [NAMES.median, NAMES.p5, NAMES.ceiling];

export function MosOverviewChart({
  rounds,
  timeZone,
  height = OVERVIEW_HEIGHT,
  width,
  maxPoints = MAX_CHART_POINTS,
  fontPx = 12,
  showLegend = true,
}: MosOverviewChartProps) {
  const tick = { fill: MOS_COLORS.axis, fontSize: fontPx };
  const data = useMemo(() => overviewMosSeries(rounds, maxPoints), [rounds, maxPoints]);
  const domain = useMemo(() => mosDomain(data.flatMap((p) => [p.median, p.p5, p.ceiling])), [data]);
  const startMs = data[0]?.t ?? 0;
  const endMs = data[data.length - 1]?.t ?? 0;
  const spanMs = endMs - startMs;
  const xTicks = useMemo(() => timeTicks(startMs, endMs, 8), [startMs, endMs]);

  return (
    <div className="mos-overview" style={{ height }}>
      <LineChart
        data={data}
        responsive={width === undefined}
        width={width}
        height={height}
        style={width === undefined ? { width: '100%', height } : undefined}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        title="All agents: median and 5th percentile MOS against the codec maximum"
      >
        <CartesianGrid stroke={MOS_COLORS.grid} vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          domain={[startMs, endMs]}
          ticks={xTicks}
          tickFormatter={(ms: number) => formatAxisTime(ms, timeZone, spanMs)}
          tick={tick}
          stroke={MOS_COLORS.grid}
          minTickGap={fontPx * 1.3}
        />
        <YAxis
          domain={domain}
          ticks={mosTicks(domain)}
          allowDataOverflow
          // Room for "4.4" at the tick size.
          width={Math.ceil(fontPx * 3)}
          tick={tick}
          stroke={MOS_COLORS.grid}
          tickFormatter={(value: number) => value.toFixed(1)}
        />
        <Tooltip
          isAnimationActive={false}
          content={({ active, payload }) => {
            const point = payload?.[0]?.payload as OverviewMosPoint | undefined;
            if (!active || !point) return null;
            return (
              <MosTooltip
                t={point.t}
                rounds={point.rounds}
                timeZone={timeZone}
                note={`${point.agentsReporting} agents reporting`}
                lines={[
                  { label: NAMES.median, value: point.median, color: MOS_COLORS.median },
                  { label: NAMES.p5, value: point.p5, color: MOS_COLORS.p5 },
                  { label: NAMES.ceiling, value: point.ceiling, color: MOS_COLORS.ceiling },
                ]}
              />
            );
          }}
        />
        {showLegend && (
          <Legend
            verticalAlign="top"
            height={Math.round(fontPx * 2.3)}
            iconType="plainline"
            itemSorter={(item) => LEGEND_ORDER.indexOf(String(item.value))}
          />
        )}
        <Line
          dataKey="ceiling"
          name={NAMES.ceiling}
          type="stepAfter"
          stroke={MOS_COLORS.ceiling}
          strokeDasharray={CEILING_DASH}
          strokeWidth={2}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="p5"
          name={NAMES.p5}
          type="linear"
          stroke={MOS_COLORS.p5}
          strokeDasharray={P5_DASH}
          strokeWidth={1.5}
          dot={isolatedDot(data, 'p5', MOS_COLORS.p5)}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="median"
          name={NAMES.median}
          type="linear"
          stroke={MOS_COLORS.median}
          strokeWidth={2}
          dot={isolatedDot(data, 'median', MOS_COLORS.median)}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
