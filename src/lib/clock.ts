// The one clock the app reads time through: `now()` and timers. Each call reaches the platform's
// Date.now / setTimeout at call time, never a reference taken at import, so whatever governs time
// (vitest's fake timers in unit tests, Playwright's page.clock in e2e, the real clock in
// production) governs all of it alike. TanStack Query's timers (retry backoff, refetchInterval,
// gcTime) go through the same clock (query-client.ts hands `clockTimers` to its timeoutManager).

/** Milliseconds since the epoch, now. */
export function now(): number {
  return Date.now();
}

/** What a timer returns: a number in browsers, an object in Node; only ever passed back. */
export type TimerId = ReturnType<typeof setTimeout>;

export function setTimer(callback: () => void, delayMs: number): TimerId {
  return setTimeout(callback, delayMs);
}

export function clearTimer(timer: TimerId | undefined): void {
  if (timer !== undefined) clearTimeout(timer);
}

export function setRepeatingTimer(callback: () => void, periodMs: number): TimerId {
  return setInterval(callback, periodMs);
}

export function clearRepeatingTimer(timer: TimerId | undefined): void {
  if (timer !== undefined) clearInterval(timer);
}

/** The same timers in the shape of TanStack Query's `TimeoutProvider`. */
export const clockTimers = {
  setTimeout: (callback: () => void, delayMs: number) => setTimer(callback, delayMs),
  clearTimeout: (timer: TimerId | undefined) => clearTimer(timer),
  setInterval: (callback: () => void, periodMs: number) => setRepeatingTimer(callback, periodMs),
  clearInterval: (timer: TimerId | undefined) => clearRepeatingTimer(timer),
};
