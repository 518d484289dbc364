import { describe, expect, it } from 'vitest';
import { chartXOfTime, timeAtChartX } from './chart-time-axis.ts';

const plot = { left: 36, width: 400 };

describe('the MOS overview time axis', () => {
  it('reads the time under a pointer, clamped to the plot', () => {
    expect(timeAtChartX(36, plot, 1000, 5000)).toBe(1000);
    expect(timeAtChartX(236, plot, 1000, 5000)).toBe(3000);
    expect(timeAtChartX(0, plot, 1000, 5000)).toBe(1000);
    expect(timeAtChartX(900, plot, 1000, 5000)).toBe(5000);
  });

  it('places a time, and nothing outside the domain', () => {
    expect(chartXOfTime(3000, plot, 1000, 5000)).toBe(236);
    expect(chartXOfTime(999, plot, 1000, 5000)).toBeUndefined();
    expect(chartXOfTime(5001, plot, 1000, 5000)).toBeUndefined();
  });
});
