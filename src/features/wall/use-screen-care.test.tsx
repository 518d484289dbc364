// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mayAskAgainForWakeLock, useIdle, WAKE_LOCK_RETRY_MS } from './use-screen-care.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('useIdle', () => {
  it('turns idle after idleMs untouched, and a mouse move starts the wait again', () => {
    const { result } = renderHook(() => useIdle(3000));
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(2999));
    expect(result.current).toBe(false);
    act(() => {
      window.dispatchEvent(new MouseEvent('mousemove'));
      vi.advanceTimersByTime(2999);
    });
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(true);
    act(() => window.dispatchEvent(new KeyboardEvent('keydown')));
    expect(result.current).toBe(false);
  });

  it('leaves no timer behind when the wall is left', () => {
    const { unmount } = renderHook(() => useIdle(3000));
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('mayAskAgainForWakeLock', () => {
  const NOW_MS = Date.UTC(2026, 10, 20, 10, 0, 0);

  it('asks again at once the first time, then not within a minute of the last ask', () => {
    expect(mayAskAgainForWakeLock(NOW_MS, -Infinity)).toBe(true);
    expect(mayAskAgainForWakeLock(NOW_MS, NOW_MS - WAKE_LOCK_RETRY_MS)).toBe(false);
    expect(mayAskAgainForWakeLock(NOW_MS, NOW_MS - WAKE_LOCK_RETRY_MS - 1)).toBe(true);
  });
});
