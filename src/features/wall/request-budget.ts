// How many upstream requests a minute the wall needs, against the organisation's limit, which is
// shared by every screen and every user. Shown in the `?debug=1` overlay. After the first load a
// test costs its live edge's increment once a round (one small call) and, once an hour, the hour
// that has just closed (window-results.ts); the closed intervals loaded at first are one-off. The
// "worse than yesterday" mark adds the closed hour its window a day back slides into, once an hour
// (use-yesterday-grades.ts), and nothing a round.

/** ThousandEyes' documented per-organisation limit, used until a response says otherwise. */
export const DOCUMENTED_RATE_LIMIT_PER_MINUTE = 240;
/** How often the wall re-reads the list of voice tests. */
export const TEST_LIST_REFRESH_MS = 15 * 60_000;
/** A failing refresh is tried this many more times (the data layer's transient retry policy). */
export const TRANSIENT_RETRIES = 3;

/** Each hour the live edge moves past, one closed interval ends there and is asked for once. */
export const CLOSED_INTERVALS_PER_HOUR = 1;
/** The same window a day back slides into one new closed hour an hour (yesterday=0: none). */
export const YESTERDAY_INTERVALS_PER_HOUR = 1;

export interface BudgetTest {
  testId: string;
  intervalSeconds: number;
  /** Calls (pages) the live edge's last increment took (1 until one has arrived). */
  callsPerRound: number;
}

export interface RequestBudget {
  perTest: { testId: string; requestsPerMinute: number }[];
  /** Steady state: every test's increment once a round and its closed hour, plus the test list. */
  requestsPerMinute: number;
  /** If every refresh failed and was retried as often as the policy allows. */
  worstCasePerMinute: number;
  limitPerMinute: number;
  /** Share of the organisation's limit this screen uses, 0–1 (may exceed 1). */
  share: number;
  /** How many screens like this one the limit allows, leaving nothing for people. */
  screensThatFit: number;
}

export function computeRequestBudget(
  tests: readonly BudgetTest[],
  limitPerMinute: number = DOCUMENTED_RATE_LIMIT_PER_MINUTE,
  { yesterday = false }: { yesterday?: boolean } = {},
): RequestBudget {
  const closedPerHour = CLOSED_INTERVALS_PER_HOUR + (yesterday ? YESTERDAY_INTERVALS_PER_HOUR : 0);
  const perTest = tests.map((test) => ({
    testId: test.testId,
    requestsPerMinute:
      (Math.max(1, test.callsPerRound) * 60) / Math.max(1, test.intervalSeconds) +
      closedPerHour / 60,
  }));
  const listPerMinute = 60_000 / TEST_LIST_REFRESH_MS;
  const resultsPerMinute = perTest.reduce((sum, test) => sum + test.requestsPerMinute, 0);
  const requestsPerMinute = resultsPerMinute + listPerMinute;
  const worstCasePerMinute = resultsPerMinute * (1 + TRANSIENT_RETRIES) + listPerMinute;
  const limit = limitPerMinute > 0 ? limitPerMinute : DOCUMENTED_RATE_LIMIT_PER_MINUTE;
  return {
    perTest,
    requestsPerMinute,
    worstCasePerMinute,
    limitPerMinute: limit,
    share: requestsPerMinute / limit,
    screensThatFit: requestsPerMinute > 0 ? Math.floor(limit / requestsPerMinute) : Infinity,
  };
}
