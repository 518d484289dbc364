// Small numeric helpers for summaries: NaN means "no value" and is skipped, never counted as zero.

/**
 * The q-quantile (0 ≤ q ≤ 1) of values already sorted ascending, interpolating linearly between
 * neighbours (the common "type 7" definition: p50 of [1, 2, 3, 4] is 2.5). Undefined when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const { lower, fraction } = quantileRank(n, q);
  const lowerValue = sorted[lower] as number;
  const upperValue = sorted[Math.min(n - 1, lower + 1)] as number;
  return lowerValue + (upperValue - lowerValue) * fraction;
}

/** Where the q-quantile of n sorted values falls: the rank below it, and how far to the next. */
function quantileRank(n: number, q: number): { lower: number; fraction: number } {
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  return { lower, fraction: position - lower };
}

/** The finite values of `values`, in a new typed array, in their order. */
function finiteValues(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const out = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) out[j++] = value;
  }
  return out;
}

/** The finite values of `values`, sorted ascending, in a new typed array. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  return finiteValues(values).sort();
}

/**
 * Moves the k-th smallest value of `values` to index k, the smaller ones before it and the
 * larger ones after it (Hoare's selection, in place): the order statistic without sorting the rest.
 */
function selectInPlace(values: Float64Array, k: number): void {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * The q-quantile of the finite values, in any order: quantileSorted's answer, found by selection
 * rather than a sort (a week at 500 agents is a million cells, sorted twice a rebuild before).
 */
export function quantile(values: ArrayLike<number>, q: number): number | undefined {
  const finite = finiteValues(values);
  const n = finite.length;
  if (n === 0) return undefined;
  const { lower, fraction } = quantileRank(n, q);
  selectInPlace(finite, lower);
  const lowerValue = finite[lower]!;
  if (lower + 1 >= n) return lowerValue;
  // The next value up: the smallest of those selection left after the lower one.
  let upperValue = Infinity;
  for (let i = lower + 1; i < n; i++) if (finite[i]! < upperValue) upperValue = finite[i]!;
  return lowerValue + (upperValue - lowerValue) * fraction;
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
