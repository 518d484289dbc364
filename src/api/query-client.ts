// The app's QueryClient and the retry policy every query shares: transient failures only.
import { QueryClient, timeoutManager } from '@tanstack/react-query';
import { clockTimers, now } from '../lib/clock.ts';
import { isApiError, isTransientApiError } from './fetch-client.ts';

const MAX_TRANSIENT_RETRIES = 3;
const MAX_RATE_LIMIT_RETRIES = 5;
const MAX_BACKOFF_MS = 30_000;
const MAX_RATE_LIMIT_DELAY_MS = 10 * 60_000 + 1000;

/**
 * Retry network failures and 5xx a few times, and a 429 once its reset has passed; never a 4xx:
 * ThousandEyes locks an address out after 120 unauthorized requests in an hour.
 */
export function shouldRetryApiError(failureCount: number, error: unknown): boolean {
  if (!isTransientApiError(error)) return false;
  if (isApiError(error) && error.kind === 'rate-limited')
    return failureCount < MAX_RATE_LIMIT_RETRIES;
  return failureCount < MAX_TRANSIENT_RETRIES;
}

/** Exponential backoff, except a 429, which waits until the time it may retry (plus a second). */
export function apiRetryDelayMs(
  failureCount: number,
  error: unknown,
  nowMs: number = now(),
): number {
  if (isApiError(error) && error.kind === 'rate-limited' && error.retryAtMs !== undefined) {
    return Math.min(MAX_RATE_LIMIT_DELAY_MS, Math.max(0, error.retryAtMs - nowMs) + 1000);
  }
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failureCount);
}

/** Spread into every queryOptions so the policy holds whichever QueryClient runs it. */
export const apiRetryOptions = {
  retry: shouldRetryApiError,
  retryDelay: (failureCount: number, error: unknown) => apiRetryDelayMs(failureCount, error),
} as const;

/** How long an unused query stays cached: bounded, so a screen left for days does not grow. */
export const QUERY_GC_TIME_MS = 5 * 60_000;

export function createQueryClient(): QueryClient {
  // Retry backoff, refetchInterval and gcTime run on the app's one clock (set before any query).
  timeoutManager.setTimeoutProvider(clockTimers);
  return new QueryClient({
    defaultOptions: {
      queries: {
        ...apiRetryOptions,
        gcTime: QUERY_GC_TIME_MS,
        refetchOnWindowFocus: true,
        structuralSharing: true,
      },
    },
  });
}
