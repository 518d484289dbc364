// Writing URL params over react-router's search params: changes keep the other params, and `push`
// says whether a person would want Back to undo the change.
import { useCallback, useLayoutEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { withParams } from '../lib/url-params.ts';

export type ParamChanges = Record<string, string | undefined>;

/** Applies param changes; `push` adds a history entry, otherwise the current one is replaced. */
export function useParamWriter() {
  const [searchParams, setSearchParams] = useSearchParams();
  // The params as last written: react-router hands an updater the params of the last render, so
  // two writes before the next render would otherwise lose the first.
  const latest = useRef(searchParams);
  useLayoutEffect(() => {
    latest.current = searchParams;
  }, [searchParams]);
  const write = useCallback(
    (changes: ParamChanges, push: boolean, state?: unknown) => {
      const next = withParams(latest.current, changes);
      latest.current = next;
      setSearchParams(next, { replace: !push, state });
    },
    [setSearchParams],
  );
  return [searchParams, write] as const;
}
