// Writing URL params over react-router's search params: changes keep the other params, and `push`
// says whether a person would want Back to undo the change.
import { useCallback, useLayoutEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { withParams } from '../lib/url-params.ts';

export type ParamChanges = Record<string, string | undefined>;

/** Applies param changes; `push` adds a history entry, otherwise the current one is replaced. */
export function useParamWriter() {
  const [searchParams, setSearchParams] = useSearchParams();
  // The params as last written, and the writes not rendered yet. react-router hands an updater
  // the params of the last render, and a render may still show an earlier write while later ones
  // are on their way: building on either would lose a change made in between (two controls
  // changed quickly). A render of params nobody here wrote (Back, a link) is taken as it is.
  const latest = useRef(searchParams);
  const unrendered = useRef<string[]>([]);
  useLayoutEffect(() => {
    const shown = unrendered.current.indexOf(searchParams.toString());
    if (shown < 0) {
      unrendered.current = [];
      latest.current = searchParams;
      return;
    }
    unrendered.current = unrendered.current.slice(shown + 1);
    if (unrendered.current.length === 0) latest.current = searchParams;
  }, [searchParams]);
  const write = useCallback(
    (changes: ParamChanges, push: boolean, state?: unknown) => {
      const next = withParams(latest.current, changes);
      latest.current = next;
      unrendered.current.push(next.toString());
      setSearchParams(next, { replace: !push, state });
    },
    [setSearchParams],
  );
  return [searchParams, write] as const;
}
