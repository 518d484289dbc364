// Each wall test's grade over the same window a day earlier, for the "worse than yesterday" mark.
// Read through the same interval data path as the window itself (useWindowResults): the window a
// day back has closed, so it is only closed intervals, each a query asked for once and never again
// while it is cached (and served by the server's interval cache to every screen after the first).
// A refresh of the wall asks for none of it; the browser asks again only when the moving window
// slides into a closed interval it does not hold yet, about once an hour per test.
import type { ApiVersion } from '../../../common/earshot-config.ts';
import type { TimeRange } from '../../../common/time-window.ts';
import { useWindowResults, type WindowResultsDeps } from '../../api/window-results.ts';
import { now as clockNow } from '../../lib/clock.ts';
import type { GradeMode } from '../../lib/grade-mode.ts';
import { wallTestData, wallTestSummary } from './wall-data.ts';
import { UNKNOWN_YESTERDAY, yesterdayRange, type YesterdayGrade } from './yesterday-mark.ts';

export interface YesterdayTest {
  apiVersion: ApiVersion;
  aid: string | undefined;
  testId: string;
  intervalSeconds: number;
  /**
   * Ask for yesterday now: the wall passes "today's whole window is on screen", so yesterday never
   * competes with today's first load for the rate limit, and asks nothing while today's requests
   * fail (a rejected token, a 429). Once asked, its intervals stay cached while it waits.
   */
  ready: boolean;
}

/**
 * Yesterday's grade of every test, in the same order; unknown for all when `enabled` is false
 * (nothing is asked), for a test not ready, and for a test until the whole of its earlier window
 * has arrived (a grade over part of a window could be better than the whole: the mark must never
 * lie). A failed request is unknown too, and stays apart from the test's own data: it never
 * makes a test stale.
 */
export function useYesterdayGrades(
  tests: readonly YesterdayTest[],
  range: TimeRange,
  grade: GradeMode,
  enabled: boolean,
  deps: WindowResultsDeps = {},
): YesterdayGrade[] {
  const nowMs = (deps.now ?? clockNow)();
  const asked = enabled ? tests.filter((test) => test.ready) : [];
  const results = useWindowResults(
    asked.map((test) => ({
      apiVersion: test.apiVersion,
      aid: test.aid,
      testId: test.testId,
      intervalSeconds: test.intervalSeconds,
      range: yesterdayRange(range, nowMs, test.intervalSeconds),
    })),
    deps,
  );
  return tests.map((test): YesterdayGrade => {
    const index = asked.indexOf(test);
    const result = index < 0 ? undefined : results[index];
    const data = result?.data;
    const coverage = result?.coverage;
    if (
      !result ||
      !data ||
      !coverage ||
      result.isPlaceholderData ||
      coverage.windowMs <= 0 ||
      coverage.loadedMs < coverage.windowMs
    ) {
      return UNKNOWN_YESTERDAY;
    }
    return {
      known: true,
      health: wallTestSummary(wallTestData(data, test.intervalSeconds), grade).health,
    };
  });
}
