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
 * `scheduler.postTask`); at once elsewhere (Node, browsers without one), and at once when `signal`
 * aborts (what waited then finds its own request aborted). The task is not a timer, so a clock
 * that tests hold still (Playwright's `page.clock`) does not hold it back; a timer on the app's
 * clock only bounds the wait, to MAX_BACKGROUND_WAIT_MS on a page never free of urgent work.
 */
export function afterUrgentWork(signal?: AbortSignal): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask !== 'function' || signal?.aborted) return Promise.resolve();
  const postTask = scheduler.postTask.bind(scheduler);
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimer(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer: TimerId = setTimer(done, MAX_BACKGROUND_WAIT_MS);
    signal?.addEventListener('abort', done, { once: true });
    // A scheduler that refuses the task (a detached frame) is no reason to fail the download.
    postTask(() => {}, { priority: 'background' }).then(done, done);
  });
}
