// Pure shaping of round results into the agents × rounds matrix and the summaries drawn from it.
import {
  CELL_ERROR,
  CELL_NO_DATA,
  CELL_VALUE,
  type AgentSummary,
  type RoundResult,
  type RoundSummary,
  type RoundsMatrix,
} from './model.ts';
import { HEATMAP_METRICS, METRICS, type HeatmapMetric } from './metrics.ts';
import { quantileInPlace } from './stats.ts';
import { ColumnsRow, type DecodedColumns } from '../../common/result-rows/round-columns.ts';

export interface RoundsMatrixWindow {
  startMs: number;
  endMs: number;
  intervalSeconds: number;
}

/**
 * The round ids a window covers: from the round that contains `startMs` (a window may include a
 * round that began just before it) to the last round that has ended by `endMs`.
 */
export function roundIdsInWindow({
  startMs,
  endMs,
  intervalSeconds,
}: RoundsMatrixWindow): Float64Array {
  if (!(intervalSeconds > 0) || !(endMs > startMs)) return new Float64Array(0);
  const first = Math.floor(startMs / 1000 / intervalSeconds) * intervalSeconds;
  // Only rounds that have ended by `endMs`: a round's results exist once it is over, so a column
  // for the round in progress would always read "no data" for every agent.
  const last = Math.floor(endMs / 1000 / intervalSeconds) * intervalSeconds - intervalSeconds;
  const count = Math.max(0, Math.floor((last - first) / intervalSeconds) + 1);
  const roundIds = new Float64Array(count);
  for (let i = 0; i < count; i++) roundIds[i] = first + i * intervalSeconds;
  return roundIds;
}

function compareAgents(
  a: { agentId: string; agentName: string },
  b: { agentId: string; agentName: string },
): number {
  if (a.agentName !== b.agentName) return a.agentName < b.agentName ? -1 : 1;
  if (a.agentId === b.agentId) return 0;
  return a.agentId < b.agentId ? -1 : 1;
}

/**
 * Agents (sorted by name, then id) × every interval step of the window. A row outside the window
 * is left out; a second row for the same cell is ignored (the first one wins, as in pagination).
 */
export function buildRoundsMatrix(
  rows: readonly RoundResult[],
  window: RoundsMatrixWindow,
): RoundsMatrix {
  const { intervalSeconds } = window;
  const roundIds = roundIdsInWindow(window);
  const roundCount = roundIds.length;

  // Each row's agent slot (in order of first appearance), then remapped to the agent's place in
  // name order.
  const lookups = columnsLookups();
  const { rowSlot, firstSeen } = agentSlotsOfRows(rows, lookups);
  const order = firstSeen.map((_, slot) => slot);
  order.sort((a, b) => compareAgents(firstSeen[a]!, firstSeen[b]!));
  const agents = order.map((slot) => firstSeen[slot]!);
  const slotToIndex = new Int32Array(firstSeen.length);
  order.forEach((slot, index) => (slotToIndex[slot] = index));

  const cellCount = agents.length * roundCount;
  const cellState = new Uint8Array(cellCount); // CELL_NO_DATA is 0
  const rowIndex = new Int32Array(cellCount).fill(-1);
  const codecMaxMos = new Float32Array(cellCount).fill(NaN);
  const values = {} as Record<HeatmapMetric, Float32Array>;
  for (const metric of HEATMAP_METRICS) values[metric] = new Float32Array(cellCount).fill(NaN);
  const matrix = { agents, roundIds, intervalSeconds, cellState, values, codecMaxMos, rowIndex };
  fillCells(matrix, rows, rowSlot, slotToIndex, lookups);
  return matrix;
}

// buildRoundsMatrix's loops over the rows are functions of their own (see docs/architecture.md on
// hot loops).

/**
 * Each row's agent slot, in order of first appearance, and the agent of each slot. A plain row's
 * agent is looked up by id; a closed interval's rows are views over its columns, read straight
 * from them (see ColumnsLookup): its agents are looked up once an interval, not once a row.
 */
function agentSlotsOfRows(
  rows: readonly RoundResult[],
  lookups: ReturnType<typeof columnsLookups>,
): { rowSlot: Int32Array; firstSeen: { agentId: string; agentName: string; countryId: string }[] } {
  const slotById = new Map<string, number>();
  const firstSeen: { agentId: string; agentName: string; countryId: string }[] = [];
  const slotOfAgent = (agent: { agentId: string; agentName: string; countryId: string }) => {
    let slot = slotById.get(agent.agentId);
    if (slot === undefined) {
      slot = firstSeen.length;
      slotById.set(agent.agentId, slot);
      firstSeen.push({
        agentId: agent.agentId,
        agentName: agent.agentName,
        countryId: agent.countryId,
      });
    }
    return slot;
  };
  const rowSlot = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as RoundResult;
    if (!(row instanceof ColumnsRow)) {
      rowSlot[i] = slotOfAgent(row);
      continue;
    }
    const lookup = lookups.of(row.columns);
    const agent = row.columns.agent[row.index] as number;
    let slot = lookup.slotOfAgent[agent] as number;
    if (slot < 0) {
      slot = slotOfAgent(row.columns.agents[agent] as DecodedColumns['agents'][number]);
      lookup.slotOfAgent[agent] = slot;
    }
    rowSlot[i] = slot;
  }
  return { rowSlot, firstSeen };
}

