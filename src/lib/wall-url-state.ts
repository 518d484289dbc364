// The wall's part of Earshot's URL contract (docs/url-and-environment.md): `/wall`'s parameters
// read as plain data, each bad value with a message. Apart from url-state.ts so that the first
// page's bundle, which reads the other pages' parameters, does not carry the wall's.
import { DEFAULT_GRADE_MODE, GRADE_MODES, type GradeMode } from './grade-mode.ts';
import type { TimeRange } from '../../common/time-window.ts';
import { parseIdParam, quote, type ReadableParams } from './url-params.ts';
import { parseRange, parseTimeZone } from './url-state.ts';
import type { TimeZoneChoice } from './format.ts';

/** Seconds per test on the wall; 0 shows every test on one screen. */
export const DEFAULT_ROTATE_SECONDS = 0;
export const MAX_ROTATE_SECONDS = 3600;

/** One test on the wall and the account group it is asked in (undefined: the token's default). */
export interface WallTestRef {
  aid: string | undefined;
  testId: string;
}

export interface WallUrlState {
  /** The account group of tests named without one, and of the test list when `tests` is absent. */
  aid: string | undefined;
  /** undefined = every enabled voice test of `aid`. */
  tests: WallTestRef[] | undefined;
  range: TimeRange;
  /** Seconds per test; 0 = all tests on one screen. */
  rotateSeconds: number;
  tz: TimeZoneChoice;
  debug: boolean;
  /** The burn-in drift; `shift=0` turns it off. */
  shift: boolean;
  /** Mark a test graded worse than over the same window a day earlier; `yesterday=0` turns it off. */
  yesterday: boolean;
  /** How good/fair/poor is judged: headroom to the codec's ceiling, or absolute MOS bands. */
  grade: GradeMode;
  problems: string[];
}

const CROSS_ACCOUNT_TEST = /^(\d{1,19}):(\d{1,19})$/;

/**
 * `tests=7001,1234:7002`: a test id alone is a test of `aid` (as before); `aid:testId` names a
 * test of another account group, so one wall can show tests of several. Repeats are dropped.
 */
export function parseWallTests(
  text: string | null,
  aid: string | undefined,
  problems: string[],
): WallTestRef[] | undefined {
  if (text === null || text.trim() === '') return undefined;
  const refs = new Map<string, WallTestRef>();
  for (const part of text.split(',').map((item) => item.trim())) {
    if (part === '') continue;
    let ref: WallTestRef | undefined;
    if (part.includes(':')) {
      const match = CROSS_ACCOUNT_TEST.exec(part);
      if (match) ref = { aid: match[1], testId: match[2]! };
      else {
        problems.push(
          `test '${quote(part)}': write aid:testId with the digits of both, such as 1234:7002`,
        );
      }
    } else {
      const testId = parseIdParam('test id', part, problems);
      if (testId !== undefined) ref = { aid, testId };
    }
    if (ref) refs.set(`${ref.aid ?? ''}:${ref.testId}`, ref);
  }
  return refs.size > 0 ? [...refs.values()] : undefined;
}

function parseGrade(params: ReadableParams, problems: string[]): GradeMode {
  const value = params.get('grade');
  if (value === null || value === '') return DEFAULT_GRADE_MODE;
  const lower = value.toLowerCase();
  const mode = GRADE_MODES.find((candidate) => candidate === lower);
  if (mode) return mode;
  problems.push(
    `grade '${quote(value)}': use headroom (below the codec's maximum) or mos (absolute bands)`,
  );
  return DEFAULT_GRADE_MODE;
}

function isOff(value: string | null): boolean {
  return value === '0' || value === 'false';
}

const SWITCH_VALUES: Record<string, boolean> = { '1': true, true: true, '0': false, false: false };

/** An on/off parameter that is on unless the URL says 0 (or false); any other value is a problem. */
function parseSwitchOnByDefault(
  params: ReadableParams,
  name: string,
  offMeans: string,
  problems: string[],
): boolean {
  const value = params.get(name);
  if (value === null || value === '') return true;
  const on = SWITCH_VALUES[value.toLowerCase()];
  if (on !== undefined) return on;
  problems.push(`${name} '${quote(value)}': use 0 to ${offMeans} or 1 to keep it (the default)`);
  return true;
}

export function parseWallUrl(params: ReadableParams): WallUrlState {
  const problems: string[] = [];
  const aid = parseIdParam('account group', params.get('aid'), problems);
  const tests = parseWallTests(params.get('tests'), aid, problems);
  const range = parseRange(params, problems);
  let rotateSeconds = DEFAULT_ROTATE_SECONDS;
  const rotateText = params.get('rotate');
  if (rotateText !== null && rotateText !== '') {
    const value = Number(rotateText);
    if (/^\d+$/.test(rotateText) && value <= MAX_ROTATE_SECONDS && (value === 0 || value >= 5)) {
      rotateSeconds = value;
    } else {
      problems.push(
        `rotate '${quote(rotateText)}': use seconds per test from 5 to ${MAX_ROTATE_SECONDS}, or 0 for all tests on one screen`,
      );
    }
  }
  const debugText = params.get('debug');
  return {
    aid,
    tests,
    range,
    rotateSeconds,
    tz: parseTimeZone(params, problems),
    debug: debugText !== null && debugText !== '' && !isOff(debugText),
    shift: parseSwitchOnByDefault(params, 'shift', 'turn off the burn-in drift', problems),
    yesterday: parseSwitchOnByDefault(
      params,
      'yesterday',
      'hide the "worse than yesterday" mark',
      problems,
    ),
    grade: parseGrade(params, problems),
    problems,
  };
}
