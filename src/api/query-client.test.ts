// The shared retry policy as a query lives it: TanStack Query's backoff timers run on the app
// clock, so fake timers move them exactly.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './fetch-client.ts';
import { createQueryClient } from './query-client.ts';

const START_MS = Date.UTC(2026, 10, 20, 10, 0, 0);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START_MS);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A query whose upstream fails with `errors` in turn, then answers; returns its call times. */
function failingThenAnswering(errors: ApiError[]) {
  const client = createQueryClient();
  const calledAt: number[] = [];
  const upstream = (): Promise<string> => {
    calledAt.push(Date.now() - START_MS);
    const error = errors[calledAt.length - 1];
    return error ? Promise.reject(error) : Promise.resolve('answer');
  };
  const settled = client.fetchQuery({ queryKey: ['retry-policy'], queryFn: upstream });
  return { calledAt, settled };
}

const unavailable = () =>
  new ApiError({ kind: 'upstream-unavailable', path: '/api/v7/x', detail: '503', status: 503 });

describe('the retry policy on the clock', () => {
  it('asks again after a 5xx with exponential backoff: 1 s, then 2 s', async () => {
    const { calledAt, settled } = failingThenAnswering([unavailable(), unavailable()]);
    await vi.advanceTimersByTimeAsync(999);
    expect(calledAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calledAt).toEqual([0, 1000]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calledAt).toEqual([0, 1000, 3000]);
    await expect(settled).resolves.toBe('answer');
  });

  it('after a 429, waits until the reset it was given (plus a second), read on the clock', async () => {
    const limited = new ApiError({
      kind: 'rate-limited',
      path: '/api/v7/x',
      detail: 'limit',
      status: 429,
      retryAtMs: START_MS + 45_000,
    });
    const { calledAt, settled } = failingThenAnswering([limited]);
    await vi.advanceTimersByTimeAsync(45_999);
    expect(calledAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calledAt).toEqual([0, 46_000]);
    await expect(settled).resolves.toBe('answer');
  });

  it('never asks again after a 401', async () => {
    const { calledAt, settled } = failingThenAnswering([
      new ApiError({ kind: 'unauthorized', path: '/api/v7/x', detail: 'no', status: 401 }),
    ]);
    const outcome = expect(settled).rejects.toThrow(/unauthorized/);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await outcome;
    expect(calledAt).toEqual([0]);
  });
});
