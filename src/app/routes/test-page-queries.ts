// What the test page asks for first, in the one place that says it: the test, then the newest
// rounds of its window (the head), then the closed intervals of its newest day, newest first. The
// page's own queries are made from it, and so are the early requests (src/app/early-requests.ts),
// which start them as the app starts, while React and the page's code are still booting: the page
// then finds them in react-query's cache under its own keys, in flight or answered, and asks for
// none again. (A head or an interval that failed is asked again as the page mounts, as any failed
// query would be; a failed test is not.)
import type { QueryClient } from '@tanstack/react-query';
import type { ApiVersion } from '../../../common/earshot-config.ts';
import { voiceTestQueryOptions } from '../../api/voice-tests.ts';
import { windowHead } from '../../api/results-plan.ts';
import {
  closedIntervalQueryOptions,
  inNewestDay,
  planWindowIntervals,
  readWindowHead,
  windowHeadQueryOptions,
} from '../../api/window-queries.ts';
import type { WindowResultsParams } from '../../api/window-results.ts';
import { now } from '../../lib/clock.ts';
import type { VoiceTest } from '../../lib/model.ts';
import { parseTestPageUrl, type TestPageUrlState } from '../../lib/url-state.ts';

/** The window of results the test page shows for its address. */
export function testPageWindow(
  apiVersion: ApiVersion,
  url: Pick<TestPageUrlState, 'aid' | 'range' | 'paused'>,
  test: VoiceTest,
): WindowResultsParams {
  return {
    apiVersion,
    aid: url.aid,
    testId: test.testId,
    range: url.range,
    intervalSeconds: test.intervalSeconds,
    paused: url.paused,
  };
}

/**
 * Asks for the test of `/tests/{testId}?{search}`, then its window's head, then (if the page is
 * `stillHere`) the closed intervals of the window's newest day, as the page will. Nothing is asked
 * for an address the page would refuse; a failure stays in the cache for the page to show (the
 * test's query does not ask again as the page mounts), and is never thrown. The day's intervals
 * are asked as the head arrives, not after the page's first render of it (~0.7 s at 500 agents on
 * a 2-core machine): on a cold load the server starts reading the newest day while the browser
 * draws the newest hour. The older intervals are left to the page, which asks for them once it
 * has drawn the day (dayComesFirst): asked here as soon as the day was in, they shared the
 * machine with the day's rebuild, and the day came on screen ~0.2 s later on a cold week at 500
 * agents.
 */
export async function prefetchTestPage(
  queryClient: QueryClient,
  apiVersion: ApiVersion,
  testIdParam: string,
  search: URLSearchParams,
  stillHere: () => boolean = () => true,
): Promise<void> {
  const url = parseTestPageUrl(testIdParam, search);
  if (url.problems.length > 0 || url.testId === undefined) return;
  let test: VoiceTest;
  try {
    test = await queryClient.fetchQuery(
      voiceTestQueryOptions({ apiVersion, aid: url.aid, testId: url.testId }),
    );
  } catch {
    return;
  }
  const resultsWindow = testPageWindow(apiVersion, url, test);
  const head = windowHead(resultsWindow.range, now(), resultsWindow.intervalSeconds);
  const headOptions = windowHeadQueryOptions(resultsWindow, head);
  await queryClient.prefetchQuery(headOptions);
  if (!stillHere()) return;
  const headRead = readWindowHead(
    resultsWindow,
    head,
    queryClient.getQueryData(headOptions.queryKey),
  );
  if (!headRead) return;
  const plan = planWindowIntervals(
    resultsWindow.range,
    resultsWindow.intervalSeconds,
    headRead.head,
    headRead.data,
  );
  // Newest first into the download slots, three at a time, as the page's own queries would be.
  await Promise.all(
    plan
      .filter((interval) => inNewestDay(interval, headRead.data.asOfMs))
      .map((interval) =>
        queryClient.prefetchQuery(closedIntervalQueryOptions(resultsWindow, interval)),
      ),
  );
}
