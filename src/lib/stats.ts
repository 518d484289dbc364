// Small numeric helpers for summaries: NaN means "no value" and is skipped, never counted as zero.

/** Where the q-quantile of n sorted values falls: the rank below it, and how far to the next. */
function quantileRank(n: number, q: number): { lower: number; fraction: number } {
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  return { lower, fraction: position - lower };
}

/**
 * quantile's scratch, reused from call to call and grown as needed: the headline figures take two
 * quantiles of every cell of the window at each rebuild (a week at 500 agents is a million cells),
 * and a new array each time was 16 MB of fresh memory a rebuild, which this machine pays for by
 * the megabyte. It holds as many values as the largest window shown since the page opened.
 */
let scratch = new Float64Array(0);

/** The finite values of `values`, in their order, in quantile's scratch (valid until its next call). */
function finiteValues(values: ArrayLike<number>): Float64Array {
  if (scratch.length < values.length) scratch = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) scratch[count++] = value;
  }
  return scratch.subarray(0, count);
}

/**
 * Moves the k-th smallest value of `values` to index k, the smaller ones before it and the
 * larger ones after it (Hoare's selection, in place): the order statistic without sorting the rest.
 */
function selectInPlace(values: Float64Array, k: number): void {
  let left = 0;
  let right = values.length - 1;
  const ends = new Int32Array(2);
  while (left < right) {
    partition(values, left, right, ends);
    const i = ends[0]!;
    const j = ends[1]!;
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * One step of selectInPlace: values[left..right] split around their middle value, the smaller
 * ones first; `ends` is given where the larger part starts and the smaller ends. A function of
 * its own, not an inner loop (see docs/architecture.md on hot loops).
 */
function partition(values: Float64Array, left: number, right: number, ends: Int32Array): void {
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
  ends[0] = i;
  ends[1] = j;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of the finite values, in any order, interpolating linearly between
 * neighbours (the common "type 7" definition: p50 of [1, 2, 3, 4] is 2.5); undefined when there
 * are none. Found by selection rather than a sort (a week at 500 agents is a million cells).
 */
export function quantile(values: ArrayLike<number>, q: number): number | undefined {
  return quantileInPlace(finiteValues(values), q);
}

/**
 * quantile's answer for `values` (finite, in any order), found by selection in place: the
 * values are reordered, not copied. For summaries that take a quantile or two of each
 * agent's or round's values from a scratch buffer (pass its subarray of values).
 */
export function quantileInPlace(values: Float64Array, q: number): number | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const { lower, fraction } = quantileRank(n, q);
  selectInPlace(values, lower);
  const lowerValue = values[lower]!;
  if (lower + 1 >= n) return lowerValue;
  // The next value up: the smallest of those selection left after the lower one.
  let upperValue = Infinity;
  for (let i = lower + 1; i < n; i++) if (values[i]! < upperValue) upperValue = values[i]!;
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
