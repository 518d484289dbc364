import { describe, expect, it } from 'vitest';
import { matrixFromCells } from '../heatmap/test-matrix.ts';
import { orderWorstFirst, summarizeWallTest } from './wall-summary.ts';

describe('summarizeWallTest', () => {
  it('judges agents by MOS against the codec ceiling and lists the worst first', () => {
    // test-matrix: MOS = 4.41 − 0.15 × loss against a 4.41 ceiling.
    const matrix = matrixFromCells([
      [0, 0, 0, 0], // headroom 0: good
      [8, 8, 8, 8], // headroom 1.2: poor
      [3, 3, 3, 3], // headroom 0.45: fair
      ['E', '.', 'E', '.'], // errors only: no MOS
    ]);
    const summary = summarizeWallTest(matrix, 2);
    expect(summary.agentCounts).toEqual({ good: 1, fair: 1, poor: 1 });
    expect(summary.health).toBe('poor');
    expect(summary.agentsReporting).toBe(4);
    expect(summary.worstAgents.map((agent) => agent.agentName)).toEqual(['Agent 1', 'Agent 2']);
  });

  it('has no health when no agent measured MOS', () => {
    const summary = summarizeWallTest(matrixFromCells([['E', '.']]));
    expect(summary.health).toBeUndefined();
    expect(summary.worstAgents).toEqual([]);
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
