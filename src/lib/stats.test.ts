import { describe, expect, it } from 'vitest';
import { mean, quantile, quantileInPlace } from './stats.ts';

/** The definition the selections are held to: type 7 on the sorted finite values. */
function quantileSorted(sorted: ArrayLike<number>, q: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const lowerValue = sorted[lower] as number;
  const upperValue = sorted[Math.min(n - 1, lower + 1)] as number;
  return lowerValue + (upperValue - lowerValue) * (position - lower);
}

function sortedFinite(values: readonly number[]): Float64Array {
  return Float64Array.from(values.filter(Number.isFinite)).sort();
}

describe('quantiles', () => {
  it('interpolates between neighbours', () => {
    expect(quantile([4, 2, 1, 3], 0.5)).toBe(2.5);
    expect(quantileInPlace(Float64Array.of(20, 10), 0.05)).toBeCloseTo(10.5);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('has no value for no data, rather than zero', () => {
    expect(quantile([], 0.5)).toBeUndefined();
    expect(quantileInPlace(new Float64Array(0), 0.5)).toBeUndefined();
    expect(quantile([NaN, NaN], 0.5)).toBeUndefined();
    expect(mean([NaN])).toBeUndefined();
  });

  it('finds by selection what sorting finds, for any values and quantile', () => {
    let state = 7;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let run = 0; run < 200; run++) {
      const length = Math.floor(next() * 60);
      // Few distinct values (ties), NaN and infinities among them.
      const values = Array.from({ length }, () => {
        const pick = next();
        if (pick < 0.05) return NaN;
        if (pick < 0.08) return pick < 0.065 ? Infinity : -Infinity;
        return Math.round(next() * 10) / (pick < 0.5 ? 1 : 4);
      });
      // One buffer asked several quantiles in turn, as the summaries ask their scratch buffers:
      // each selection leaves it reordered for the next.
      const buffer = Float64Array.from(values.filter(Number.isFinite));
      for (const q of [0, 0.05, 0.5, 0.95, 1, next()]) {
        const sorted = quantileSorted(sortedFinite(values), q);
        expect(quantile(values, q), `${JSON.stringify(values)} q=${q}`).toBe(sorted);
        expect(quantileInPlace(buffer, q), `in place: ${JSON.stringify(values)} q=${q}`).toBe(
          sorted,
        );
      }
    }
  });

  it('skips NaN and orders numerically (10 after 9)', () => {
    expect(quantile([10, NaN, 9, 1], 1)).toBe(10);
    expect(quantile([10, NaN, 9, 1], 0.5)).toBe(9);
    expect(mean([1, NaN, 3])).toBe(2);
  });
});
