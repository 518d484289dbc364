// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { earshotConfigQueryOptions } from '../../api/earshot-config.ts';
import {
  CONFIG_POLL_MS,
  QUIET_CHECK_MS,
  RELOADED_FOR_KEY,
  useBuildReload,
} from './use-build-reload.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

/** One page load of the wall: a fresh query client that already holds the server's config. */
function loadWall(
  serverBuildId: string,
  ownBuildId: string,
  storage: Storage | ReturnType<typeof memoryStorage>,
) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(earshotConfigQueryOptions().queryKey, {
    mode: 'simulator',
    apiVersion: 'v7',
    buildId: serverBuildId,
  });
  const reload = vi.fn();
  const rendered = renderHook(() => useBuildReload({ reload, storage, ownBuildId }), {
    wrapper: ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    ),
  });
  return { reload, rendered, client };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useBuildReload', () => {
  it('reloads once, at a quiet moment, when the server announces another build', () => {
    const storage = memoryStorage();
    const { reload, rendered } = loadWall('build-2', 'build-1', storage);
    expect(rendered.result.current.reloadPending).toBe(true);
    act(() => vi.advanceTimersByTime(QUIET_CHECK_MS - 1));
    expect(reload).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(reload).toHaveBeenCalledTimes(1);
    expect(storage.getItem(RELOADED_FOR_KEY)).toBe('build-2');
    rendered.unmount();
  });

  it('never reloads twice for the same id when the reload did not bring that build', () => {
    const storage = memoryStorage();
    const first = loadWall('build-2', 'build-1', storage);
    act(() => vi.advanceTimersByTime(QUIET_CHECK_MS));
    expect(first.reload).toHaveBeenCalledTimes(1);
    first.rendered.unmount();

    // The reload came back with the old bundle, and the server still says build-2.
    const second = loadWall('build-2', 'build-1', storage);
    expect(second.rendered.result.current.reloadPending).toBe(false);
    expect(second.rendered.result.current.reloadHeldBack).toBe(true);
    // Many quiet checks pass (less than one config poll, so the test never fetches).
    act(() => vi.advanceTimersByTime(CONFIG_POLL_MS - QUIET_CHECK_MS - 1));
    expect(second.reload).not.toHaveBeenCalled();

    // A newer build is announced: that one is worth one reload.
    act(() =>
      second.client.setQueryData(earshotConfigQueryOptions().queryKey, {
        mode: 'simulator',
        apiVersion: 'v7',
        buildId: 'build-3',
      }),
    );
    act(() => vi.advanceTimersByTime(0)); // the query cache tells its observers on a timer
    expect(second.rendered.result.current.reloadPending).toBe(true);
    act(() => vi.advanceTimersByTime(QUIET_CHECK_MS));
    expect(second.reload).toHaveBeenCalledTimes(1);
    expect(storage.getItem(RELOADED_FOR_KEY)).toBe('build-3');
    second.rendered.unmount();
  });

  it('forgets the id once the page runs the build the server announces', () => {
    const storage = memoryStorage();
    storage.setItem(RELOADED_FOR_KEY, 'build-2');
    const { reload, rendered } = loadWall('build-2', 'build-2', storage);
    expect(rendered.result.current.reloadPending).toBe(false);
    expect(storage.getItem(RELOADED_FOR_KEY)).toBeNull();
    act(() => vi.advanceTimersByTime(QUIET_CHECK_MS));
    expect(reload).not.toHaveBeenCalled();
    rendered.unmount();
  });
});
