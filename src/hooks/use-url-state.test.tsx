// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, useLocation, useNavigationType } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useHomeUrlState } from './use-home-url-state.ts';
import { useTestPageUrlState } from './use-url-state.ts';

function probe<T>(useValue: () => T) {
  return () => ({
    value: useValue(),
    location: useLocation(),
    navigationType: useNavigationType(),
  });
}

/** Renders a hook inside a memory router at `url`, on a route shaped like the app's. */
function renderAt<T>(url: string, path: string, useValue: () => T) {
  let latest: ReturnType<ReturnType<typeof probe<T>>> | undefined;
  const Capture = () => {
    latest = probe(useValue)();
    return null;
  };
  const router = createMemoryRouter([{ path, element: <Capture /> }], { initialEntries: [url] });
  const { unmount } = renderHook(() => null, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <>
        <RouterProvider router={router} />
        {children}
      </>
    ),
  });
  const current = () => {
    if (!latest) throw new Error('not rendered');
    return latest;
  };
  return { router, current, unmount };
}

describe('useTestPageUrlState', () => {
  it('reads the test page URL with its problems', () => {
    const { current, unmount } = renderAt(
      '/tests/6627?window=7x&aid=11',
      '/tests/:testId',
      useTestPageUrlState,
    );
    expect(current().value).toMatchObject({ testId: '6627', aid: '11', tz: 'utc' });
    expect(current().value.problems).toEqual([
      "window '7x': use a number followed by s, m, h, d or w, such as 6h",
    ]);
    unmount();
  });

  it('does not write defaults; a chosen window is written and pushes history', () => {
    const { router, current, unmount } = renderAt(
      '/tests/6627?aid=11',
      '/tests/:testId',
      useTestPageUrlState,
    );
    expect(current().location.search).toBe('?aid=11');
    act(() => current().value.setRange({ kind: 'relative', windowSeconds: 6 * 3600 }));
    expect(current().location.search).toBe('?aid=11&window=6h');
    expect(current().navigationType).toBe('PUSH');
    expect(current().value.range).toEqual({ kind: 'relative', windowSeconds: 21_600 });
    act(() => {
      void router.navigate(-1);
    });
    expect(current().location.search).toBe('?aid=11');
    unmount();
  });

  it('opens a round as a history entry; closing it goes back, so Back never reopens it', () => {
    const { current, unmount } = renderAt(
      '/tests/6627?window=6h',
      '/tests/:testId',
      useTestPageUrlState,
    );
    act(() => current().value.openRound('97', 1407374700));
    expect(current().navigationType).toBe('PUSH');
    expect(current().location.search).toBe('?window=6h&agent=97&round=1407374700');
    expect(current().value).toMatchObject({ agent: '97', round: 1407374700 });
    // Next round inside the open drill-down replaces the entry.
    act(() => current().value.openRound('97', 1407375000));
    expect(current().navigationType).toBe('REPLACE');
    expect(current().location.search).toBe('?window=6h&agent=97&round=1407375000');
    act(() => current().value.closeRound());
    expect(current().navigationType).toBe('POP');
    expect(current().location.search).toBe('?window=6h');
    unmount();
  });

  it('closes a round opened by a link by replacing it, keeping the agent focused', () => {
    const { current, unmount } = renderAt(
      '/tests/6627?agent=97&round=1407374700',
      '/tests/:testId',
      useTestPageUrlState,
    );
    act(() => current().value.closeRound());
    expect(current().navigationType).toBe('REPLACE');
    expect(current().location.search).toBe('?agent=97');
    act(() => current().value.setTimeZone('local'));
    expect(current().navigationType).toBe('REPLACE');
    expect(current().location.search).toBe('?agent=97&tz=local');
    act(() => current().value.focusAgent(undefined));
    expect(current().navigationType).toBe('PUSH');
    expect(current().location.search).toBe('?tz=local');
    unmount();
  });
});

describe('the view in the URL', () => {
  it('writes a changed control in place of the entry, and Back from a later entry returns to it', () => {
    const { router, current, unmount } = renderAt(
      '/tests/6627?window=6h',
      '/tests/:testId',
      useTestPageUrlState,
    );
    act(() => current().value.setView({ agentOrder: 'name', heatmapMetrics: ['mos', 'loss'] }));
    expect(current().navigationType).toBe('REPLACE');
    expect(current().location.search).toBe('?window=6h&heatmaps=mos%2Closs&sort=name');
    act(() =>
      current().value.setView({ agentFilter: { text: 'Frank', kind: 'cloud', country: 'DE' } }),
    );
    act(() => current().value.openRound('97', 1407374700));
    act(() => {
      void router.navigate(-1);
    });
    expect(current().value.view).toMatchObject({
      agentOrder: 'name',
      heatmapMetrics: ['mos', 'loss'],
      agentFilter: { text: 'Frank', kind: 'cloud', country: 'DE' },
    });
    act(() => current().value.setView({ agentOrder: 'worst' }));
    expect(current().location.search).not.toContain('sort=');
    unmount();
  });

  it('keeps both of two filter changes made before the page renders again', () => {
    const { current, unmount } = renderAt(
      '/tests/6627?window=6h',
      '/tests/:testId',
      useTestPageUrlState,
    );
    const { setView } = current().value;
    act(() => {
      setView({ agentFilter: { country: 'DE' } });
      setView({ agentFilter: { kind: 'cloud' } });
    });
    expect(current().location.search).toBe('?window=6h&country=DE&agentType=cloud');
    unmount();
  });

  it('keeps the test filter of / in the URL, and drops it when cleared', () => {
    const { current, unmount } = renderAt('/?aid=11', '/', useHomeUrlState);
    act(() => current().value.setFilter('voip'));
    expect(current().location.search).toBe('?aid=11&filter=voip');
    expect(current().navigationType).toBe('REPLACE');
    expect(current().value.filter).toBe('voip');
    act(() => current().value.setFilter('  '));
    expect(current().location.search).toBe('?aid=11');
    unmount();
  });
});
