// The requests a page needs before any other, started as the app starts instead of once the
// page's code has downloaded and rendered. On the test page the server's config, then the test,
// then its results went one after another behind the route's chunk: the config now travels with
// the chunk, and the test follows as soon as the config has said which API version to ask.
// Each lands in react-query's cache under the page's own keys, so the page finds it there.
import type { QueryClient } from '@tanstack/react-query';
import { earshotConfigQueryOptions } from '../api/earshot-config.ts';
import { voiceTestQueryOptions } from '../api/voice-tests.ts';
import { parseIdParam } from '../lib/url-params.ts';

/** The test a `/tests/:testId` address names, when the address is one the page will accept. */
export function testOfAddress(
  pathname: string,
  search: string,
): { testId: string; aid: string | undefined } | undefined {
  const match = /^\/tests\/([^/]+)$/.exec(pathname);
  if (!match) return undefined;
  const problems: string[] = [];
  const testId = parseIdParam('test id', match[1], problems);
  const aid = parseIdParam('account group', new URLSearchParams(search).get('aid'), problems);
  return testId !== undefined && problems.length === 0 ? { testId, aid } : undefined;
}

/**
 * Starts the first page's first requests. A failure is left in the cache for the page to show
 * (and ask again), never thrown here.
 */
export async function startEarlyRequests(
  queryClient: QueryClient,
  { pathname, search }: { pathname: string; search: string },
): Promise<void> {
  try {
    const config = await queryClient.ensureQueryData(earshotConfigQueryOptions());
    const test = testOfAddress(pathname, search);
    if (test) {
      await queryClient.prefetchQuery(
        voiceTestQueryOptions({ apiVersion: config.apiVersion, ...test }),
      );
    }
  } catch {
    // The page's own query holds the error and says what to do.
  }
}
