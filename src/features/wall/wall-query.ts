// The wall's results queries: the data layer's round-aligned cadence and retry policy, with the
// waits a screen nobody watches needs on top: a rejected token is asked again only every few
// minutes (ThousandEyes locks an address out after 120 unauthorized requests an hour), a 429
// waits until its reset, and a dropped network is tried again within a minute.
import { isApiError } from '../../api/fetch-client.ts';
import type { WindowResultsParams } from '../../api/window-results.ts';
import { PROCESSING_DELAY_MS } from '../../../common/result-intervals.ts';
import { nextRoundRefreshDelayMs } from '../../../common/time-window.ts';

/** How often a 401 or 403 is asked again: 12 an hour per test, far from the lockout. */
export const UNAUTHORIZED_RETRY_MS = 5 * 60_000;
/** A missing test or a refused request is asked again rarely: someone may fix the setup. */
export const REFUSED_RETRY_MS = 15 * 60_000;
/** After a network failure (the Earshot server restarting, the screen offline), ask again soon. */
export const NETWORK_RETRY_MS = 60_000;

/**
 * Milliseconds until the wall asks for a test's results again, given the last refresh's error
 * (undefined after a success). Never sooner than the next round unless the last attempt failed.
 */
export function wallRefetchDelayMs(
  error: unknown,
  intervalSeconds: number,
  nowMs: number,
  processingDelayMs: number = PROCESSING_DELAY_MS,
): number {
  const nextRound = nextRoundRefreshDelayMs(intervalSeconds, nowMs, processingDelayMs);
  if (!isApiError(error)) return nextRound;
  switch (error.kind) {
    case 'unauthorized':
    case 'forbidden':
      return UNAUTHORIZED_RETRY_MS;
    case 'not-found':
    case 'bad-request':
    case 'unfollowable-next-page':
      return REFUSED_RETRY_MS;
    case 'rate-limited': {
      const untilReset = error.retryAtMs === undefined ? 60_000 : error.retryAtMs - nowMs + 1000;
      return Math.max(nextRound, untilReset);
    }
    case 'network':
      return Math.min(nextRound, NETWORK_RETRY_MS);
    case 'upstream-unavailable':
    case 'invalid-response':
      return nextRound;
  }
}

/** A test's window as the wall asks for it: polled while hidden, with the wall's own waits. */
export function wallWindowParams(
  params: Omit<WindowResultsParams, 'refreshWhileHidden' | 'refetchDelayMs'>,
): WindowResultsParams {
  return {
    ...params,
    refreshWhileHidden: true,
    refetchDelayMs: (error, nowMs) =>
      wallRefetchDelayMs(error, params.intervalSeconds, nowMs, params.processingDelayMs),
  };
}
