// Builds small RoundsMatrix and summary fixtures for this feature's tests (not shipped: only
// test files import it).
import { CELL_NO_DATA, CELL_VALUE, type AgentSummary, type RoundsMatrix } from '../../lib/model.ts';
import { HEATMAP_METRICS, type HeatmapMetric } from '../../lib/metrics.ts';

export interface TestAgent {
  agentId: string;
  agentName: string;
  /** One MOS per round; null = no value. */
  mos: (number | null)[];
  /** One ceiling per round, or one for every round. */
  ceiling: (number | null)[] | number;
}

export function testMatrix(
  agents: TestAgent[],
  firstRoundId: number,
  intervalSeconds: number,
): RoundsMatrix {
  const roundCount = agents[0]?.mos.length ?? 0;
  const roundIds = Float64Array.from(
    { length: roundCount },
    (_, i) => firstRoundId + i * intervalSeconds,
  );
  const cells = agents.length * roundCount;
  const values = Object.fromEntries(
    HEATMAP_METRICS.map((metric) => [metric, new Float32Array(cells).fill(Number.NaN)]),
  ) as Record<HeatmapMetric, Float32Array>;
  const codecMaxMos = new Float32Array(cells).fill(Number.NaN);
  const cellState = new Uint8Array(cells).fill(CELL_NO_DATA);
  const rowIndex = new Int32Array(cells).fill(-1);
  agents.forEach((agent, a) => {
    for (let r = 0; r < roundCount; r++) {
      const cell = a * roundCount + r;
      const mos = agent.mos[r] ?? null;
      const ceiling =
        typeof agent.ceiling === 'number' ? agent.ceiling : (agent.ceiling[r] ?? null);
      if (mos !== null) {
        values.mos[cell] = mos;
        cellState[cell] = CELL_VALUE;
      }
      if (ceiling !== null && mos !== null) codecMaxMos[cell] = ceiling;
    }
  });
  return {
    agents: agents.map(({ agentId, agentName }) => ({ agentId, agentName, countryId: '' })),
    roundIds,
    intervalSeconds,
    cellState,
    values,
    codecMaxMos,
    rowIndex,
  };
}

export function testSummary(
  agentId: string,
  agentName: string,
  mosMean: number | undefined,
  codecMaxMos: number | undefined,
): AgentSummary {
  const mosHeadroom =
    mosMean !== undefined && codecMaxMos !== undefined ? codecMaxMos - mosMean : undefined;
  return {
    agentId,
    agentName,
    countryId: '',
    roundsReported: mosMean === undefined ? 0 : 1,
    errorRounds: 0,
    mosMean,
    mosMin: mosMean,
    mosP5: mosMean,
    codecMaxMos,
    mosHeadroom,
    lossMean: undefined,
    lossMax: undefined,
    latencyP50: undefined,
    latencyP95: undefined,
    pdvMean: undefined,
  };
}
