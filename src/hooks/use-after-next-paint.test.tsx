// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAfterNextPaint } from './use-after-next-paint.ts';

describe('useAfterNextPaint', () => {
  beforeEach(() =>
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'],
    }),
  );
  afterEach(() => vi.useRealTimers());

  it('gives the value only after the next frame, and follows it when it changes', () => {
    const { result, rerender } = renderHook(({ value }) => useAfterNextPaint(value), {
      initialProps: { value: 'first' },
    });
    expect(result.current).toBeUndefined();
    act(() => vi.advanceTimersToNextFrame());
    act(() => vi.runOnlyPendingTimers());
    expect(result.current).toBe('first');
    rerender({ value: 'second' });
    expect(result.current).toBe('first');
    act(() => vi.advanceTimersToNextFrame());
    act(() => vi.runOnlyPendingTimers());
    expect(result.current).toBe('second');
  });

  it('drops a pending value on unmount', () => {
    const { unmount } = renderHook(() => useAfterNextPaint('x'));
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
