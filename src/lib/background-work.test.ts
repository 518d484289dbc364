import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterUrgentWork } from './background-work.ts';

afterEach(() => vi.unstubAllGlobals());

describe('afterUrgentWork', () => {
  it('resolves at once where there is no task scheduler', async () => {
    vi.stubGlobal('scheduler', undefined);
    await expect(afterUrgentWork()).resolves.toBeUndefined();
  });

  it('waits for a task of background priority where there is one', async () => {
    const posted: { priority: string; run: () => void }[] = [];
    vi.stubGlobal('scheduler', {
      postTask: (callback: () => void, options: { priority: string }) =>
        new Promise<void>((resolve) =>
          posted.push({ priority: options.priority, run: () => resolve(callback()) }),
        ),
    });
    let done = false;
    const waiting = afterUrgentWork().then(() => (done = true));
    await Promise.resolve();
    expect(posted.map((task) => task.priority)).toEqual(['background']);
    expect(done).toBe(false);
    posted[0]!.run();
    await waiting;
    expect(done).toBe(true);
  });
});
