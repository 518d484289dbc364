// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TimeRange } from '../../../common/time-window.ts';
import { TimeWindowControl } from './time-window-control.tsx';

afterEach(cleanup);

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);
const now = () => NOW;

function setup(range: TimeRange) {
  const onRangeChange = vi.fn<(range: TimeRange) => void>();
  render(
    <TimeWindowControl
      range={range}
      timeZone="utc"
      onRangeChange={onRangeChange}
      onTimeZoneChange={() => {}}
      now={now}
    />,
  );
  return onRangeChange;
}

describe('TimeWindowControl', () => {
  it('prefills the custom range with the window on screen, 24-hour, labelled with its zone', () => {
    setup({ kind: 'relative', windowSeconds: 6 * 3600 });
    expect(screen.getByLabelText('From (UTC)')).toHaveProperty('value', '2026-01-31 06:00:00');
    expect(screen.getByLabelText('To (UTC)')).toHaveProperty('value', '2026-01-31 12:00:00');
    expect(screen.getByLabelText('From (UTC)')).toHaveProperty('type', 'text');
  });

  it('applies a typed range as a fixed range', () => {
    const onRangeChange = setup({ kind: 'relative', windowSeconds: 3600 });
    fireEvent.change(screen.getByLabelText('From (UTC)'), {
      target: { value: '2026-01-30 08:00:00' },
    });
    fireEvent.change(screen.getByLabelText('To (UTC)'), {
      target: { value: '2026-01-30T09:30:00' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply range' }));
    expect(onRangeChange).toHaveBeenCalledWith({
      kind: 'absolute',
      fromMs: Date.UTC(2026, 0, 30, 8),
      toMs: Date.UTC(2026, 0, 30, 9, 30),
    });
  });

  it('says what is wrong with bad input, marks the field, and keeps what was typed', () => {
    const onRangeChange = setup({ kind: 'relative', windowSeconds: 3600 });
    const from = screen.getByLabelText('From (UTC)');
    fireEvent.change(from, { target: { value: '01/30/2026 8:00 AM' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply range' }));
    expect(screen.getByRole('alert').textContent).toBe(
      "from '01/30/2026 8:00 AM': use YYYY-MM-DD HH:MM:SS in UTC, such as 2026-01-31 14:00:00",
    );
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(from).toHaveProperty('value', '01/30/2026 8:00 AM');
    expect(onRangeChange).not.toHaveBeenCalled();
  });

  it('refuses an end before the start', () => {
    const onRangeChange = setup({ kind: 'relative', windowSeconds: 3600 });
    fireEvent.change(screen.getByLabelText('To (UTC)'), {
      target: { value: '2026-01-31 10:00:00' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply range' }));
    expect(screen.getByRole('alert').textContent).toContain('is not after from');
    expect(screen.getByLabelText('To (UTC)').getAttribute('aria-invalid')).toBe('true');
    expect(onRangeChange).not.toHaveBeenCalled();
  });

  it('zooms out and steps with buttons and keys', () => {
    const onRangeChange = setup({
      kind: 'absolute',
      fromMs: NOW - 10 * HOUR,
      toMs: NOW - 8 * HOUR,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(onRangeChange).toHaveBeenLastCalledWith({
      kind: 'absolute',
      fromMs: NOW - 11 * HOUR,
      toMs: NOW - 7 * HOUR,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Earlier' }));
    expect(onRangeChange).toHaveBeenLastCalledWith({
      kind: 'absolute',
      fromMs: NOW - 11 * HOUR,
      toMs: NOW - 9 * HOUR,
    });
    fireEvent.keyDown(document.body, { key: ']' });
    expect(onRangeChange).toHaveBeenLastCalledWith({
      kind: 'absolute',
      fromMs: NOW - 9 * HOUR,
      toMs: NOW - 7 * HOUR,
    });
    fireEvent.keyDown(document.body, { key: 'z' });
    expect(onRangeChange).toHaveBeenCalledTimes(4);
    // Typing in a field is not a command.
    fireEvent.keyDown(screen.getByLabelText('From (UTC)'), { key: 'z' });
    expect(onRangeChange).toHaveBeenCalledTimes(4);
  });

  it('cannot step a live window later', () => {
    setup({ kind: 'relative', windowSeconds: 3600 });
    expect(screen.getByRole('button', { name: 'Later' })).toHaveProperty('disabled', true);
  });
});
