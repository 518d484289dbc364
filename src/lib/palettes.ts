// The one palette module: quantised, colour-blind-safe steps per metric, with the thresholds that
// decide them, and the special swatches (no data, error, exact zero). Pure: no DOM, no React.
import type { HeatmapMetric } from '../api/model.ts';
import { METRIC_LABELS } from './format.ts';

export type PaletteTheme = 'light' | 'dark';
export type Rgb = readonly [number, number, number];

/**
 * Used when a MOS value arrives without its codec's ceiling: G.711 (4.41) is the common voice
 * codec and the highest ceiling in the field, so an unknown codec is never judged too kindly.
 */
export const DEFAULT_CODEC_MAX_MOS = 4.41;

interface ScaleDefinition {
  /** Exactly 0 gets a step of its own (step 0): "measured, and perfect" reads differently. */
  zeroStep: boolean;
  /** Ascending lower bounds of the steps after the first (non-zero) step. */
  bounds: readonly number[];
}

/**
 * Thresholds per metric, on the "higher is worse" measure: the value itself, except MOS, which is
 * judged by its headroom below the codec's ceiling (codecMaxMos − mos), as API.md asks.
 */
const SCALES: Record<HeatmapMetric, ScaleDefinition> = {
  // 0 | (0, 0.5) | [0.5, 1) | [1, 2) | [2, 5) | [5, 10) | 10+
  loss: { zeroStep: true, bounds: [0.5, 1, 2, 5, 10] },
  discards: { zeroStep: true, bounds: [0.5, 1, 2, 5, 10] },
  // < 50 | [50, 100) | [100, 150) | [150, 250) | [250, 400) | 400+
  latency: { zeroStep: false, bounds: [50, 100, 150, 250, 400] },
  // PDV is sent as whole milliseconds, so 0 is common and meaningful.
  pdv: { zeroStep: true, bounds: [5, 10, 20, 30, 50] },
  // headroom < 0.1 | [0.1, 0.25) | [0.25, 0.5) | [0.5, 1) | [1, 1.5) | 1.5+
  mos: { zeroStep: false, bounds: [0.1, 0.25, 0.5, 1, 1.5] },
};

/** How many colour steps a metric has (not counting no-data and error). */
export function stepCount(metric: HeatmapMetric): number {
  const scale = SCALES[metric];
  return scale.bounds.length + 1 + (scale.zeroStep ? 1 : 0);
}

/** The thresholds of a metric: lower bounds of its steps after the first non-zero one. */
export function thresholdsOf(metric: HeatmapMetric): readonly number[] {
  return SCALES[metric].bounds;
}

export function hasZeroStep(metric: HeatmapMetric): boolean {
  return SCALES[metric].zeroStep;
}

/** The "higher is worse" measure a metric is judged by: the value, or MOS headroom. */
export function severityMeasure(
  metric: HeatmapMetric,
  value: number,
  codecMaxMos?: number,
): number {
  if (metric !== 'mos') return value;
  const ceiling =
    codecMaxMos === undefined || Number.isNaN(codecMaxMos) ? DEFAULT_CODEC_MAX_MOS : codecMaxMos;
  return ceiling - value;
}

/** Returned by bucketOf for a missing value (undefined or NaN): never a colour step. */
export const NO_BUCKET = -1;

/**
 * The colour step of a value: 0 is best, stepCount(metric) − 1 is worst. MOS is placed by its
 * headroom below codecMaxMos. A missing value gives NO_BUCKET, never step 0.
 */
export function bucketOf(
  metric: HeatmapMetric,
  value: number | undefined,
  codecMaxMos?: number,
): number {
  if (value === undefined || Number.isNaN(value)) return NO_BUCKET;
  const scale = SCALES[metric];
  const measure = severityMeasure(metric, value, codecMaxMos);
  let step = 0;
  if (scale.zeroStep) {
    if (measure <= 0) return 0;
    step = 1;
  }
  for (const bound of scale.bounds) {
    if (measure >= bound) step++;
    else break;
  }
  return step;
}

// Ramps, best → worst, with CIE L* strictly monotonic (tested), so the order survives every kind
// of colour-vision deficiency and greyscale: light theme runs pale → dark, dark theme dark → bright,
// so healthy cells stay quiet against the page and incidents stand out.
const RAMPS: Record<PaletteTheme, readonly string[]> = {
  light: ['#f6f4dc', '#f4de86', '#fdb54f', '#f4803d', '#dc4a2c', '#b2182b', '#67001f'],
  dark: ['#20303d', '#2f4f6b', '#5b5b9e', '#b8589e', '#ea6e5c', '#f7a23d', '#fbe87a'],
};