/**
 * Each row's cell: its state, values and row index. A row outside the window is left out; a
 * second row for the same cell is ignored (the first one wins, as in pagination).
 */
function fillCells(
  matrix: RoundsMatrix,
  rows: readonly RoundResult[],
  rowSlot: Int32Array,
  slotToIndex: Int32Array,
  lookups: ReturnType<typeof columnsLookups>,
): void {
  const { roundIds, intervalSeconds, cellState, rowIndex, values, codecMaxMos } = matrix;
  const roundCount = roundIds.length;
  const firstRound = roundCount > 0 ? (roundIds[0] as number) : 0;
  // Every metric of the table, read the same way: none can be left out and silently all NaN.
  const columns = HEATMAP_METRICS.map((metric) => ({
    out: values[metric],
    read: METRICS[metric].read,
  }));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as RoundResult;
    const fromColumns = row instanceof ColumnsRow;
    const roundId = fromColumns ? row.columns.roundId.valueAt(row.index) : row.roundId;
    const column = Math.floor((roundId - firstRound) / intervalSeconds);
    if (!(column >= 0 && column < roundCount)) continue;
    const cell = (slotToIndex[rowSlot[i] as number] as number) * roundCount + column;
    if (cellState[cell] !== CELL_NO_DATA) continue;
    rowIndex[cell] = i;
    const failed = fromColumns
      ? lookups.of(row.columns).isErrorText[row.columns.errorDetail[row.index] as number] === 1
      : row.errorDetail !== '';
    if (failed) {
      cellState[cell] = CELL_ERROR;
      continue;
    }
    cellState[cell] = CELL_VALUE;
    if (fromColumns) {
      fillFromColumns(values, codecMaxMos, cell, row.columns, row.index);
      continue;
    }
    for (const { out, read } of columns) out[cell] = read(row) ?? NaN;
    codecMaxMos[cell] = row.codecMaxMos ?? NaN;
  }
}

/**
 * What the matrix reads of a closed interval's columns, worked out once an interval rather than
 * once a row: each of its agents' slot (-1 until its first row), and which of its texts are an
 * error (any but the empty text: ColumnsRow's errorDetail is the text its index names).
 */
interface ColumnsLookup {
  slotOfAgent: Int32Array;
  isErrorText: Uint8Array;
}

/** The lookups of every interval a window's rows come from, the last one asked kept at hand. */
function columnsLookups(): { of: (columns: DecodedColumns) => ColumnsLookup } {
  const byColumns = new Map<DecodedColumns, ColumnsLookup>();
  let lastColumns: DecodedColumns | undefined;
  let last: ColumnsLookup | undefined;
  return {
    of(columns) {
      if (columns === lastColumns && last) return last;
      let lookup = byColumns.get(columns);
      if (!lookup) {
        lookup = {
          slotOfAgent: new Int32Array(columns.agents.length).fill(-1),
          isErrorText: Uint8Array.from(columns.texts, (text) => (text === '' ? 0 : 1)),
        };
        byColumns.set(columns, lookup);
      }
      lastColumns = columns;
      last = lookup;
      return lookup;
    },
  };
}

/**
 * A cell's values from a decoded interval's columns (NaN where absent), as METRICS[metric].read
 * gives them from its row: the same values without a getter call per metric and cell. Every
 * heatmap metric is written; the matrix's tests build the same rows both ways and compare.
 */
function fillFromColumns(
  values: Record<HeatmapMetric, Float32Array>,
  codecMaxMos: Float32Array,
  cell: number,
  columns: DecodedColumns,
  index: number,
): void {
  const mos = columns.mos.valueAt(index);
  const ceiling = columns.codecMaxMos.valueAt(index);
  values.loss[cell] = columns.loss.valueAt(index);
  values.latency[cell] = columns.latency.valueAt(index);
  values.pdv[cell] = columns.pdv.valueAt(index);
  values.discards[cell] = columns.discards.valueAt(index);
  values.mos[cell] = mos;
  values.headroom[cell] = ceiling - mos;
  codecMaxMos[cell] = ceiling;
}

/**
 * How many cells of a matrix hold a row (a value or an error) and how many an error: for the
 * headline figures and a heatmap's spoken summary, a loop of its own rather than inside either
 * (see docs/architecture.md on hot loops).
 */
export function countCellStates(cellState: Uint8Array): { reported: number; errors: number } {
  let reported = 0;
  let errors = 0;
  for (let cell = 0; cell < cellState.length; cell++) {
    const state = cellState[cell];
    if (state === CELL_NO_DATA) continue;
    reported++;
    if (state === CELL_ERROR) errors++;
  }
  return { reported, errors };
}

function meanOf(values: Float64Array, count: number): number | undefined {
  if (count === 0) return undefined;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i] as number;
  return sum / count;
}

