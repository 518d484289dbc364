// A clock for what must move with time (ages, staleness, the wall clock) without putting time into
// query keys. One shared timer per period, so a wall full of panels does not run dozens; a
// component that needs only something coarser than the tick (which test a rotation shows, whether
// data is stale) reads it with useClockValue and re-renders only when that changes.
import { useCallback, useSyncExternalStore } from 'react';
import { clearRepeatingTimer, now, setRepeatingTimer, type TimerId } from '../lib/clock.ts';

interface Ticker {
  listeners: Set<() => void>;
  timer: TimerId | undefined;
  now: number;
}

const tickers = new Map<number, Ticker>();

function tickerFor(periodMs: number): Ticker {
  let ticker = tickers.get(periodMs);
  if (!ticker) {
    ticker = { listeners: new Set(), timer: undefined, now: now() };
    tickers.set(periodMs, ticker);
  }
  return ticker;
}

function subscribeTicker(periodMs: number, listener: () => void): () => void {
  const ticker = tickerFor(periodMs);
  ticker.listeners.add(listener);
  if (ticker.timer === undefined) {
    ticker.now = now();
    ticker.timer = setRepeatingTimer(() => {
      ticker.now = now();
      ticker.listeners.forEach((notify) => notify());
    }, periodMs);
  }
  return () => {
    ticker.listeners.delete(listener);
    if (ticker.listeners.size === 0 && ticker.timer !== undefined) {
      clearRepeatingTimer(ticker.timer);
      ticker.timer = undefined;
    }
  };
}

function readTicker(periodMs: number): number {
  return tickerFor(periodMs).now;
}

export function useNow(periodMs = 1000): number {
  const subscribe = useCallback(
    (listener: () => void) => subscribeTicker(periodMs, listener),
    [periodMs],
  );
  return useSyncExternalStore(subscribe, () => readTicker(periodMs));
}

/**
 * What `derive` makes of the clock, read every `periodMs`: the component re-renders when the value
 * changes (compared with Object.is, so a primitive), not at every tick. `derive` must be pure.
 */
export function useClockValue<T extends string | number | boolean>(
  periodMs: number,
  derive: (nowMs: number) => T,
): T {
  const subscribe = useCallback(
    (listener: () => void) => subscribeTicker(periodMs, listener),
    [periodMs],
  );
  return useSyncExternalStore(subscribe, () => derive(readTicker(periodMs)));
}
