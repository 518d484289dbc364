// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DataStatus, type DataStatusProps } from './data-status.tsx';

afterEach(cleanup);

const BASE: DataStatusProps = {
  dataUpdatedAt: 0,
  intervalSeconds: 300,
  error: undefined,
  isFetching: true,
  simulated: false,
  timeZone: 'utc',
};

describe('DataStatus', () => {
  it('says how much of a long window has arrived while it loads', () => {
    render(<DataStatus {...BASE} progress={{ pagesRead: 12, rowsRead: 60_000 }} />);
    expect(screen.getByRole('status').textContent).toContain('Loading…');
    expect(screen.getByTestId('results-progress').textContent).toBe('12 pages, 60,000 rows so far');
    // Not "refreshing": nothing is on screen yet.
    expect(screen.getByRole('status').textContent).not.toContain('refreshing');
  });

  it('shows no count before the first page, once the download ended, or after a failure', () => {
    const { rerender } = render(<DataStatus {...BASE} progress={{ pagesRead: 0, rowsRead: 0 }} />);
    expect(screen.queryByTestId('results-progress')).toBeNull();
    rerender(
      <DataStatus
        {...BASE}
        dataUpdatedAt={Date.now()}
        isFetching={false}
        progress={{ pagesRead: 3, rowsRead: 14_400 }}
      />,
    );
    expect(screen.queryByTestId('results-progress')).toBeNull();
    rerender(
      <DataStatus
        {...BASE}
        error={new Error('offline')}
        progress={{ pagesRead: 1, rowsRead: 5_000 }}
      />,
    );
    expect(screen.queryByTestId('results-progress')).toBeNull();
  });

  it('counts one page and one row in the singular, beside "refreshing…"', () => {
    render(
      <DataStatus {...BASE} dataUpdatedAt={Date.now()} progress={{ pagesRead: 1, rowsRead: 1 }} />,
    );
    expect(screen.getByRole('status').textContent).toContain('refreshing…');
    expect(screen.getByTestId('results-progress').textContent).toBe('1 page, 1 row so far');
  });

  it('says how many rows were left out, with the data it describes', () => {
    render(<DataStatus {...BASE} leftOut="3 rows without an agent were left out" />);
    expect(screen.getByRole('status').textContent).toContain(
      '3 rows without an agent were left out',
    );
  });
});
