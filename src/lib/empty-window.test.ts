import { describe, expect, it } from 'vitest';
import { whyWindowIsEmpty, type EmptyWindowFacts } from './empty-window.ts';

const nowMs = Date.UTC(2026, 10, 29, 12);
const base: EmptyWindowFacts = {
  range: { kind: 'relative', windowSeconds: 3600 },
  windowStartMs: nowMs - 3_600_000,
  windowEndMs: nowMs,
  intervalSeconds: 300,
  agentsReporting: 0,
  agentsShown: 0,
  roundCount: 12,
  testEnabled: true,
  timeZone: 'utc',
};

describe('whyWindowIsEmpty', () => {
  it('says nothing when agents are shown', () => {
    expect(whyWindowIsEmpty({ ...base, agentsReporting: 3, agentsShown: 3 })).toBeUndefined();
  });

  it('names a window shorter than the interval even when a round fell into it', () => {
    expect(
      whyWindowIsEmpty({
        ...base,
        range: { kind: 'relative', windowSeconds: 60 },
        windowStartMs: nowMs - 60_000,
        agentsReporting: 30,
        agentsShown: 30,
        roundCount: 1,
      }),
    ).toMatch(/^This window \(1m\) is shorter than the test's interval/);
  });

  it('names a window shorter than the test interval, and the shortest that works', () => {
    expect(
      whyWindowIsEmpty({
        ...base,
        range: { kind: 'relative', windowSeconds: 120 },
        windowStartMs: nowMs - 120_000,
        roundCount: 0,
      }),
    ).toBe(
      "This window (2m) is shorter than the test's interval (a round every 5 min), so it holds one round at most, often none. Choose a window of at least 5m.",
    );
  });

  it('names a range in the future', () => {
    const fromMs = nowMs + 86_400_000;
    expect(
      whyWindowIsEmpty({
        ...base,
        range: { kind: 'absolute', fromMs, toMs: fromMs + 3_600_000 },
        windowStartMs: fromMs,
        windowEndMs: nowMs,
        roundCount: 0,
      }),
    ).toMatch(/^This range starts at 2026-11-30 12:00 UTC, in the future: /);
  });

  it('blames the agent filter when agents reported but none passes it', () => {
    expect(whyWindowIsEmpty({ ...base, agentsReporting: 1487 })).toBe(
      'No agent passes the agent filter (1,487 agents reported in this window). Clear the filter or change it.',
    );
  });

  it('says a disabled test runs no rounds, and otherwise that nothing came back', () => {
    expect(whyWindowIsEmpty({ ...base, testEnabled: false })).toMatch(/the test is disabled/);
    expect(whyWindowIsEmpty(base)).toMatch(/^No agent reported in this window: ThousandEyes/);
  });
});
