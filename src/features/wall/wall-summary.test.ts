import { describe, expect, it } from 'vitest';
import { matrixFromCells, PINNED_START_S, type TestCell } from '../../lib/fixture-rounds-matrix.ts';
import { buildRoundsMatrix } from '../../lib/rounds-matrix.ts';
import {
  describeTrouble,
  orderWorstFirst,
  summarizeWallTest,
  worstAgentCauses,
} from './wall-summary.ts';

// test-matrix: MOS = 4.41 − 0.15 × loss against a 4.41 ceiling.
const day = (outageFrom?: number): TestCell[] =>
  Array.from({ length: 288 }, (_, r) =>
    outageFrom !== undefined && r >= outageFrom && r < outageFrom + 12 ? 12.7 : 0.4,
  );

describe('summarizeWallTest', () => {
  it('grades agents by their worst sustained stretch and lists the worst first', () => {
    const matrix = matrixFromCells([
      [0, 0, 0, 0], // good
      [8, 8, 8, 8], // 1.2 below the ceiling throughout: poor
      [3, 3, 3, 3], // 0.45 below: fair
      ['E', '.', 'E', '.'], // errors only: no grade
    ]);
    const summary = summarizeWallTest(matrix, 'headroom', 2);
    expect(summary.agentCounts).toEqual({ good: 1, fair: 1, poor: 1 });
    expect(summary.health).toBe('poor');
    expect(summary.agentsReporting).toBe(4);
    expect(summary.worstAgents.map((agent) => agent.agentName)).toEqual(['Agent 1', 'Agent 2']);
    // The rows: poor, fair, errors only, good.
    expect(summary.rowOrder).toEqual([1, 2, 3, 0]);
  });

  it('makes a test poor for a one-hour outage inside an otherwise good day, and says since when', () => {
    const summary = summarizeWallTest(matrixFromCells([day(), day(276)]));
    expect(summary.health).toBe('poor');
    expect(summary.trouble).toEqual({
      health: 'poor',
      sinceRoundId: PINNED_START_S + 276 * 300,
      endedRoundId: undefined,
      fromWindowStart: false,
    });
    expect(summary.worstAgents[0]?.agentName).toBe('Agent 1');
  });

  it('has no health when no agent measured MOS', () => {
    const summary = summarizeWallTest(matrixFromCells([['E', '.']]));
    expect(summary.health).toBeUndefined();
    expect(summary.worstAgents).toEqual([]);
    expect(summary.trouble).toBeUndefined();
  });

  it('puts the worst test first in the grid, tests without data last', () => {
    const healthy = summarizeWallTest(matrixFromCells([[0, 0]])).severity;
    const fair = summarizeWallTest(matrixFromCells([[3, 3]])).severity;
    const poor = summarizeWallTest(matrixFromCells([[8, 8]])).severity;
    const ordered = orderWorstFirst([
      { testId: 'healthy', severity: healthy },
      { testId: 'none', severity: undefined },
      { testId: 'poor', severity: poor },
      { testId: 'fair', severity: fair },
    ]);
    expect(ordered.map((test) => test.testId)).toEqual(['poor', 'fair', 'healthy', 'none']);
  });
});

describe('describeTrouble', () => {
  const at = Date.UTC(2026, 10, 26, 14, 5) / 1000;
  it('says since when, with how long, and the date once it is not today', () => {
    const now = at * 1000 + 130 * 60_000;
    const running = {
      health: 'poor' as const,
      sinceRoundId: at,
      endedRoundId: undefined,
      fromWindowStart: false,
    };
    expect(describeTrouble(running, 'utc', now)).toBe('since 14:05 UTC (2 h 10 min)');
    expect(describeTrouble(running, 'utc', at * 1000 + 30 * 3_600_000)).toBe(
      'since 2026-11-26 14:05 UTC (30 h 0 min)',
    );
    expect(describeTrouble({ ...running, fromWindowStart: true }, 'utc', now)).toBe(
      'since before 14:05 UTC',
    );
    expect(
      describeTrouble({ ...running, health: 'fair', endedRoundId: at + 3600 }, 'utc', now),
    ).toBe('14:05–15:05 UTC, over');
  });
});

describe('worstAgentCauses', () => {
  const T0 = 1_764_165_600;
  const row = (agentId: string, r: number, latency: number, loss: number, mos: number) => ({
    agentId,
    agentName: `Agent ${agentId}`,
    countryId: 'US',
    roundId: T0 + r * 300,
    dateMs: (T0 + r * 300) * 1000,
    permalink: undefined,
    permalinkText: undefined,
    dscp: '46',
    dscpName: 'EF',
    mos,
    codecName: 'G.711 @ 64 Kbps',
    codecMaxMos: 4.41,
    loss,
    discards: 0,
    latency,
    pdv: 1,
    errorDetail: '',
    serverIp: undefined,
  });
  // The model's MOS for each (latency, loss): 330 ms → 3.56; 200 ms → 4.22; 4 % → 4.00; 10 % → 3.38.
  const rows = [
    ...[0, 1, 2, 3].map((r) => row('1', r, 330, 0, 3.56)),
    // Far away for the first half hour, then lossy for ten minutes: its grade is the lossy stretch.
    row('2', 0, 200, 0, 4.22),
    row('2', 1, 200, 0, 4.22),
    row('2', 2, 20, 10, 3.38),
    row('2', 3, 20, 10, 3.38),
  ];
  const matrix = buildRoundsMatrix(rows, {
    startMs: T0 * 1000,
    endMs: (T0 + 1200) * 1000,
    intervalSeconds: 300,
  });

  it("names each worst agent's cause over the stretch that set its grade", () => {
    const summary = summarizeWallTest(matrix, 'headroom', 8);
    const causes = worstAgentCauses(matrix, rows, summary.worstAgents);
    expect(causes.get('1')?.dominant).toBe('delay');
    expect(causes.get('2')?.dominant).toBe('loss');
    const stretch = causes.get('2')?.summary;
    expect(stretch?.attributed && stretch.attributedRounds).toBe(2);
  });
});
