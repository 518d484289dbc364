// The request every page needs before any other, started as the app starts instead of once the
// page's code has downloaded and rendered: the server's config (mode, API version) now travels
// beside the route's chunk. It lands in react-query's cache under the page's own key, so the page
// finds it there.
//
// Not the test page's test as well: when that fails (an unknown test), the page's own query would
// ask upstream a second time as it mounts, and a request the organisation pays for is asked once.
import type { QueryClient } from '@tanstack/react-query';
import { earshotConfigQueryOptions } from '../api/earshot-config.ts';

/** Starts the config's request. A failure is left in the cache for the page to show, never thrown. */
export async function startEarlyRequests(queryClient: QueryClient): Promise<void> {
  await queryClient.prefetchQuery(earshotConfigQueryOptions());
}
