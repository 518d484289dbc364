// @vitest-environment jsdom
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSettledWindow } from './use-shaped-window.ts';

type Props = {
  shaped: object | undefined;
  filling: boolean;
  placeholder: boolean;
  range: string;
};

function settle(initial: Props) {
  return renderHook(
    ({ shaped, filling, placeholder, range }: Props) =>
      useSettledWindow(shaped, { filling, placeholder, rangeKey: range }),
    { initialProps: initial },
  );
}

describe('useSettledWindow', () => {
  const head = { rows: 'the newest hour' };
  const day = { rows: 'the newest day' };
  const half = { rows: 'half the week' };
  const whole = { rows: 'the whole week' };

  it('takes nothing of a range while its older parts stream in, then the whole window', () => {
    const { result, rerender } = settle({
      shaped: undefined,
      filling: false,
      placeholder: false,
      range: '7d',
    });
    expect(result.current).toBeUndefined();
    for (const partial of [head, day, half]) {
      rerender({ shaped: partial, filling: true, placeholder: false, range: '7d' });
      expect(result.current).toBeUndefined();
    }
    rerender({ shaped: whole, filling: false, placeholder: false, range: '7d' });
    expect(result.current).toBe(whole);
  });

  it('takes a window as whole as it will get: a download of the day failing or waiting to retry', () => {
    const { result, rerender } = settle({
      shaped: head,
      filling: true,
      placeholder: false,
      range: '7d',
    });
    expect(result.current).toBeUndefined();
    // An interval of the day waits to retry: nothing more on its way, the head alone is taken.
    rerender({ shaped: head, filling: false, placeholder: false, range: '7d' });
    expect(result.current).toBe(head);
    // The retry succeeds while older days still load: the head stays until the window is whole.
    rerender({ shaped: day, filling: true, placeholder: false, range: '7d' });
    expect(result.current).toBe(head);
    rerender({ shaped: whole, filling: false, placeholder: false, range: '7d' });
    expect(result.current).toBe(whole);
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

  it('never takes the last range’s placeholder for a new range, and takes the new one once whole', () => {
    const { result, rerender } = settle({
      shaped: whole,
      filling: false,
      placeholder: false,
      range: '7d',
    });
    rerender({ shaped: whole, filling: false, placeholder: true, range: '24h' });
    expect(result.current).toBe(whole);
    // The new range's first rows, more on their way: not the last range's window beside them.
    rerender({ shaped: head, filling: true, placeholder: false, range: '24h' });
    expect(result.current).toBeUndefined();
    rerender({ shaped: day, filling: false, placeholder: false, range: '24h' });
    expect(result.current).toBe(day);
  });
});
