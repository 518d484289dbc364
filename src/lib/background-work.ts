// Work that can wait for what the person is waiting on: the frame being drawn, input, timers.

interface TaskScheduler {
  postTask(callback: () => void, options: { priority: 'background' }): Promise<void>;
}

/**
 * Resolves in a task of background priority, once the browser has nothing more urgent to do (a
 * frame to draw, input, ordinary tasks), where it has a task scheduler (Chromium's
 * `scheduler.postTask`); at once elsewhere (Node, browsers without one). Not a timer: a clock that
 * tests hold still (Playwright's `page.clock`) does not hold it back.
 */
export function afterUrgentWork(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask !== 'function') return Promise.resolve();
  return scheduler.postTask(() => {}, { priority: 'background' });
}
