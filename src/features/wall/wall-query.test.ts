import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/fetch-client.ts';
import { computeRequestBudget } from './request-budget.ts';
import { pixelShift, rotationIndex, rotationProgress } from './rotation.ts';
import {
  NETWORK_RETRY_MS,
  REFUSED_RETRY_MS,
  UNAUTHORIZED_RETRY_MS,
  wallRefetchDelayMs,
} from './wall-query.ts';

// 2026-11-26 12:00:10 UTC: 10 s past a round boundary of every interval.
const BOUNDARY = Date.UTC(2026, 10, 26, 12, 0, 0);
const NOW = BOUNDARY + 10_000;

function error(kind: ConstructorParameters<typeof ApiError>[0]['kind'], retryAtMs?: number) {
  return new ApiError({ kind, path: '/api/v7/test-results/1/rtp-server', detail: 'x', retryAtMs });
}

describe('wallRefetchDelayMs', () => {
  it('after a success waits for the round boundary plus the processing delay', () => {
    expect(wallRefetchDelayMs(null, 60, NOW)).toBe(20_000);
    expect(wallRefetchDelayMs(null, 300, NOW)).toBe(20_000);
    expect(wallRefetchDelayMs(null, 60, BOUNDARY + 40_000)).toBe(50_000);
  });

  it('asks again after a 401 or 403 only every five minutes, whatever the interval', () => {
    expect(wallRefetchDelayMs(error('unauthorized'), 60, NOW)).toBe(UNAUTHORIZED_RETRY_MS);
    expect(wallRefetchDelayMs(error('forbidden'), 60, NOW)).toBe(UNAUTHORIZED_RETRY_MS);
    expect(UNAUTHORIZED_RETRY_MS).toBeGreaterThanOrEqual(5 * 60_000);
    // Per test, at most 12 an hour: ten such tests stay under the 120-an-hour lockout.
    expect(3_600_000 / UNAUTHORIZED_RETRY_MS).toBeLessThanOrEqual(12);
    expect(wallRefetchDelayMs(error('not-found'), 60, NOW)).toBe(REFUSED_RETRY_MS);
  });

  it('waits for a 429 until its reset when that is after the next round', () => {
    const retryAtMs = NOW + 5 * 60_000;
    expect(wallRefetchDelayMs(error('rate-limited', retryAtMs), 60, NOW)).toBe(5 * 60_000 + 1000);
    // A reset before the next round: the round decides.
    expect(wallRefetchDelayMs(error('rate-limited', NOW + 2000), 60, NOW)).toBe(20_000);
  });

  it('tries again within a minute after a network failure, and at the round after a 5xx', () => {
    expect(wallRefetchDelayMs(error('network'), 3600, BOUNDARY + 600_000)).toBe(NETWORK_RETRY_MS);
    expect(wallRefetchDelayMs(error('network'), 60, NOW)).toBe(20_000);
    expect(wallRefetchDelayMs(error('upstream-unavailable'), 300, NOW)).toBe(20_000);
    expect(wallRefetchDelayMs(error('invalid-response'), 300, NOW)).toBe(20_000);
  });
});

describe('computeRequestBudget', () => {
  it('adds each test’s increment once a round (times its pages), its closed hour and the test list', () => {
    const budget = computeRequestBudget(
      [
        { testId: '1', intervalSeconds: 60, callsPerRound: 1 },
        { testId: '2', intervalSeconds: 300, callsPerRound: 3 },
      ],
      240,
    );
    const perTest = budget.perTest.map((test) => test.requestsPerMinute);
    expect(perTest[0]).toBeCloseTo(1 + 1 / 60, 9);
    expect(perTest[1]).toBeCloseTo(0.6 + 1 / 60, 9);
    const results = 1.6 + 2 / 60;
    expect(budget.requestsPerMinute).toBeCloseTo(results + 1 / 15, 6);
    expect(budget.worstCasePerMinute).toBeCloseTo(4 * results + 1 / 15, 6);
    expect(budget.share).toBeCloseTo(budget.requestsPerMinute / 240, 9);
    expect(budget.screensThatFit).toBe(Math.floor(240 / budget.requestsPerMinute));
  });

  it('adds the window a day back once an hour per test when the yesterday mark is on', () => {
    const tests = [{ testId: '1', intervalSeconds: 60, callsPerRound: 1 }];
    const without = computeRequestBudget(tests, 240);
    const withYesterday = computeRequestBudget(tests, 240, { yesterday: true });
    expect(withYesterday.requestsPerMinute - without.requestsPerMinute).toBeCloseTo(1 / 60, 9);
  });

  it('falls back to the documented 240 when no limit is known', () => {
    expect(computeRequestBudget([], 0).limitPerMinute).toBe(240);
  });
});

describe('rotation', () => {
  it('shows each test for rotate seconds, in order, from the clock alone', () => {
    expect(rotationIndex(0, 10, 3)).toBe(0);
    expect(rotationIndex(9_999, 10, 3)).toBe(0);
    expect(rotationIndex(10_000, 10, 3)).toBe(1);
    expect(rotationIndex(30_000, 10, 3)).toBe(0);
    expect(rotationIndex(5_000, 0, 3)).toBe(0);
    expect(rotationProgress(2_500, 10)).toBeCloseTo(0.25);
  });

  it('drifts a few pixels, one step every few minutes, and comes back', () => {
    const steps = new Set<string>();
    for (let step = 0; step < 49; step++) {
      const { x, y } = pixelShift(step * 180_000);
      expect(Math.abs(x)).toBeLessThanOrEqual(3);
      expect(Math.abs(y)).toBeLessThanOrEqual(3);
      steps.add(`${x},${y}`);
    }
    expect(steps.size).toBe(49);
    expect(pixelShift(49 * 180_000)).toEqual(pixelShift(0));
    // Neighbouring steps move by one pixel at most: no visible jump.
    const a = pixelShift(6 * 180_000);
    const b = pixelShift(7 * 180_000);
    expect(Math.abs(a.x - b.x) + Math.abs(a.y - b.y)).toBe(1);
  });
});
