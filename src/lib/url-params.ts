// The URL's plain parts every page shares: reading an id or the filter text with a message for a
// bad value, and writing changes that keep the other params. Apart from url-state.ts (the test
// page's contract) so that the test list, the first page most people open, loads no more of it.
import { isThousandEyesId } from './thousandeyes-id.ts';

/** What the hooks read from: URLSearchParams, or anything with the same `get`. */
export interface ReadableParams {
  get(name: string): string | null;
}

export function quote(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** A ThousandEyes id as the URL carries it, or a problem. `label` names it for people. */
export function parseIdParam(
  label: string,
  value: string | null | undefined,
  problems: string[],
): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (isThousandEyesId(value)) return value;
  problems.push(`${label} '${quote(value)}': use the digits of a ThousandEyes id, such as 6627`);
  return undefined;
}

/**
 * A copy of `params` with `changes` applied: a string sets, undefined removes. Order of the other
 * params is kept, so a shared link stays recognisable.
 */
export function withParams(
  params: URLSearchParams,
  changes: Record<string, string | undefined>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) next.delete(name);
    else next.set(name, value);
  }
  return next;
}

const MAX_FILTER_LENGTH = 100;

/** `filter`: free text, trimmed, bounded (the test list's and the agent filter's). */
export function parseFilterText(params: ReadableParams, problems: string[]): string {
  const value = params.get('filter');
  if (value === null) return '';
  if (value.length > MAX_FILTER_LENGTH) {
    problems.push(
      `filter '${quote(value)}': keep it to ${MAX_FILTER_LENGTH} characters or fewer, such as a name or a country code`,
    );
    return '';
  }
  return value.trim();
}

export interface HomeUrlState {
  aid: string | undefined;
  /** The test filter: matches names, ids and targets ('' = every test). */
  filter: string;
  problems: string[];
}

export function parseHomeUrl(params: ReadableParams): HomeUrlState {
  const problems: string[] = [];
  const aid = parseIdParam('account group', params.get('aid'), problems);
  return { aid, filter: parseFilterText(params, problems), problems };
}
