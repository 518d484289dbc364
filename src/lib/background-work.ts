// Work that can wait for what the person is waiting on: the frame being drawn, input, timers.
import { clearTimer, setTimer, type TimerId } from './clock.ts';

interface TaskScheduler {
  postTask(callback: () => void, options: { priority: 'background' }): Promise<void>;
}

/** The longest background work waits on a main thread that is never free of more urgent work. */
export const MAX_BACKGROUND_WAIT_MS = 1000;

/**
 * Resolves in a task of background priority, once the browser has nothing more urgent to do (a
 * frame to draw, input, ordinary tasks), where it has a task scheduler (Chromium's
 * `scheduler.postTask`); at once elsewhere (Node, browsers without one). A page kept busy does not
 * hold it back past MAX_BACKGROUND_WAIT_MS, and a clock that tests hold still (Playwright's
 * `page.clock`) does not hold it back at all: the task is not a timer.
 */
export function afterUrgentWork(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask !== 'function') return Promise.resolve();
  let timer: TimerId | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimer(resolve, MAX_BACKGROUND_WAIT_MS);
  });
  return Promise.race([scheduler.postTask(() => {}, { priority: 'background' }), waited]).finally(
    () => clearTimer(timer),
  );
}
