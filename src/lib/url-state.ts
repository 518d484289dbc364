// Earshot's URL contract (DESIGN.md, "URLs") read and written as plain data: validated, normalised,
// with a message a person can act on for every bad value. The hooks in src/hooks wrap these.
import {
  DEFAULT_WINDOW_SECONDS,
  parseTimeRange,
  timeRangeToUrlParams,
  type TimeRange,
} from '../../common/time-window.ts';
import type { TimeZoneChoice } from './format.ts';
import { isThousandEyesId } from './thousandeyes-id.ts';

/** What the hooks read from: URLSearchParams, or anything with the same `get`. */
export interface ReadableParams {
  get(name: string): string | null;
}

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', windowSeconds: DEFAULT_WINDOW_SECONDS };
export const DEFAULT_TIME_ZONE: TimeZoneChoice = 'utc';

// Round ids are epoch seconds: 2000-01-01 to 2100-01-01 covers every round ThousandEyes keeps.
const MIN_ROUND_ID = 946_684_800;
const MAX_ROUND_ID = 4_102_444_800;

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

export function parseRange(params: ReadableParams, problems: string[]): TimeRange {
  const parsed = parseTimeRange({
    window: params.get('window'),
    from: params.get('from'),
    to: params.get('to'),
  });
  if (!parsed.ok) {
    problems.push(parsed.message);
    return DEFAULT_RANGE;
  }
  return parsed.value ?? DEFAULT_RANGE;
}

export function parseTimeZone(params: ReadableParams, problems: string[]): TimeZoneChoice {
  const value = params.get('tz');
  if (value === null || value === '') return DEFAULT_TIME_ZONE;
  const lower = value.toLowerCase();
  if (lower === 'utc' || lower === 'local') return lower;
  problems.push(`tz '${quote(value)}': use utc or local`);
  return DEFAULT_TIME_ZONE;
}

export interface HomeUrlState {
  aid: string | undefined;
  problems: string[];
}

export function parseHomeUrl(params: ReadableParams): HomeUrlState {
  const problems: string[] = [];
  const aid = parseIdParam('account group', params.get('aid'), problems);
  return { aid, problems };
}

export interface TestPageUrlState {
  testId: string | undefined;
  aid: string | undefined;
  range: TimeRange;
  /** The agent focused or drilled into. */
  agent: string | undefined;
  /** With `agent`, the round whose details are open (epoch seconds). */
  round: number | undefined;
  tz: TimeZoneChoice;
  problems: string[];
}

export function parseTestPageUrl(
  testIdParam: string | undefined,
  params: ReadableParams,
): TestPageUrlState {
  const problems: string[] = [];
  const testId = parseIdParam('test id', testIdParam, problems);
  if (testIdParam === undefined || testIdParam === '') {
    problems.push('no test id in the address: pick a test, such as /tests/6627');
  }
  const aid = parseIdParam('account group', params.get('aid'), problems);
  const range = parseRange(params, problems);
  const agent = parseIdParam('agent', params.get('agent'), problems);
  let round: number | undefined;
  const roundText = params.get('round');
  if (roundText !== null && roundText !== '') {
    const value = Number(roundText);
    if (!/^\d+$/.test(roundText) || value < MIN_ROUND_ID || value > MAX_ROUND_ID) {
      problems.push(
        `round '${quote(roundText)}': use the round's start in epoch seconds, such as 1407374700`,
      );
    } else if (agent === undefined) {
      problems.push(`round '${roundText}' needs an agent: add agent=<agent id> or remove round`);
    } else {
      round = value;
    }
  }
  return { testId, aid, range, agent, round, tz: parseTimeZone(params, problems), problems };
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

/** The param changes that put `range` into the URL, in its one spelling. */
export function rangeParamChanges(range: TimeRange): Record<string, string | undefined> {
  return { window: undefined, from: undefined, to: undefined, ...timeRangeToUrlParams(range) };
}
