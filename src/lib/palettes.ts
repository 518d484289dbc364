// The one palette module: quantised, colour-blind-safe steps per metric (their thresholds are in
// the metric table, metrics.ts), and the special swatches (no data, error, exact zero). Pure: no
// DOM, no React.
import { METRICS, type HeatmapMetric } from './metrics.ts';

export type { PaletteTheme } from './health-colours.ts';
import type { PaletteTheme } from './health-colours.ts';
export type Rgb = readonly [number, number, number];

/**
 * Used when a MOS value arrives without its codec's ceiling: G.711 (4.41) is the common voice
 * codec and the highest ceiling in the field, so an unknown codec is never judged too kindly.
 */
export const DEFAULT_CODEC_MAX_MOS = 4.41;

/** How many colour steps a metric has (not counting no-data and error). */
export function stepCount(metric: HeatmapMetric): number {
  const scale = METRICS[metric];
  return scale.bounds.length + 1 + (scale.zeroStep ? 1 : 0);
}

/** The thresholds of a metric: lower bounds of its steps after the first non-zero one. */
export function thresholdsOf(metric: HeatmapMetric): readonly number[] {
  return METRICS[metric].bounds;
}

export function hasZeroStep(metric: HeatmapMetric): boolean {
  return METRICS[metric].zeroStep;
}

/** The "higher is worse" measure a metric is judged by: the value, or MOS headroom. */
export function severityMeasure(
  metric: HeatmapMetric,
  value: number,
  codecMaxMos?: number,
): number {
  if (METRICS[metric].judgedBy === 'value') return value;
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
  const scale = METRICS[metric];
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

/**
 * One colour language for every theme, the wall included: calm blue-grey for good, amber for
 * fair, red for poor, and the worst step always the most salient against its background (the
 * largest colour difference; on a dark page also the most saturated, never the palest). Seven
 * colours, best → worst: two good, three fair, two poor; a metric with fewer steps samples them
 * evenly, which keeps each step in its health's family (tested, with every rule below).
 *
 * Colour-vision deficiencies (tested with a deuteranopia and protanopia simulation): adjacent
 * steps always differ in lightness, and poor always stands out from the page more than good. The
 * light ramp also darkens step by step, so its order survives greyscale. A dark page cannot have
 * both a monotone lightness and a saturated red worst (no red is as light as amber); there the
 * worst reds are told from amber by lightness and by hue (amber and red stay apart even for a
 * red-green deficiency, as yellow and dark olive), and the legend and tooltips name the values.
 */
const RAMPS: Record<PaletteTheme, readonly string[]> = {
  light: ['#eef2f6', '#d3e1eb', '#f0bb48', '#e89632', '#da6e22', '#d0442c', '#6e0818'],
  dark: ['#1a2530', '#29465e', '#7a5a14', '#a87a18', '#c8922a', '#d8322c', '#ff3b3b'],
};

/** Swatches outside the ramp: both distinct in hue and pattern from every step. */
const SPECIAL: Record<
  PaletteTheme,
  { noData: string; noDataHatch: string; error: string; errorHatch: string; background: string }
> = {
  // No data: grey with pale hatching, so an agent that went silent shows against the pale calm of
  // healthy rounds. Error: violet in both themes, off the blue-amber-red language for every CVD
  // type (it stays blue where amber and red turn yellow), with a hatch in the other direction.
  light: {
    background: '#ffffff',
    noData: '#b9bfc6',
    noDataHatch: '#eef0f3',
    error: '#5b4fc4',
    errorHatch: '#2e2578',
  },
  // No data: the panel colour, hatched.
  dark: {
    background: '#14181d',
    noData: '#14181d',
    noDataHatch: '#3a424c',
    error: '#a97bff',
    errorHatch: '#6b3fc0',
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

/** Text and frame of a heatmap saved as a picture, on its theme's background. */
const PICTURE: Record<PaletteTheme, { text: string; muted: string; border: string }> = {
  light: { text: '#1d2329', muted: '#5c6670', border: '#c9d0d6' },
  dark: { text: '#e6e9ec', muted: '#a3adb8', border: '#3a424c' },
};

export function pictureColours(theme: PaletteTheme) {
  return { background: SPECIAL[theme].background, ...PICTURE[theme] };
}

/** The shared crosshair's line over the cells: the most contrast against every step. */
export function crosshairColour(theme: PaletteTheme): string {
  return theme === 'dark' ? '#ffffff' : '#000000';
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
export type { Health } from './health-colours.ts';
import type { Health } from './health-colours.ts';

/** The health a colour step stands for: steps 0–1 good, the top two poor (an incident), the rest fair. */
export function healthOfStep(metric: HeatmapMetric, step: number): Health {
  const n = stepCount(metric);
  if (step >= n - 2) return 'poor';
  if (step <= 1) return 'good';
  return 'fair';
}

export function healthOf(
  metric: HeatmapMetric,
  value: number | undefined,
  codecMaxMos?: number,
): Health | undefined {
  const bucket = bucketOf(metric, value, codecMaxMos);
  if (bucket === NO_BUCKET) return undefined;
  return healthOfStep(metric, bucket);
}

function trimNumber(n: number): string {
  return String(Number(n.toFixed(2)));
}

/** Legend labels, one per step, best → worst: "0 %", "< 0.5 %", "0.5–1 %", …, "≥ 10 %". */
export function stepLabels(metric: HeatmapMetric): string[] {
  const scale = METRICS[metric];
  const unit = scale.judgedBy === 'headroom' ? ' below max' : ` ${scale.unit}`;
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
