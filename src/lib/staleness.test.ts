import { describe, expect, it } from 'vitest';
import { describeAge, isStale } from './staleness.ts';

describe('isStale', () => {
  const updated = Date.UTC(2026, 10, 26, 12, 0, 0);

  it('is fresh up to two intervals and stale after', () => {
    expect(isStale(updated, 300, updated + 600_000)).toBe(false);
    expect(isStale(updated, 300, updated + 600_001)).toBe(true);
    expect(isStale(updated, 60, updated + 121_000)).toBe(true);
  });

  it('never calls data that has not arrived yet stale', () => {
    expect(isStale(0, 60, updated)).toBe(false);
  });
});

describe('describeAge', () => {
  it('reads like a person would say it', () => {
    expect(describeAge(2_000)).toBe('just now');
    expect(describeAge(45_000)).toBe('45 s ago');
    expect(describeAge(185_000)).toBe('3 min ago');
    expect(describeAge(7_500_000)).toBe('2 h 5 min ago');
    expect(describeAge(3 * 86_400_000)).toBe('3 d ago');
  });
});
