// @vitest-environment jsdom
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSettledWindow } from './use-shaped-window.ts';

type Props = {
  shaped: object | undefined;
  filling: boolean;
  /** The newest day on screen: true unless a test says otherwise. */
  dayWhole?: boolean;
  placeholder: boolean;
  range: string;
};

function settle(initial: Props) {
  return renderHook(
    ({ shaped, filling, dayWhole = true, placeholder, range }: Props) =>
      useSettledWindow(shaped, { filling, newestDayWhole: dayWhole, placeholder, rangeKey: range }),
    { initialProps: initial },
  );
}

describe('useSettledWindow', () => {
  const head = { rows: 'the newest hour' };
  const half = { rows: 'half the week' };
  const whole = { rows: 'the whole week' };

  it('takes the first window of a range once its newest day is on screen, not the head alone', () => {
    const day = { rows: 'the newest day' };
    const { result, rerender } = settle({
      shaped: head,
      filling: true,
      dayWhole: false,
      placeholder: false,
      range: '7d',
    });
    expect(result.current).toBeUndefined();
    rerender({ shaped: day, filling: true, dayWhole: true, placeholder: false, range: '7d' });
    expect(result.current).toBe(day);
    rerender({ shaped: half, filling: true, placeholder: false, range: '7d' });
    expect(result.current).toBe(day);
    rerender({ shaped: whole, filling: false, placeholder: false, range: '7d' });
    expect(result.current).toBe(whole);
  });

  it('takes the first window of a range at once when its newest day is on screen, then waits for it to be whole', () => {
    const { result, rerender } = settle({
      shaped: undefined,
      filling: false,
      placeholder: false,
      range: '7d',
    });
    expect(result.current).toBeUndefined();
    rerender({ shaped: head, filling: true, placeholder: false, range: '7d' });
    expect(result.current).toBe(head);
    rerender({ shaped: half, filling: true, placeholder: false, range: '7d' });
    expect(result.current).toBe(head);
    rerender({ shaped: whole, filling: false, placeholder: false, range: '7d' });
    expect(result.current).toBe(whole);
  });

  it('takes the newest day once it is whole after settling on less (a download of the day retrying)', () => {
    const day = { rows: 'the newest day' };
    const { result, rerender } = settle({
      shaped: undefined,
      filling: true,
      dayWhole: false,
      placeholder: false,
      range: '7d',
    });
    // An interval of the day waits to retry: nothing more on its way, the head alone is taken.
    rerender({ shaped: head, filling: false, dayWhole: false, placeholder: false, range: '7d' });
    expect(result.current).toBe(head);
    // The retry succeeds and the day is whole while older days still load: the day is taken.
    rerender({ shaped: day, filling: true, dayWhole: true, placeholder: false, range: '7d' });
    expect(result.current).toBe(day);
    rerender({ shaped: half, filling: true, placeholder: false, range: '7d' });
    expect(result.current).toBe(day);
  });

  it('follows every new window of a range that is not filling (the live edge, round by round)', () => {
    const next = { rows: 'the week, a round later' };
    const { result, rerender } = settle({
      shaped: whole,
      filling: false,
      placeholder: false,
      range: '7d',
    });
    expect(result.current).toBe(whole);
    rerender({ shaped: next, filling: false, placeholder: false, range: '7d' });
    expect(result.current).toBe(next);
  });

  it('never takes the last range’s placeholder for a new range, and takes the new one’s first window', () => {
    const { result, rerender } = settle({
      shaped: whole,
      filling: false,
      placeholder: false,
      range: '7d',
    });
    rerender({ shaped: whole, filling: false, placeholder: true, range: '24h' });
    expect(result.current).toBe(whole);
    // The new range's head, its newest day not whole yet: not the last range's window beside it.
    const newHead = { rows: 'the newest hour of the day' };
    rerender({ shaped: newHead, filling: true, dayWhole: false, placeholder: false, range: '24h' });
    expect(result.current).toBeUndefined();
    const day = { rows: 'the newest day' };
    rerender({ shaped: day, filling: true, placeholder: false, range: '24h' });
    expect(result.current).toBe(day);
    rerender({
      shaped: { rows: 'more of the day' },
      filling: true,
      placeholder: false,
      range: '24h',
    });
    expect(result.current).toBe(day);
  });
});
