// Small numeric helpers for summaries: NaN means "no value" and is skipped, never counted as zero.

/**
 * The q-quantile (0 ≤ q ≤ 1) of values already sorted ascending, interpolating linearly between
 * neighbours (the common "type 7" definition: p50 of [1, 2, 3, 4] is 2.5). Undefined when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const clamped = Math.min(1, Math.max(0, q));
  const position = (n - 1) * clamped;
  const lower = Math.floor(position);
  const upper = Math.min(n - 1, lower + 1);
  const lowerValue = sorted[lower] as number;
  const upperValue = sorted[upper] as number;
  return lowerValue + (upperValue - lowerValue) * (position - lower);
}

/** The finite values of `values`, sorted ascending, in a new typed array. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const out = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) out[j++] = value;
  }
  return out.sort();
}

/** The q-quantile of the finite values, in any order. */
export function quantile(values: ArrayLike<number>, q: number): number | undefined {
  return quantileSorted(sortedFinite(values), q);
}

/** Mean of the finite values, undefined when there are none. */
export function mean(values: ArrayLike<number>): number | undefined {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) {
      sum += value;
      count++;
    }
  }
  return count === 0 ? undefined : sum / count;
}
