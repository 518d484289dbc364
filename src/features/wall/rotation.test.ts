import { describe, expect, it } from 'vitest';
import { pixelShift, rotationIndex, rotationProgress } from './rotation.ts';

// A whole number of 30 s periods since the epoch, so the arithmetic below reads plainly.
const PERIOD_START_MS = Date.UTC(2026, 10, 20, 10, 0, 0);

describe('rotationIndex', () => {
  it('turns to the next test when a period ends, and wraps after the last', () => {
    const first = rotationIndex(PERIOD_START_MS, 30, 3);
    expect(rotationIndex(PERIOD_START_MS + 29_999, 30, 3)).toBe(first);
    expect(rotationIndex(PERIOD_START_MS + 30_000, 30, 3)).toBe((first + 1) % 3);
    expect(rotationIndex(PERIOD_START_MS + 90_000, 30, 3)).toBe(first);
  });

  it('is the same on every screen at the same moment (a function of the clock alone)', () => {
    const at = PERIOD_START_MS + 47_000;
    expect(rotationIndex(at, 30, 5)).toBe(rotationIndex(at, 30, 5));
    expect(rotationIndex(at, 30, 5)).toBe(Math.floor(at / 30_000) % 5);
  });

  it('stays on the first test with no tests or no rotation', () => {
    expect(rotationIndex(PERIOD_START_MS + 12_345, 30, 0)).toBe(0);
    expect(rotationIndex(PERIOD_START_MS + 12_345, 0, 4)).toBe(0);
  });
});

describe('rotationProgress', () => {
  it('runs from 0 to just under 1 through a period', () => {
    expect(rotationProgress(PERIOD_START_MS, 30)).toBe(0);
    expect(rotationProgress(PERIOD_START_MS + 15_000, 30)).toBe(0.5);
    expect(rotationProgress(PERIOD_START_MS + 29_999, 30)).toBeCloseTo(0.99997, 5);
    expect(rotationProgress(PERIOD_START_MS + 30_000, 30)).toBe(0);
    expect(rotationProgress(PERIOD_START_MS, 0)).toBe(0);
  });
});

describe('pixelShift', () => {
  it('within a cycle, holds an offset for a step, then moves it by one pixel, within ±3 px', () => {
    const stepMs = 3 * 60_000;
    const cycleMs = 49 * stepMs; // the 7 × 7 square, walked row by row
    const start = Math.floor(PERIOD_START_MS / cycleMs) * cycleMs;
    const offsets = Array.from({ length: 49 }, (_, step) => pixelShift(start + step * stepMs));
    expect(pixelShift(start + stepMs - 1)).toEqual(offsets[0]);
    for (let step = 1; step < offsets.length; step++) {
      const [a, b] = [offsets[step - 1]!, offsets[step]!];
      expect(Math.abs(a.x - b.x) + Math.abs(a.y - b.y)).toBe(1);
    }
    for (const { x, y } of offsets) {
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(3);
    }
    // It walks all 49 positions of the 7 × 7 square before it repeats.
    expect(new Set(offsets.map(({ x, y }) => `${x},${y}`)).size).toBe(49);
  });
});
