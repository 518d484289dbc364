import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterUrgentWork, MAX_BACKGROUND_WAIT_MS } from './background-work.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** A scheduler whose background tasks run only when the test says so. */
function heldScheduler() {
  const posted: { priority: string; run: () => void }[] = [];
  vi.stubGlobal('scheduler', {
    postTask: (callback: () => void, options: { priority: string }) =>
      new Promise<void>((resolve) =>
        posted.push({ priority: options.priority, run: () => resolve(callback()) }),
      ),
  });
  return posted;
}

describe('afterUrgentWork', () => {
  it('resolves at once where there is no task scheduler', async () => {
    vi.stubGlobal('scheduler', undefined);
    await expect(afterUrgentWork()).resolves.toBeUndefined();
  });

  it('waits for a task of background priority where there is one', async () => {
    vi.useFakeTimers();
    const posted = heldScheduler();
    let done = false;
    const waiting = afterUrgentWork().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(MAX_BACKGROUND_WAIT_MS - 1);
    expect(posted.map((task) => task.priority)).toEqual(['background']);
    expect(done).toBe(false);
    posted[0]!.run();
    await waiting;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0); // its fallback timer is cleared
  });

  it('stops waiting when the request it waits for is aborted', async () => {
    vi.useFakeTimers();
    heldScheduler();
    const abort = new AbortController();
    let done = false;
    void afterUrgentWork(abort.signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    abort.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    // Already aborted: no task, no timer.
    await afterUrgentWork(abort.signal);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('goes on when the scheduler refuses the task', async () => {
    vi.stubGlobal('scheduler', { postTask: () => Promise.reject(new Error('detached')) });
    await expect(afterUrgentWork()).resolves.toBeUndefined();
  });

  it('waits no longer than MAX_BACKGROUND_WAIT_MS on a page never free of urgent work', async () => {
    vi.useFakeTimers();
    heldScheduler();
    let done = false;
    void afterUrgentWork().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(MAX_BACKGROUND_WAIT_MS - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
