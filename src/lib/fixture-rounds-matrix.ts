// Rounds matrices for tests (the heatmap's, the MOS grade's, the wall's): pinned timestamps, no
// clock, no randomness beyond a seeded generator.
import {
  CELL_ERROR,
  CELL_NO_DATA,
  CELL_VALUE,
  type RoundResult,
  type RoundsMatrix,
} from './model.ts';
import { HEATMAP_METRICS, METRICS, type HeatmapMetric } from './metrics.ts';

/** 2026-11-26 00:00 UTC, in epoch seconds. */
export const PINNED_START_S = Date.UTC(2026, 10, 26) / 1000;

/** A cell: a loss value (other metrics derived from it), 'E' an error round, '.' no row. */
export type TestCell = number | 'E' | '.';

function emptyMatrix(
  agentCount: number,
  roundCount: number,
  intervalSeconds: number,
): RoundsMatrix {
  const cells = agentCount * roundCount;
  const values = {} as Record<HeatmapMetric, Float32Array>;
  for (const metric of HEATMAP_METRICS) values[metric] = new Float32Array(cells).fill(Number.NaN);
  return {
    agents: Array.from({ length: agentCount }, (_, i) => ({
      agentId: String(1000 + i),
      agentName: `Agent ${i}`,
      countryId: '',
    })),
    roundIds: Float64Array.from(
      { length: roundCount },
      (_, r) => PINNED_START_S + r * intervalSeconds,
    ),
    intervalSeconds,
    cellState: new Uint8Array(cells).fill(CELL_NO_DATA),
    values,
    codecMaxMos: new Float32Array(cells).fill(Number.NaN),
    rowIndex: new Int32Array(cells).fill(-1),
  };
}

/** The fields of a round that every metric is read from, all derived from its loss. */
function roundFromLoss(loss: number): Pick<RoundResult, MeasuredField> {
  return {
    loss,
    discards: loss / 10,
    latency: 40 + loss * 20,
    pdv: Math.round(loss * 3),
    mos: Math.max(1, 4.41 - loss * 0.15),
    codecMaxMos: 4.41,
  };
}

type MeasuredField = 'loss' | 'discards' | 'latency' | 'pdv' | 'mos' | 'codecMaxMos';

function setValue(matrix: RoundsMatrix, i: number, loss: number): void {
  const round = roundFromLoss(loss) as RoundResult;
  matrix.cellState[i] = CELL_VALUE;
  matrix.rowIndex[i] = i;
  // Through the metric table, as the real matrix is built: a new metric is filled here too.
  for (const metric of HEATMAP_METRICS)
    matrix.values[metric][i] = METRICS[metric].read(round) ?? NaN;
  matrix.codecMaxMos[i] = round.codecMaxMos ?? NaN;
}

/** A matrix from rows of cells, e.g. [[0, 0.7, 'E', '.']]; agent names "Agent 0", "Agent 1", … */
export function matrixFromCells(rows: TestCell[][], intervalSeconds = 300): RoundsMatrix {
  const roundCount = rows[0]?.length ?? 0;
  const matrix = emptyMatrix(rows.length, roundCount, intervalSeconds);
  rows.forEach((row, a) => {
    row.forEach((cell, r) => {
      const i = a * roundCount + r;
      if (cell === 'E') {
        matrix.cellState[i] = CELL_ERROR;
        matrix.rowIndex[i] = i;
      } else if (cell !== '.') {
        setValue(matrix, i, cell);
      }
    });
  });
  return matrix;
}

/**
 * A realistic window: most agents clean with the odd blip, a few chronic-loss agents, one
 * incident band across everyone, scattered error rounds, an agent that went silent for a while.
 */
export function syntheticMatrix(agentCount: number, roundCount: number, seed = 1): RoundsMatrix {
  const matrix = emptyMatrix(agentCount, roundCount, 300);
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const countries = ['DE', 'GB', 'US', 'JP', 'BR', 'IN', ''];
  const incidentStart = Math.floor(roundCount * 0.6);
  const incidentEnd = incidentStart + Math.max(1, Math.floor(roundCount / 100));
  for (let a = 0; a < agentCount; a++) {
    const agent = matrix.agents[a]!;
    agent.agentName = `${['Frankfurt', 'London', 'Ashburn', 'Tokyo', 'São Paulo', 'Mumbai', 'Branch'][a % 7]} ${a}`;
    agent.countryId = countries[a % countries.length]!;
    const chronic = a % 9 === 4;
    const silentFrom = a % 13 === 7 ? Math.floor(roundCount * 0.2) : -1;
    for (let r = 0; r < roundCount; r++) {
      const i = a * roundCount + r;
      if (silentFrom >= 0 && r >= silentFrom && r < silentFrom + Math.ceil(roundCount / 8))
        continue;
      const roll = random();
      if (roll < 0.004) {
        matrix.cellState[i] = CELL_ERROR;
        matrix.rowIndex[i] = i;
        continue;
      }
      let loss = roll < 0.85 ? 0 : random() * 0.8;
      if (chronic) loss = 1 + random() * 6;
      if (r >= incidentStart && r < incidentEnd) loss = 8 + random() * 20;
      setValue(matrix, i, loss);
    }
  }
  return matrix;
}
