// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigationType } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useHomeUrlState } from './use-home-url-state.ts';
import { useTestPageUrlState } from './use-url-state.ts';
import type { HeatmapMetric } from '../lib/metrics.ts';

function probe<T>(useValue: () => T) {
  return () => ({
    value: useValue(),
    location: useLocation(),
    navigationType: useNavigationType(),
  });
}

/**
 * Renders a hook inside the app's router (BrowserRouter over jsdom's history) at `url`, on a route
 * shaped like the app's. The browser router writes the address at once and renders it in a
 * transition, as in the browser, so writes and renders can interleave here as they do there.
 */
function renderAt<T>(url: string, path: string, useValue: () => T) {
  let latest: ReturnType<ReturnType<typeof probe<T>>> | undefined;
  const Capture = () => {
    latest = probe(useValue)();
    return null;
  };
  window.history.replaceState(null, '', url);
  const { unmount } = renderHook(() => null, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <>
        <BrowserRouter>
          <Routes>
            <Route path={path} element={<Capture />} />
          </Routes>
        </BrowserRouter>
        {children}
      </>
    ),
  });
  const current = () => {
    if (!latest) throw new Error('not rendered');
    return latest;
  };
  return { current, unmount };
}

/** jsdom traverses history in a later task: resolves once the popstate of this step arrived. */
function popState(): Promise<void> {
  return new Promise((resolve) =>
    window.addEventListener('popstate', () => resolve(), { once: true }),
  );
}

/** Back, as the browser's button does it, rendered. */
async function back(): Promise<void> {
  await act(async () => {
    const popped = popState();
    window.history.back();
    await popped;
  });
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

  it('does not write defaults; a chosen window is written and pushes history', async () => {
    const { current, unmount } = renderAt(
      '/tests/6627?aid=11',
      '/tests/:testId',
      useTestPageUrlState,
    );
    expect(current().location.search).toBe('?aid=11');
    act(() => current().value.setRange({ kind: 'relative', windowSeconds: 6 * 3600 }));
    expect(current().location.search).toBe('?aid=11&window=6h');
    expect(current().navigationType).toBe('PUSH');
    expect(current().value.range).toEqual({ kind: 'relative', windowSeconds: 21_600 });
    await back();
    expect(current().location.search).toBe('?aid=11');
    unmount();
  });

  it('opens a round as a history entry; closing it goes back, so Back never reopens it', async () => {
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
    const popped = popState();
    act(() => current().value.closeRound());
    await act(() => popped);
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
  it('writes a changed control in place of the entry, and Back from a later entry returns to it', async () => {
    const { current, unmount } = renderAt(
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
    await back();
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

  it('a write after Back builds on the entry Back returned to, even before it rendered', async () => {
    const { current, unmount } = renderAt(
      '/tests/6627?window=6h',
      '/tests/:testId',
      useTestPageUrlState,
    );
    act(() => current().value.focusAgent('1169'));
    expect(current().location.search).toBe('?window=6h&agent=1169');
    const { setView } = current().value;
    // Back and a control change in one turn: the page has not rendered the Back when the control
    // writes, so a write built on the last render would bring the agent back.
    await act(async () => {
      const popped = popState();
      window.history.back();
      await popped;
      setView({ agentOrder: 'name' });
    });
    expect(current().location.search).toBe('?window=6h&sort=name');
    expect(current().value.agent).toBeUndefined();
    unmount();
  });

  it('writes made while earlier ones are unrendered keep every change, in order', () => {
    const { current, unmount } = renderAt(
      '/tests/6627?window=6h&country=FR',
      '/tests/:testId',
      useTestPageUrlState,
    );
    const { setView, setTimeZone } = current().value;
    act(() => {
      setView({ agentFilter: { country: undefined } });
      setTimeZone('local');
      setView({ agentFilter: { text: 'Frank' } });
      setView({ agentFilter: { country: 'DE' } });
    });
    expect(current().location.search).toBe('?window=6h&tz=local&filter=Frank&country=DE');
    unmount();
  });

  it('a change worked out from the view reads it from the address, not the last render', () => {
    const { current, unmount } = renderAt(
      '/tests/6627?window=6h&heatmaps=mos,pdv&group=type',
      '/tests/:testId',
      useTestPageUrlState,
    );
    const { setView } = current().value;
    // Each heatmap slot changed once, and the grouping box clicked twice, before a render.
    const slot = (index: 0 | 1, metric: 'loss' | 'latency') =>
      setView((view) => {
        const next: [HeatmapMetric, HeatmapMetric] = [...view.heatmapMetrics];
        next[index] = metric;
        return { heatmapMetrics: next };
      });
    act(() => {
      slot(0, 'loss');
      slot(1, 'latency');
      setView((view) => ({ groupByKind: !view.groupByKind }));
      setView((view) => ({ groupByKind: !view.groupByKind }));
    });
    // loss,latency is the default pair: written as absent.
    expect(current().location.search).toBe('?window=6h&group=type');
    expect(current().value.view.heatmapMetrics).toEqual(['loss', 'latency']);
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
