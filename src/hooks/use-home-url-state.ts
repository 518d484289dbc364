// The test list's URL state (`/?aid=…&filter=…`): read and validated, written as a person uses it.
import { useCallback, useMemo } from 'react';
import { parseHomeUrl, type HomeUrlState } from '../lib/url-params.ts';
import { useParamWriter } from './use-param-writer.ts';

export interface HomeUrl extends HomeUrlState {
  /** Picking an account group is navigation: it pushes history. */
  setAid: (aid: string | undefined) => void;
  /** The test filter: replaces the entry (typing is not navigation), so Back leaves the page. */
  setFilter: (filter: string) => void;
}

export function useHomeUrlState(): HomeUrl {
  const [searchParams, write] = useParamWriter();
  const state = useMemo(() => parseHomeUrl(searchParams), [searchParams]);
  const setAid = useCallback((aid: string | undefined) => write({ aid }, true), [write]);
  const setFilter = useCallback(
    (filter: string) => write({ filter: filter.trim() === '' ? undefined : filter }, false),
    [write],
  );
  return { ...state, setAid, setFilter };
}
