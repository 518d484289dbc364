import { describe, expect, it } from 'vitest';
import type { AgentSummary, RoundSummary } from './model.ts';
import {
  compareAgents,
  describeAgentChange,
  previousPeriodRange,
  shiftRoundSummaries,
} from './period-comparison.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 2026-03-10 14:07:30 UTC: inside a 5-minute round.
const NOW = Date.UTC(2026, 2, 10, 14, 7, 30);

function summary(agentId: string, overrides: Partial<AgentSummary>): AgentSummary {
  return {
    agentId,
    agentName: `agent ${agentId}`,
    countryId: 'US',
    roundsReported: 12,
    errorRounds: 0,
    mosMean: 4.2,
    mosMin: 4,
    mosP5: 4,
    codecMaxMos: 4.41,
    mosHeadroom: 0.21,
    lossMean: 0.5,
    lossMax: 1,
    latencyP50: 40,
    latencyP95: 60,
    pdvMean: 2,
    ...overrides,
  };
}

describe('previousPeriodRange', () => {
  it('moves a relative window back a day, ending at the last round boundary', () => {
    const range = previousPeriodRange(
      { kind: 'relative', windowSeconds: 6 * 3600 },
      '1d',
      NOW,
      300,
    );
    const end = Date.UTC(2026, 2, 9, 14, 5, 0);
    expect(range).toEqual({ kind: 'absolute', fromMs: end - 6 * HOUR, toMs: end });
  });

  it('stays the same range for every instant of one round (one query a round, not a render)', () => {
    const at = (ms: number) =>
      previousPeriodRange({ kind: 'relative', windowSeconds: 3600 }, '1w', ms, 300);
    expect(at(NOW)).toEqual(at(NOW + 60_000));
    expect(at(NOW)).not.toEqual(at(NOW + 300_000));
  });

  it('shifts a pinned range by a week, and an open-ended one from the last round', () => {
    const from = Date.UTC(2026, 2, 1, 10);
    const to = Date.UTC(2026, 2, 1, 12);
    expect(
      previousPeriodRange({ kind: 'absolute', fromMs: from, toMs: to }, '1w', NOW, 60),
    ).toEqual({ kind: 'absolute', fromMs: from - 7 * DAY, toMs: to - 7 * DAY });
    expect(
      previousPeriodRange({ kind: 'absolute', fromMs: from, toMs: undefined }, '1d', NOW, 300),
    ).toEqual({ kind: 'absolute', fromMs: from - DAY, toMs: Date.UTC(2026, 2, 9, 14, 5) });
  });
});

describe('shiftRoundSummaries', () => {
  it('moves the earlier rounds forward by the period', () => {
    const rounds: RoundSummary[] = [
      { roundId: 1000, agentsReporting: 3, mosMedian: 4, mosP5: 3.5, codecMaxMos: 4.41 },
    ];
    expect(shiftRoundSummaries(rounds, '1d')[0]?.roundId).toBe(1000 + 86_400);
    expect(rounds[0]?.roundId).toBe(1000);
  });
});

describe('compareAgents and describeAgentChange', () => {
  it('says how each agent moved, in its own units', () => {
    const changes = compareAgents(
      [summary('1', { mosMean: 3.9, lossMean: 0.9, latencyP50: 52 })],
      [summary('1', { mosMean: 4.3, lossMean: 0.5, latencyP50: 40 })],
    );
    expect(changes.get('1')?.mosMean).toBeCloseTo(-0.4, 12);
    expect(describeAgentChange(changes.get('1'), '1w')).toBe(
      'MOS −0.40, +0.4 % loss, +12 ms latency vs last week',
    );
  });

  it('writes no change as ±, and leaves out a figure either window lacks', () => {
    const changes = compareAgents(
      [summary('1', { mosMean: 4.2, lossMean: undefined, latencyP50: 40.2 })],
      [summary('1', { mosMean: 4.2, lossMean: 0.5, latencyP50: 40 })],
    );
    expect(describeAgentChange(changes.get('1'), '1d')).toBe(
      'MOS ±0.00, ±0 ms latency vs yesterday',
    );
  });

  it('says when the agent did not report in the earlier window', () => {
    const changes = compareAgents([summary('2', {})], [summary('1', {})]);
    expect(changes.get('2')?.inPrevious).toBe(false);
    expect(describeAgentChange(changes.get('2'), '1w')).toBe('not reporting last week');
  });
});
