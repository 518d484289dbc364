// Each cell of an agents × rounds matrix as a palette entry ordered by severity (no data < best
// value … worst value < error), and each cell's "higher is worse" measure: what the painter, the
// hover and the keyboard cursor all rank cells by.
import { CELL_ERROR, CELL_VALUE, type RoundsMatrix } from '../../lib/model.ts';
import { type HeatmapMetric } from '../../lib/metrics.ts';
import { DEFAULT_CODEC_MAX_MOS, hasZeroStep, stepCount, thresholdsOf } from '../../lib/palettes.ts';

/** Palette entry of a cell with no value for the metric (no row, or the metric missing). */
export const ENTRY_NO_DATA = 0;

/** Palette entry of an error round: above every value step, so it wins any downsampling. */
export function errorEntry(metric: HeatmapMetric): number {
  return stepCount(metric) + 1;
}

/**
 * Palette entry per cell, in matrix order: 0 no data, 1 + bucketOf(…) for a value, errorEntry.
 * bucketOf inlined over typed arrays: this runs once per cell of a 1M-cell window.
 */
export function classifyCells(matrix: RoundsMatrix, metric: HeatmapMetric): Uint8Array {
  const { cellState, codecMaxMos } = matrix;
  const values = matrix.values[metric];
  const entries = new Uint8Array(cellState.length);
  // Imported bindings copied to locals: some module loaders turn each read in a hot loop into a
  // property access (tsx: several times slower over a million cells).
  const stateError = CELL_ERROR;
  const stateValue = CELL_VALUE;
  const defaultCeiling = DEFAULT_CODEC_MAX_MOS;
  const error = errorEntry(metric);
  const bounds = thresholdsOf(metric);
  // The first five thresholds in locals, unrolled: several times faster than a loop over them on
  // a million cells. Missing ones are Infinity; any beyond five are looked at only past the fifth.
  const b0 = bounds[0] ?? Infinity;
  const b1 = bounds[1] ?? Infinity;
  const b2 = bounds[2] ?? Infinity;
  const b3 = bounds[3] ?? Infinity;
  const b4 = bounds[4] ?? Infinity;
  const zeroStep = hasZeroStep(metric);
  const firstEntry = zeroStep ? 2 : 1;
  const isMos = metric === 'mos';
  for (let i = 0; i < cellState.length; i++) {
    const state = cellState[i];
    if (state === stateError) {
      entries[i] = error;
      continue;
    }
    if (state !== stateValue) continue;
    const value = values[i]!;
    if (value !== value) continue; // NaN: this row has no value for the metric
    let measure = value;
    if (isMos) {
      const ceiling = codecMaxMos[i]!;
      measure = (ceiling === ceiling ? ceiling : defaultCeiling) - value;
    }
    if (zeroStep && measure <= 0) {
      entries[i] = 1;
      continue;
    }
    let entry =
      measure < b0
        ? firstEntry
        : measure < b1
          ? firstEntry + 1
          : measure < b2
            ? firstEntry + 2
            : measure < b3
              ? firstEntry + 3
              : measure < b4
                ? firstEntry + 4
                : firstEntry + 5;
    for (let k = 5; k < bounds.length && measure >= bounds[k]!; k++) entry++;
    entries[i] = entry;
  }
  return entries;
}

/** The "higher is worse" measure of each cell (palettes.ts's severityMeasure), by cell index. */
export function severityAccessor(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
): (cellIndex: number) => number {
  const values = matrix.values[metric];
  if (metric !== 'mos') return (i) => values[i] ?? Number.NaN;
  const { codecMaxMos } = matrix;
  return (i) => {
    const ceiling = codecMaxMos[i] ?? Number.NaN;
    return (Number.isNaN(ceiling) ? DEFAULT_CODEC_MAX_MOS : ceiling) - (values[i] ?? Number.NaN);
  };
}
