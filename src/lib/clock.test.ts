import { timeoutManager } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clearRepeatingTimer,
  clearTimer,
  clockTimers,
  now,
  setRepeatingTimer,
  setTimer,
} from './clock.ts';

const START_MS = Date.UTC(2026, 10, 20, 9, 59, 30);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START_MS);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the app clock', () => {
  it('reads the time whatever governs it at call time (fake timers installed after import)', () => {
    expect(now()).toBe(START_MS);
    vi.advanceTimersByTime(1500);
    expect(now()).toBe(START_MS + 1500);
  });

  it('fires a timer when its time comes, not before, and never once cleared', () => {
    const fired = vi.fn();
    const cleared = vi.fn();
    setTimer(fired, 1000);
    clearTimer(setTimer(cleared, 500));
    vi.advanceTimersByTime(999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(cleared).not.toHaveBeenCalled();
    clearTimer(undefined); // nothing to clear is not an error
  });

  it('repeats a repeating timer every period until cleared', () => {
    const ticks: number[] = [];
    const timer = setRepeatingTimer(() => ticks.push(now() - START_MS), 1000);
    vi.advanceTimersByTime(3000);
    clearRepeatingTimer(timer);
    vi.advanceTimersByTime(3000);
    expect(ticks).toEqual([1000, 2000, 3000]);
  });

  it("is TanStack Query's timer provider: its timers move with the same clock", () => {
    timeoutManager.setTimeoutProvider(clockTimers);
    const fired = vi.fn();
    timeoutManager.setTimeout(fired, 2000);
    vi.advanceTimersByTime(1999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
