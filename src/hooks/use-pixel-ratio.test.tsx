// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePixelRatio } from './use-pixel-ratio.ts';

/**
 * A browser's `(resolution: Ndppx)` media queries: each matches only at its own ratio and fires
 * `change` when that match flips, as Chromium does on a zoom step.
 */
function fakeScreen(initialRatio: number) {
  let ratio = initialRatio;
  const queries: { dppx: number; matches: boolean; listeners: Set<() => void> }[] = [];
  vi.spyOn(window, 'devicePixelRatio', 'get').mockImplementation(() => ratio);
  vi.stubGlobal('matchMedia', (text: string) => {
    const dppx = Number(/resolution: ([\d.]+)dppx/.exec(text)?.[1]);
    const query = { dppx, matches: dppx === ratio, listeners: new Set<() => void>() };
    queries.push(query);
    return {
      get matches() {
        return query.matches;
      },
      addEventListener: (_type: string, listener: () => void) => query.listeners.add(listener),
      removeEventListener: (_type: string, listener: () => void) =>
        query.listeners.delete(listener),
    };
  });
  return {
    zoomTo(next: number) {
      ratio = next;
      for (const query of queries) {
        const matches = query.dppx === ratio;
        if (matches === query.matches) continue;
        query.matches = matches;
        for (const listener of [...query.listeners]) listener();
      }
    },
    listening: () => queries.reduce((sum, query) => sum + query.listeners.size, 0),
  };
}

describe('usePixelRatio', () => {
  beforeEach(() => vi.restoreAllMocks());
  afterEach(() => vi.unstubAllGlobals());

  it('follows every zoom step, not only the first', () => {
    const screen = fakeScreen(1);
    const { result } = renderHook(() => usePixelRatio());
    expect(result.current).toBe(1);
    act(() => screen.zoomTo(1.25));
    expect(result.current).toBe(1.25);
    act(() => screen.zoomTo(1.5));
    expect(result.current).toBe(1.5);
    act(() => screen.zoomTo(1));
    expect(result.current).toBe(1);
  });

  it('stops listening on unmount', () => {
    const screen = fakeScreen(2);
    const { unmount } = renderHook(() => usePixelRatio());
    act(() => screen.zoomTo(1));
    unmount();
    expect(screen.listening()).toBe(0);
  });
});
