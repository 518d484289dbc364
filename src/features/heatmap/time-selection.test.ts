import { describe, expect, it } from 'vitest';
import {
  crosshairX,
  isDrag,
  roundAtX,
  roundIndexAtTime,
  roundsBetween,
  roundsBetweenPixels,
  spanPixels,
  timeSpanOfRounds,
} from './time-selection.ts';

// 12 rounds of 300 s across 600 px: 50 px a round.
const FIRST = 1_700_000_100;
const roundIds = Array.from({ length: 12 }, (_, i) => FIRST + i * 300);

describe('rounds from pixels', () => {
  it('finds the round under x, clamped to the cells', () => {
    expect(roundAtX(0, 600, 12)).toBe(0);
    expect(roundAtX(49.9, 600, 12)).toBe(0);
    expect(roundAtX(50, 600, 12)).toBe(1);
    expect(roundAtX(-30, 600, 12)).toBe(0);
    expect(roundAtX(900, 600, 12)).toBe(11);
  });

  it('tells a click from a drag', () => {
    expect(isDrag(100, 102)).toBe(false);
    expect(isDrag(100, 96)).toBe(true);
  });

  it('covers every round a drag touches, whichever way it went', () => {
    expect(roundsBetweenPixels(120, 260, 600, 12)).toEqual({ from: 2, to: 6 });
    expect(roundsBetweenPixels(260, 120, 600, 12)).toEqual({ from: 2, to: 6 });
    expect(roundsBetweenPixels(-10, 9000, 600, 12)).toEqual({ from: 0, to: 12 });
  });

  it('selects between two rounds for the keyboard, both included', () => {
    expect(roundsBetween(7, 4)).toEqual({ from: 4, to: 8 });
    expect(roundsBetween(3, 3)).toEqual({ from: 3, to: 4 });
  });
});

describe('time of a selection', () => {
  it('runs from the first round start to the last round end', () => {
    expect(timeSpanOfRounds(roundIds, 300, { from: 2, to: 6 })).toEqual({
      startMs: (FIRST + 600) * 1000,
      endMs: (FIRST + 1800) * 1000,
    });
    expect(timeSpanOfRounds(roundIds, 300, { from: 5, to: 5 })).toBeUndefined();
  });

  it('places the selection box over its rounds', () => {
    expect(spanPixels({ from: 2, to: 6 }, 600, 12)).toEqual({ left: 100, width: 200 });
  });
});

describe('crosshair', () => {
  it('finds the round a time falls in, and nothing outside the heatmap', () => {
    expect(roundIndexAtTime((FIRST + 300) * 1000, roundIds, 300)).toBe(1);
    expect(roundIndexAtTime((FIRST + 599) * 1000, roundIds, 300)).toBe(1);
    expect(roundIndexAtTime((FIRST - 1) * 1000, roundIds, 300)).toBeUndefined();
    expect(roundIndexAtTime((FIRST + 3600) * 1000, roundIds, 300)).toBeUndefined();
  });

  it('draws at the middle of the round column', () => {
    expect(crosshairX((FIRST + 300) * 1000, roundIds, 300, 600)).toBe(75);
    expect(crosshairX((FIRST + 3600) * 1000, roundIds, 300, 600)).toBeUndefined();
  });
});
