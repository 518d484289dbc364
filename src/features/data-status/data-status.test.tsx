// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DataStatus, describeCoverage, type DataStatusProps } from './data-status.tsx';

afterEach(cleanup);

const HOUR = 3_600_000;

const BASE: DataStatusProps = {
  dataUpdatedAt: 0,
  intervalSeconds: 300,
  error: undefined,
  isFetching: true,
  simulated: false,
  timeZone: 'utc',
};

describe('DataStatus', () => {
  it('says how much of the window is on screen while older intervals arrive', () => {
    render(
      <DataStatus
        {...BASE}
        dataUpdatedAt={Date.now()}
        coverage={{ loadedMs: 18 * HOUR + 59 * 60_000, windowMs: 24 * HOUR }}
      />,
    );
    expect(screen.getByTestId('results-progress').textContent).toBe('18 of 24 hours loaded');
    expect(screen.getByRole('status').textContent).toContain('refreshing…');
  });

  it('says nothing of coverage once the whole window is on screen, or before anything is', () => {
    const { rerender } = render(
      <DataStatus {...BASE} coverage={{ loadedMs: 24 * HOUR, windowMs: 24 * HOUR }} />,
    );
    expect(screen.queryByTestId('results-progress')).toBeNull();
    rerender(<DataStatus {...BASE} coverage={undefined} />);
    expect(screen.queryByTestId('results-progress')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Loading…');
  });
});

describe('describeCoverage', () => {
  it('counts hours for long windows and minutes for short ones', () => {
    expect(describeCoverage({ loadedMs: 24 * HOUR, windowMs: 168 * HOUR })).toBe(
      '24 of 168 hours loaded',
    );
    expect(describeCoverage({ loadedMs: 20 * 60_000, windowMs: HOUR })).toBe(
      '20 of 60 minutes loaded',
    );
    // Under ten, tenths: the live edge's first half hour of a week is not "0".
    expect(describeCoverage({ loadedMs: 0.56 * HOUR, windowMs: 168 * HOUR })).toBe(
      '0.5 of 168 hours loaded',
    );
  });

  it('says how many rows were left out, with the data it describes', () => {
    render(<DataStatus {...BASE} leftOut="3 rows without an agent were left out" />);
    expect(screen.getByRole('status').textContent).toContain(
      '3 rows without an agent were left out',
    );
  });
});