/** Per agent across the window: MOS against its codec ceiling, loss, latency, PDV, errors. */
export function summarizeAgents(matrix: RoundsMatrix): AgentSummary[] {
  const roundCount = matrix.roundIds.length;
  const { mos, loss, latency, pdv } = matrix.values;
  // Scratch buffers reused for every agent: its quantiles are selected in them, in place.
  const mosValues = new Float64Array(roundCount);
  const lossValues = new Float64Array(roundCount);
  const latencyValues = new Float64Array(roundCount);
  const pdvValues = new Float64Array(roundCount);

  return matrix.agents.map((agent, agentIndex) => {
    let roundsReported = 0;
    let errorRounds = 0;
    let mosCount = 0;
    let lossCount = 0;
    let latencyCount = 0;
    let pdvCount = 0;
    let mosMin = Infinity;
    let lossMax = -Infinity;
    let ceiling = NaN;
    const base = agentIndex * roundCount;
    for (let column = 0; column < roundCount; column++) {
      const cell = base + column;
      const state = matrix.cellState[cell];
      if (state === CELL_NO_DATA) continue;
      roundsReported++;
      if (state === CELL_ERROR) {
        errorRounds++;
        continue;
      }
      const mosValue = mos[cell] as number;
      if (!Number.isNaN(mosValue)) {
        mosValues[mosCount++] = mosValue;
        if (mosValue < mosMin) mosMin = mosValue;
      }
      const lossValue = loss[cell] as number;
      if (!Number.isNaN(lossValue)) {
        lossValues[lossCount++] = lossValue;
        if (lossValue > lossMax) lossMax = lossValue;
      }
      const latencyValue = latency[cell] as number;
      if (!Number.isNaN(latencyValue)) latencyValues[latencyCount++] = latencyValue;
      const pdvValue = pdv[cell] as number;
      if (!Number.isNaN(pdvValue)) pdvValues[pdvCount++] = pdvValue;
      const cellCeiling = matrix.codecMaxMos[cell] as number;
      if (!Number.isNaN(cellCeiling) && !(cellCeiling <= ceiling)) ceiling = cellCeiling;
    }
    // The mean first: the quantiles below reorder the scratch buffers in place.
    const mosMean = meanOf(mosValues, mosCount);
    const codecMaxMos = Number.isNaN(ceiling) ? undefined : ceiling;
    return {
      ...agent,
      roundsReported,
      errorRounds,
      mosMean,
      mosMin: mosCount > 0 ? mosMin : undefined,
      mosP5: quantileInPlace(mosValues.subarray(0, mosCount), 0.05),
      codecMaxMos,
      mosHeadroom:
        codecMaxMos !== undefined && mosMean !== undefined ? codecMaxMos - mosMean : undefined,
      lossMean: meanOf(lossValues, lossCount),
      lossMax: lossCount > 0 ? lossMax : undefined,
      latencyP50: quantileInPlace(latencyValues.subarray(0, latencyCount), 0.5),
      latencyP95: quantileInPlace(latencyValues.subarray(0, latencyCount), 0.95),
      pdvMean: meanOf(pdvValues, pdvCount),
    };
  });
}

/** Per round across every agent: median and 5th-percentile MOS, and the codec ceiling. */
export function summarizeRounds(matrix: RoundsMatrix): RoundSummary[] {
  const roundCount = matrix.roundIds.length;
  const mosValues = new Float64Array(matrix.agents.length);
  const summaries: RoundSummary[] = new Array(roundCount);
  for (let column = 0; column < roundCount; column++) {
    summaries[column] = summarizeRound(matrix, column, mosValues);
  }
  return summaries;
}

/**
 * One round of summarizeRounds, `mosValues` its scratch: a function of its own, not an inner loop
 * (see docs/architecture.md on hot loops).
 */
function summarizeRound(matrix: RoundsMatrix, column: number, mosValues: Float64Array) {
  const roundCount = matrix.roundIds.length;
  const agentCount = matrix.agents.length;
  let agentsReporting = 0;
  let mosCount = 0;
  let ceiling = NaN;
  for (let agentIndex = 0; agentIndex < agentCount; agentIndex++) {
    const cell = agentIndex * roundCount + column;
    const state = matrix.cellState[cell];
    if (state === CELL_NO_DATA) continue;
    agentsReporting++;
    if (state !== CELL_VALUE) continue;
    const mosValue = matrix.values.mos[cell] as number;
    if (!Number.isNaN(mosValue)) mosValues[mosCount++] = mosValue;
    const cellCeiling = matrix.codecMaxMos[cell] as number;
    if (!Number.isNaN(cellCeiling) && !(cellCeiling <= ceiling)) ceiling = cellCeiling;
  }
  const mos = mosValues.subarray(0, mosCount);
  return {
    roundId: matrix.roundIds[column] as number,
    agentsReporting,
    mosMedian: quantileInPlace(mos, 0.5),
    mosP5: quantileInPlace(mos, 0.05),
    codecMaxMos: Number.isNaN(ceiling) ? undefined : ceiling,
  };
}
