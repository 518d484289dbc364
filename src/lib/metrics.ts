// The one metric table: for each metric a heatmap can show, its name and unit, how a value is
// written, the thresholds of its colour steps, and where a round's value comes from. The
// palettes, the formats, the rounds matrix, the CSV and the round details all read it, so a
// metric is added here (and its steps tested in metrics.test.ts) and nowhere else.
import type { RoundResult } from './model.ts';

export interface MetricDefinition {
  /** As the heatmap titles, legends and tooltips name it. */
  name: string;
  /** Written after a value ('' for none). */
  unit: string;
  /** A measured value as people read it, with its unit (never called for a missing value). */
  format: (value: number) => string;
  /**
   * What the colour steps judge, "higher is worse": the value itself, or (for MOS) its headroom
   * below the codec's ceiling, codecMaxMos − MOS.
   */
  judgedBy: 'value' | 'headroom';
  /** Exactly 0 gets a step of its own (step 0): "measured, and perfect" reads differently. */
  zeroStep: boolean;
  /** Ascending lower bounds of the steps after the first (non-zero) step, on the judged measure. */
  bounds: readonly number[];
  /** The round's value, or undefined when upstream did not measure it. */
  read: (row: RoundResult) => number | undefined;
}

/** One decimal below 10, whole numbers above: "0.4 %", "12 ms". */
function withUnit(unit: string) {
  return (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ${unit}`;
}

/** How far MOS sits below its codec's ceiling: the MOS colour steps and the headroom's own. */
// headroom < 0.1 | [0.1, 0.25) | [0.25, 0.5) | [0.5, 1) | [1, 1.5) | 1.5+
const HEADROOM_BOUNDS = [0.1, 0.25, 0.5, 1, 1.5];

const DEFINITIONS = {
  loss: {
    name: 'Loss',
    unit: '%',
    format: withUnit('%'),
    judgedBy: 'value',
    // 0 | (0, 0.5) | [0.5, 1) | [1, 2) | [2, 5) | [5, 10) | 10+
    zeroStep: true,
    bounds: [0.5, 1, 2, 5, 10],
    read: (row) => row.loss,
  },
  latency: {
    name: 'Latency',
    unit: 'ms',
    format: withUnit('ms'),
    judgedBy: 'value',
    // < 50 | [50, 100) | [100, 150) | [150, 250) | [250, 400) | 400+
    zeroStep: false,
    bounds: [50, 100, 150, 250, 400],
    read: (row) => row.latency,
  },
  pdv: {
    name: 'PDV',
    unit: 'ms',
    format: withUnit('ms'),
    judgedBy: 'value',
    // PDV is sent as whole milliseconds, so 0 is common and meaningful.
    zeroStep: true,
    bounds: [5, 10, 20, 30, 50],
    read: (row) => row.pdv,
  },
  discards: {
    name: 'Discards',
    unit: '%',
    format: withUnit('%'),
    judgedBy: 'value',
    zeroStep: true,
    bounds: [0.5, 1, 2, 5, 10],
    read: (row) => row.discards,
  },
  mos: {
    name: 'MOS',
    unit: '',
    format: (value) => value.toFixed(2),
    judgedBy: 'headroom',
    zeroStep: false,
    bounds: HEADROOM_BOUNDS,
    read: (row) => row.mos,
  },
  headroom: {
    name: 'MOS headroom',
    unit: 'below max',
    format: (value) => `${value.toFixed(2)} below max`,
    judgedBy: 'value',
    zeroStep: false,
    bounds: HEADROOM_BOUNDS,
    read: (row) =>
      row.mos === undefined || row.codecMaxMos === undefined
        ? undefined
        : row.codecMaxMos - row.mos,
  },
} as const satisfies Record<string, MetricDefinition>;

/** A metric a heatmap can show, keyed as the URL and the accessible names spell it. */
export type HeatmapMetric = keyof typeof DEFINITIONS;

export const METRICS: Readonly<Record<HeatmapMetric, MetricDefinition>> = DEFINITIONS;

/** Every metric, in the order the pickers list them. */
export const HEATMAP_METRICS = Object.keys(DEFINITIONS) as readonly HeatmapMetric[];
