// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MOS_COLORS } from './mos-chart-style.ts';
import { mosTooltipContent } from './mos-chart-parts.tsx';

afterEach(cleanup);

interface Point {
  t: number;
  rounds: number;
  mos: number | null;
}

const content = mosTooltipContent<Point>('utc', (point) => ({
  lines: [{ label: 'MOS', value: point.mos, color: MOS_COLORS.mos }],
  note: 'two agents reporting',
}));

describe('mosTooltipContent', () => {
  it("shows the hovered point's time, its lines and the note", () => {
    const point: Point = { t: Date.UTC(2026, 0, 31, 14, 5), rounds: 3, mos: 3.87 };
    render(<>{content({ active: true, payload: [{ payload: point }] })}</>);
    expect(screen.getByText(/14:05/)).toBeTruthy();
    expect(screen.getByText('lowest of 3 rounds')).toBeTruthy();
    expect(screen.getByText(/MOS: 3\.87/)).toBeTruthy();
    expect(screen.getByText('two agents reporting')).toBeTruthy();
  });

  it('shows nothing when the pointer is off the plot or over no point', () => {
    const point: Point = { t: 0, rounds: 1, mos: 4 };
    expect(content({ active: false, payload: [{ payload: point }] })).toBeNull();
    expect(content({ active: true, payload: [] })).toBeNull();
  });
});
