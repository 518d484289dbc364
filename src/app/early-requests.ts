// The requests a page needs before any other, started as the app starts instead of once the
// page's code has downloaded and rendered. Every page needs the server's config (mode, API
// version); the test page then needs its test and the newest rounds of its window, which follow
// the config at once (src/app/routes/test-page-queries.ts), while React boots and the page's
// chunk is parsed. Each lands in react-query's cache under the page's own key, so the page finds
// it there, in flight or answered.
import type { QueryClient } from '@tanstack/react-query';
import { matchPath } from 'react-router';
import { earshotConfigQueryOptions } from '../api/earshot-config.ts';
import { loadTestDashboard, testDashboardModule } from './first-page-module.ts';

/** Where the page is: the address's path and query. */
export interface PageAddress {
  pathname: string;
  search: string;
  /**
   * Whether the page is still at this address. The closed intervals of a window's newest day are
   * asked for only if it is once the newest rows are in: a person who moved on would otherwise
   * download a day nobody shows (8 intervals at 500 agents), ahead of the one they went to.
   */
  stillHere?: () => boolean;
}

/** Starts the first page's requests. A failure is left in the cache for the page to show, never thrown. */
export async function startEarlyRequests(
  queryClient: QueryClient,
  address: PageAddress,
): Promise<void> {
  const testId = matchPath('/tests/:testId', address.pathname)?.params.testId;
  // The rest comes from the test page's own module, which starts downloading before the app is
  // evaluated (first-page-module.ts; no chunk of its own, so the first page's JS stays as small). A
  // failed download is the route's to report.
  const testPage = testId === undefined ? undefined : (testDashboardModule ?? loadTestDashboard());
  let apiVersion;
  try {
    ({ apiVersion } = await queryClient.fetchQuery(earshotConfigQueryOptions()));
  } catch {
    return;
  }
  if (testPage === undefined || testId === undefined) return;
  let prefetchTestPage;
  try {
    ({ prefetchTestPage } = await testPage);
  } catch {
    return;
  }
  await prefetchTestPage(
    queryClient,
    apiVersion,
    testId,
    new URLSearchParams(address.search),
    address.stillHere,
  );
}
