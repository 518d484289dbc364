// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RefreshControl } from './refresh-control.tsx';

afterEach(cleanup);

const NOW = Date.UTC(2026, 0, 31, 14, 2, 10);

describe('RefreshControl', () => {
  it('says it refreshes each round and when the next refresh is due', () => {
    render(
      <RefreshControl
        intervalSeconds={300}
        live
        paused={false}
        onPausedChange={() => {}}
        timeZone="utc"
        nowMs={NOW}
      />,
    );
    expect(screen.getByTestId('refresh').textContent).toContain(
      'Refreshes each round (every 5 min) · next at 14:05:30 UTC',
    );
  });

  it('pauses and resumes', () => {
    const onPausedChange = vi.fn();
    const { rerender } = render(
      <RefreshControl
        intervalSeconds={300}
        live
        paused={false}
        onPausedChange={onPausedChange}
        timeZone="utc"
        nowMs={NOW}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pause refresh' }));
    expect(onPausedChange).toHaveBeenLastCalledWith(true);
    rerender(
      <RefreshControl
        intervalSeconds={300}
        live
        paused
        onPausedChange={onPausedChange}
        timeZone="utc"
        nowMs={NOW}
      />,
    );
    expect(screen.getByTestId('refresh').textContent).toContain('Refresh paused');
    expect(screen.getByTestId('refresh').textContent).not.toContain('next at');
    fireEvent.click(screen.getByRole('button', { name: 'Resume refresh' }));
    expect(onPausedChange).toHaveBeenLastCalledWith(false);
  });

  it('says a fixed range has nothing to refresh, with nothing to pause', () => {
    render(
      <RefreshControl
        intervalSeconds={300}
        live={false}
        paused={false}
        onPausedChange={() => {}}
        timeZone="utc"
        nowMs={NOW}
      />,
    );
    expect(screen.getByTestId('refresh').textContent).toBe('Fixed range: nothing new to refresh');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
