// A bounded number of downloads at once, started in the order they were asked for (first come,
// first served): the closed intervals of a window, newest first, three at a time.

export interface DownloadSlots {
  /** Runs `task` once a slot is free; a task aborted while it waits never starts. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Tasks running and waiting now (for tests and the debug view). */
  load(): { running: number; waiting: number };
}

/** Closed intervals in flight at once, across every test on screen. */
export const CLOSED_INTERVALS_IN_FLIGHT = 3;

export function createDownloadSlots(max: number): DownloadSlots {
  let running = 0;
  const waiting: { start: () => void; signal: AbortSignal | undefined }[] = [];

  const startNext = () => {
    while (running < max && waiting.length > 0) {
      const next = waiting.shift();
      if (next && !next.signal?.aborted) next.start();
    }
  };

  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          signal?.removeEventListener('abort', onAbort);
          running++;
          task()
            .then(resolve, reject)
            .finally(() => {
              running--;
              startNext();
            });
        };
        const entry = { start, signal };
        const onAbort = () => {
          const index = waiting.indexOf(entry);
          if (index >= 0) waiting.splice(index, 1);
          reject(signal?.reason);
        };
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(entry);
        startNext();
      });
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}

/** The app's one set of slots for closed intervals. */
export const closedIntervalSlots = createDownloadSlots(CLOSED_INTERVALS_IN_FLIGHT);