/** Swatches outside the ramp: both distinct in hue and pattern from every step. */
const SPECIAL: Record<
  PaletteTheme,
  { noData: string; noDataHatch: string; error: string; errorHatch: string; background: string }
> = {
  // No data: cool grey with pale hatching, so an agent that went silent shows against the cream of
  // healthy rounds. Error: blue-violet, off the yellow-red ramp for every CVD type, with a darker
  // hatch in the other direction.
  light: {
    background: '#ffffff',
    noData: '#cfd3d8',
    noDataHatch: '#f4f5f7',
    error: '#5b4fc4',
    errorHatch: '#2e2578',
  },
  // Error: cyan, off the purple-orange-yellow ramp; no data: the panel colour, hatched.
  dark: {
    background: '#14181d',
    noData: '#14181d',
    noDataHatch: '#3a424c',
    error: '#33c3d8',
    errorHatch: '#17808f',
  },
};

/** The hex colour of each step of a metric, best → worst (the ramp, evenly sampled). */
export function stepColours(metric: HeatmapMetric, theme: PaletteTheme): string[] {
  const ramp = RAMPS[theme];
  const n = stepCount(metric);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const rampIndex = n === 1 ? 0 : Math.round((i * (ramp.length - 1)) / (n - 1));
    out.push(ramp[rampIndex] ?? ramp[0]!);
  }
  return out;
}

export function specialColours(theme: PaletteTheme) {
  return SPECIAL[theme];
}

/** The colour of one value (for a chart dot or a table cell); the no-data colour when missing. */
export function colourOf(
  metric: HeatmapMetric,
  value: number | undefined,
  theme: PaletteTheme,
  codecMaxMos?: number,
): string {
  const bucket = bucketOf(metric, value, codecMaxMos);
  if (bucket === NO_BUCKET) return SPECIAL[theme].noDataHatch;
  return stepColours(metric, theme)[bucket] ?? SPECIAL[theme].noDataHatch;
}

/** Three-level health, for badges and summaries that do not need every step. */
export type Health = 'good' | 'fair' | 'poor';

/** Steps 0–1 are good, the top two steps poor (an incident), the rest fair. */
export function healthOf(
  metric: HeatmapMetric,
  value: number | undefined,
  codecMaxMos?: number,
): Health | undefined {
  const bucket = bucketOf(metric, value, codecMaxMos);
  if (bucket === NO_BUCKET) return undefined;
  const n = stepCount(metric);
  if (bucket >= n - 2) return 'poor';
  if (bucket <= 1) return 'good';
  return 'fair';
}

/** Health colours taken from the same ramps, so a badge and a heatmap cell agree. */
export const HEALTH_COLOURS: Record<PaletteTheme, Record<Health, string>> = {
  light: { good: RAMPS.light[1]!, fair: RAMPS.light[3]!, poor: RAMPS.light[5]! },
  dark: { good: RAMPS.dark[1]!, fair: RAMPS.dark[4]!, poor: RAMPS.dark[6]! },
};

function trimNumber(n: number): string {
  return String(Number(n.toFixed(2)));
}

/** Legend labels, one per step, best → worst: "0 %", "< 0.5 %", "0.5–1 %", …, "≥ 10 %". */
export function stepLabels(metric: HeatmapMetric): string[] {
  const scale = SCALES[metric];
  const unit = metric === 'mos' ? ' below max' : ` ${METRIC_LABELS[metric].unit}`;
  const labels: string[] = [];
  const first = scale.bounds[0];
  if (scale.zeroStep) labels.push(`0${unit}`);
  if (first !== undefined) labels.push(`< ${trimNumber(first)}${unit}`);
  for (let i = 0; i < scale.bounds.length; i++) {
    const lower = scale.bounds[i]!;
    const upper = scale.bounds[i + 1];
    labels.push(
      upper === undefined
        ? `≥ ${trimNumber(lower)}${unit}`
        : `${trimNumber(lower)}–${trimNumber(upper)}${unit}`,
    );
  }
  return labels;
}

/** Parses "#rrggbb". */
export function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** CIE L* (D65) of an sRGB colour: the lightness every kind of colour vision still sees. */
export function lightnessOf(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}
