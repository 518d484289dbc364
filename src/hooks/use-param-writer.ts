// Writing URL params over react-router's search params: changes keep the other params, and `push`
// says whether a person would want Back to undo the change.
import { useCallback } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { withParams } from '../lib/url-params.ts';

export type ParamChanges = Record<string, string | undefined>;

/**
 * The changes to write, or how to work them out from the params in the address at the moment of
 * writing: a control whose change depends on the value before it (one of two heatmap slots, a
 * column header that toggles its direction) must read that value there, not from its last render.
 */
export type ParamWrite = ParamChanges | ((current: URLSearchParams) => ParamChanges);

/**
 * Applies param changes; `push` adds a history entry, otherwise the current one is replaced.
 *
 * A write builds on the address as it is now, never on the params of the last render. The
 * browser router writes the address at once and renders it later (in a transition), so between a
 * write and its render the address already holds what a render does not show yet: an earlier
 * write of another control, or a Back the person just pressed. Building on the render would lose
 * the first or undo the second; building on the address keeps both, whatever the order.
 */
export function useParamWriter() {
  const [searchParams, setSearchParams] = useSearchParams();
  const { pathname } = useLocation();
  const write = useCallback(
    (changes: ParamWrite, push: boolean, state?: unknown) => {
      // The address has moved to another page that has not rendered yet: this page is leaving,
      // and its params do not belong there.
      if (window.location.pathname !== pathname) return;
      const current = new URLSearchParams(window.location.search);
      const next = withParams(current, typeof changes === 'function' ? changes(current) : changes);
      setSearchParams(next, { replace: !push, state });
    },
    [setSearchParams, pathname],
  );
  return [searchParams, write] as const;
}
