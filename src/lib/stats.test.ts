import { describe, expect, it } from 'vitest';
import { mean, quantile, quantileSorted, sortedFinite } from './stats.ts';

describe('quantiles', () => {
  it('interpolates between neighbours', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([10, 20], 0.05)).toBeCloseTo(10.5);
    expect(quantileSorted([7], 0.95)).toBe(7);
  });

  it('has no value for no data, rather than zero', () => {
    expect(quantileSorted([], 0.5)).toBeUndefined();
    expect(quantile([NaN, NaN], 0.5)).toBeUndefined();
    expect(mean([NaN])).toBeUndefined();
  });

  it('skips NaN and sorts numerically (10 after 9)', () => {
    expect([...sortedFinite([10, NaN, 9, 1])]).toEqual([1, 9, 10]);
    expect(quantile([10, NaN, 9, 1], 1)).toBe(10);
    expect(mean([1, NaN, 3])).toBe(2);
  });
});
