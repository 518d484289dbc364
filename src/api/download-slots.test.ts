import { describe, expect, it } from 'vitest';
import { createDownloadSlots } from './download-slots.ts';

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('createDownloadSlots', () => {
  it('runs at most three at once, in the order asked, and skips one aborted while waiting', async () => {
    const slots = createDownloadSlots(3);
    const started: number[] = [];
    const gates = Array.from({ length: 6 }, deferred);
    const aborted = new AbortController();
    const runs = gates.map((gate, index) =>
      slots.run(
        async () => {
          started.push(index);
          await gate.promise;
          return index;
        },
        index === 3 ? aborted.signal : undefined,
      ),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    expect(slots.load()).toEqual({ running: 3, waiting: 3 });
    aborted.abort(new Error('window changed'));
    await expect(runs[3]).rejects.toThrow('window changed');
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2, 4]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all([runs[0], runs[2], runs[4], runs[5]])).toEqual([0, 2, 4, 5]);
    expect(slots.load()).toEqual({ running: 0, waiting: 0 });
  });
});
