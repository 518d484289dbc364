import { describe, expect, it } from 'vitest';
import type { RoundResult } from './model.ts';
import { headlineFigures } from './headline-figures.ts';
import { buildRoundsMatrix, summarizeAgents } from './rounds-matrix.ts';

function row(agentId: string, roundId: number, metrics: Partial<RoundResult>): RoundResult {
  return {
    agentId,
    agentName: `agent ${agentId}`,
    countryId: 'US',
    roundId,
    dateMs: roundId * 1000,
    permalink: undefined,
    permalinkText: undefined,
    dscp: '46',
    dscpName: 'EF',
    mos: undefined,
    codecName: 'G.722 @ 32 Kbps',
    codecMaxMos: 4.03,
    loss: undefined,
    discards: undefined,
    latency: undefined,
    pdv: undefined,
    errorDetail: '',
    serverIp: undefined,
    ...metrics,
  };
}

describe('headlineFigures', () => {
  it('summarises the window and names the worst agent against its ceiling', () => {
    const rows = [
      row('1', 600, { mos: 4.0, loss: 0, latency: 50, pdv: 1 }),
      row('1', 660, { mos: 3.8, loss: 1, latency: 70, pdv: 3 }),
      row('2', 600, { mos: 3.0, loss: 5, latency: 200, pdv: 9 }),
      row('2', 660, { errorDetail: 'Connection timed out', codecMaxMos: undefined }),
      row('3', 600, { mos: 3.9, loss: 0, latency: 60, pdv: 2 }),
    ];
    const matrix = buildRoundsMatrix(rows, {
      startMs: 600_000,
      endMs: 720_000,
      intervalSeconds: 60,
    });
    const figures = headlineFigures(matrix, summarizeAgents(matrix));
    expect(figures.agentsReporting).toBe(3);
    expect(figures.worstAgent).toMatchObject({ agentId: '2', mosMean: 3.0 });
    expect(figures.worstAgent?.codecMaxMos).toBeCloseTo(4.03);
    expect(figures.mosMedian).toBeCloseTo(3.85);
    expect(figures.codecMaxMos).toBeCloseTo(4.03);
    expect(figures.lossMean).toBeCloseTo(1.5);
    expect(figures.errorRounds).toBe(1);
    expect(figures.roundsReported).toBe(5);
  });

  it('says "no value" rather than zero for an empty window', () => {
    const matrix = buildRoundsMatrix([], { startMs: 600_000, endMs: 720_000, intervalSeconds: 60 });
    const figures = headlineFigures(matrix, summarizeAgents(matrix));
    expect(figures.mosMedian).toBeUndefined();
    expect(figures.lossMean).toBeUndefined();
    expect(figures.worstAgent).toBeUndefined();
    expect(figures.agentsReporting).toBe(0);
  });
});
