// What the overview and the small multiples draw alike: the time axis, the MOS axis, the tooltip,
// the codec ceiling and a measured series line. Props to spread on recharts' own elements, so
// each chart keeps them as direct children of its LineChart.
import type { LineProps, XAxisProps, YAxisProps } from 'recharts';
import { formatAxisTime, type TimeZoneChoice } from '../../lib/format.ts';
import { CEILING_DASH, MOS_COLORS } from './mos-chart-style.ts';
import { isolatedDot } from './isolated-dot.tsx';
import { MosTooltip, type MosTooltipLine } from './mos-tooltip.tsx';

/** The time axis over [startMs, endMs], its labels spelled for the span and the time zone. */
export function timeXAxisProps({
  startMs,
  endMs,
  ticks,
  timeZone,
  fontPx,
  minTickGap,
}: {
  startMs: number;
  endMs: number;
  ticks: number[];
  timeZone: TimeZoneChoice;
  fontPx: number;
  minTickGap: number;
}): XAxisProps {
  return {
    dataKey: 't',
    type: 'number',
    domain: [startMs, endMs],
    ticks,
    tickFormatter: (ms: number) => formatAxisTime(ms, timeZone, endMs - startMs),
    tick: { fill: MOS_COLORS.axis, fontSize: fontPx },
    stroke: MOS_COLORS.grid,
    minTickGap,
  };
}

/** The MOS axis: one decimal, `width` px wide (room for "4.4" at `fontPx`); values outside are cut. */
export function mosYAxisProps({
  domain,
  ticks,
  width,
  fontPx,
}: {
  domain: [number, number];
  ticks: number[];
  width: number;
  fontPx: number;
}): YAxisProps {
  return {
    domain,
    ticks,
    allowDataOverflow: true,
    width,
    tick: { fill: MOS_COLORS.axis, fontSize: fontPx },
    stroke: MOS_COLORS.grid,
    tickFormatter: (value: number) => value.toFixed(1),
  };
}

/** A tooltip body for the point under the pointer: its time, then `describe`'s lines and note. */
export function mosTooltipContent<Point extends { t: number; rounds: number }>(
  timeZone: TimeZoneChoice,
  describe: (point: Point) => { lines: MosTooltipLine[]; note?: string },
) {
  return function MosTooltipContent({
    active,
    payload,
  }: {
    active?: boolean;
    payload?: readonly { payload?: unknown }[];
  }) {
    const point = payload?.[0]?.payload as Point | undefined;
    if (!active || !point) return null;
    const { lines, note } = describe(point);
    return (
      <MosTooltip t={point.t} rounds={point.rounds} timeZone={timeZone} lines={lines} note={note} />
    );
  };
}

/** Gaps stay gaps: a missing round is never bridged by a line. No animation on a refresh. */
const SERIES_LINE = { connectNulls: false, isAnimationActive: false } as const;

/** The codec's ceiling: stepped, dashed as well as coloured, no dots. */
export function ceilingLineProps(strokeWidth: number, name: string) {
  return {
    ...SERIES_LINE,
    dataKey: 'ceiling',
    name,
    type: 'stepAfter',
    stroke: MOS_COLORS.ceiling,
    strokeDasharray: CEILING_DASH,
    strokeWidth,
    dot: false,
  } satisfies Partial<LineProps>;
}

/** A measured series of `data`: straight segments, a dot only on a value between two gaps. */
export function measuredLineProps<
  const Key extends string,
  Point extends Record<Key, number | null>,
>({
  data,
  dataKey,
  name,
  color,
  strokeWidth,
  strokeDasharray,
}: {
  data: readonly Point[];
  dataKey: Key;
  name: string;
  color: string;
  strokeWidth: number;
  strokeDasharray?: string;
}) {
  return {
    ...SERIES_LINE,
    dataKey,
    name,
    type: 'linear',
    stroke: color,
    strokeWidth,
    ...(strokeDasharray === undefined ? {} : { strokeDasharray }),
    dot: isolatedDot(data, dataKey, color),
  } satisfies Partial<LineProps>;
}
