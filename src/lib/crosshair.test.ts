import { describe, expect, it } from 'vitest';
import { createCrosshairStore } from './crosshair.ts';

describe('createCrosshairStore', () => {
  it('tells its listeners about a new time, once, and stops after unsubscribing', () => {
    const store = createCrosshairStore();
    const seen: (number | undefined)[] = [];
    const unsubscribe = store.subscribe(() => seen.push(store.get()?.timeMs));
    store.set({ timeMs: 1000, source: 'a' });
    store.set({ timeMs: 1000, source: 'a' });
    store.set({ timeMs: 2000, source: 'b' });
    store.set(undefined);
    unsubscribe();
    store.set({ timeMs: 3000, source: 'a' });
    expect(seen).toEqual([1000, 2000, undefined]);
    expect(store.get()).toEqual({ timeMs: 3000, source: 'a' });
  });
});
