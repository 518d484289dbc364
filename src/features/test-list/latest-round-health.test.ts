import { describe, expect, it } from 'vitest';
import type { RoundResult } from '../../lib/model.ts';
import { resultRow } from '../../lib/fixture-round-results.ts';
import { healthOfBadness, roundBadness } from '../../lib/mos-grade.ts';
import { gradeLatestRound, latestCompleteRoundStartMs } from './latest-round-health.ts';

const ROUND = 1_764_158_400; // 2025-11-26 12:00 UTC

function row(overrides: Partial<RoundResult>): RoundResult {
  return resultRow({
    agentName: 'Berlin',
    countryId: 'DE',
    roundId: ROUND,
    dateMs: ROUND * 1000,
    mos: 4.3,
    ...overrides,
  });
}

describe('latestCompleteRoundStartMs', () => {
  it('is the newest round that ended an interval and the processing delay ago', () => {
    // At 12:11:00 the 12:05 round (over at 12:10, processed by 12:10:30) is the latest complete
    // one; at 12:10:29 it is not yet, so the 12:00 round is.
    expect(latestCompleteRoundStartMs((ROUND + 660) * 1000, 300)).toBe((ROUND + 300) * 1000);
    expect(latestCompleteRoundStartMs((ROUND + 629) * 1000, 300)).toBe(ROUND * 1000);
  });
});

describe('gradeLatestRound', () => {
  it("grades the newest round with MOS by its worst agent's headroom below the codec max", () => {
    const graded = gradeLatestRound([
      row({ agentId: '1', agentName: 'Berlin', roundId: ROUND - 300, mos: 1.5 }),
      row({ agentId: '1', agentName: 'Berlin', mos: 4.3 }),
      row({ agentId: '2', agentName: 'Cairo', mos: 3.6 }),
      row({ agentId: '3', agentName: 'Lima', mos: undefined, errorDetail: 'timeout' }),
    ]);
    expect(graded).toEqual({
      graded: true,
      roundId: ROUND,
      health: 'fair',
      agentsReporting: 2,
      agentsByHealth: { good: 1, fair: 1, poor: 0 },
      worst: { agentName: 'Cairo', mos: 3.6, headroom: expect.closeTo(0.81, 5) as number },
    });
  });

  it('calls a round poor when its worst agent is a point or more below the maximum', () => {
    const graded = gradeLatestRound([row({ mos: 3.2 })]);
    expect(graded.graded && graded.health).toBe('poor');
  });

  it('counts each agent once in its band, by the bands the wall grades with', () => {
    const graded = gradeLatestRound([
      row({ agentId: '1', mos: 4.3 }),
      row({ agentId: '2', mos: 4.2 }),
      row({ agentId: '3', mos: 3.9 }), // 0.51 below the maximum: fair
      row({ agentId: '4', mos: 3.2 }), // 1.21 below: poor
      row({ agentId: '4', mos: 4.3 }), // the same agent again in the round: its worse row counts
      row({ agentId: '5', mos: 4.0, codecMaxMos: 4.03 }), // good against its own codec's maximum
    ]);
    expect(graded.graded && graded.agentsByHealth).toEqual({ good: 3, fair: 1, poor: 1 });
    expect(graded.graded && graded.agentsReporting).toBe(5);
    expect(graded.graded && graded.health).toBe('poor');
    // The same band rule as the wall's grade (src/lib/mos-grade.ts), round by round.
    expect(healthOfBadness('headroom', roundBadness('headroom', 3.9, 4.41))).toBe('fair');
  });

  it('says when no round has a MOS, naming the newest round it saw', () => {
    expect(gradeLatestRound([row({ mos: undefined, errorDetail: 'x' })])).toEqual({
      graded: false,
      roundId: ROUND,
    });
    expect(gradeLatestRound([])).toEqual({ graded: false, roundId: undefined });
  });
});
