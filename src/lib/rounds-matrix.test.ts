import { describe, expect, it } from 'vitest';
import { ColumnsRow } from '../../common/result-rows/round-columns.ts';
import { plainRows, rowsThroughColumns } from '../../common/result-rows/test-support.ts';
import { pickWith, seededRandom } from '../../common/seeded-random.ts';
import { HEATMAP_METRICS, METRICS } from './metrics.ts';
import { CELL_ERROR, CELL_NO_DATA, CELL_VALUE, type RoundResult } from './model.ts';
import { resultRow } from './fixture-round-results.ts';
import {
  buildRoundsMatrix,
  roundIdsInWindow,
  summarizeAgents,
  summarizeRounds,
} from './rounds-matrix.ts';

const T0 = 1_700_000_000 - (1_700_000_000 % 300); // a round boundary for a 300 s test

function row(overrides: Partial<RoundResult>): RoundResult {
  return resultRow({ roundId: T0, dateMs: T0 * 1000, ...overrides });
}

const window = { startMs: T0 * 1000, endMs: (T0 + 900) * 1000, intervalSeconds: 300 };

describe('roundIdsInWindow', () => {
  it('has one column per interval step, starting with the round that contains the start', () => {
    expect([...roundIdsInWindow({ ...window, startMs: (T0 + 10) * 1000 })]).toEqual([
      T0,
      T0 + 300,
      T0 + 600,
    ]);
    expect([...roundIdsInWindow({ ...window, endMs: (T0 + 901) * 1000 })]).toHaveLength(3);
    // The round that began at T0 + 600 is still running at T0 + 899: no column for it yet.
    expect([...roundIdsInWindow({ ...window, endMs: (T0 + 899) * 1000 })]).toEqual([T0, T0 + 300]);
    expect(roundIdsInWindow({ ...window, endMs: window.startMs }).length).toBe(0);
  });
});

describe('buildRoundsMatrix', () => {
  const rows = [
    row({ agentId: '2', agentName: 'bravo', roundId: T0, dateMs: T0 * 1000, mos: 3.5, loss: 2 }),
    row({ agentId: '1', agentName: 'alpha', roundId: T0 + 300, mos: 4.2 }),
    row({
      agentId: '1',
      agentName: 'alpha',
      roundId: T0,
      errorDetail: 'Connection timed out',
      mos: undefined,
      loss: undefined,
      latency: undefined,
      pdv: undefined,
      discards: undefined,
      codecMaxMos: undefined,
    }),
    row({ agentId: '2', agentName: 'bravo', roundId: T0 + 600, mos: undefined, latency: 33 }),
    row({ agentId: '3', agentName: 'charlie', roundId: T0 - 300 }), // before the window
  ];
  const matrix = buildRoundsMatrix(rows, window);

  it('sorts agents by name and gives one column per round', () => {
    expect(matrix.agents.map((agent) => agent.agentName)).toEqual(['alpha', 'bravo', 'charlie']);
    expect([...matrix.roundIds]).toEqual([T0, T0 + 300, T0 + 600]);
  });

  it('tells no data, error and value apart', () => {
    expect([...matrix.cellState]).toEqual([
      CELL_ERROR,
      CELL_VALUE,
      CELL_NO_DATA,
      CELL_VALUE,
      CELL_NO_DATA,
      CELL_VALUE,
      CELL_NO_DATA,
      CELL_NO_DATA,
      CELL_NO_DATA,
    ]);
    expect([...matrix.rowIndex]).toEqual([2, 1, -1, 0, -1, 3, -1, -1, -1]);
  });

  it('fills every metric of the table from its row, so none is silently all NaN', () => {
    const measured = row({ mos: 3.9, loss: 1.5, discards: 0.5, latency: 42, pdv: 7 });
    const single = buildRoundsMatrix([measured], window);
    for (const metric of HEATMAP_METRICS) {
      const expected = METRICS[metric].read(measured);
      expect(expected, metric).toBeDefined();
      expect(single.values[metric][0], metric).toBeCloseTo(expected as number, 5);
    }
  });

  it('keeps "no value" as NaN, never zero', () => {
    expect(matrix.values.mos[0]).toBeNaN(); // the error row
    expect(matrix.values.mos[1]).toBeCloseTo(4.2, 5);
    expect(matrix.values.mos[5]).toBeNaN(); // value row without a MOS
    expect(matrix.values.latency[5]).toBe(33);
    expect(matrix.values.loss[3]).toBe(2);
    expect(matrix.codecMaxMos[1]).toBeCloseTo(4.41, 5);
    expect(matrix.codecMaxMos[0]).toBeNaN();
  });

  it('summarises each agent against its codec ceiling', () => {
    const [alpha, bravo, charlie] = summarizeAgents(matrix);
    expect(alpha).toMatchObject({ agentId: '1', roundsReported: 2, errorRounds: 1 });
    expect(alpha?.mosMean).toBeCloseTo(4.2, 5);
    expect(alpha?.mosHeadroom).toBeCloseTo(0.21, 5);
    expect(bravo).toMatchObject({ roundsReported: 2, errorRounds: 0, lossMax: 2 });
    expect(bravo?.lossMean).toBe(1); // 2 and 0
    expect(bravo?.latencyP50).toBe(26.5);
    expect(bravo?.mosMin).toBeCloseTo(3.5, 5);
    expect(charlie).toMatchObject({
      roundsReported: 0,
      mosMean: undefined,
      mosP5: undefined,
      lossMax: undefined,
      latencyP95: undefined,
      mosHeadroom: undefined,
    });
  });

  it('computes the 5th percentile over many rounds', () => {
    const many = Array.from({ length: 101 }, (_, i) =>
      row({ roundId: T0 + i * 300, mos: 3 + i / 100 }),
    );
    const [summary] = summarizeAgents(
      buildRoundsMatrix(many, { ...window, endMs: (T0 + 101 * 300) * 1000 }),
    );
    expect(summary?.mosP5).toBeCloseTo(3.05, 5);
    expect(summary?.mosMin).toBeCloseTo(3, 5);
    expect(summary?.latencyP95).toBe(20);
  });

  it('summarises each round across agents', () => {
    const rounds = summarizeRounds(matrix);
    expect(rounds.map((round) => round.agentsReporting)).toEqual([2, 1, 1]);
    expect(rounds[0]?.mosMedian).toBeCloseTo(3.5, 5); // the error row has no MOS
    expect(rounds[1]?.codecMaxMos).toBeCloseTo(4.41, 5);
    expect(rounds[2]?.mosMedian).toBeUndefined();
  });

  it('lets the first of two rows for one cell win', () => {
    const twice = buildRoundsMatrix([row({ mos: 4 }), row({ mos: 1 })], window);
    expect(twice.values.mos[0]).toBe(4);
    expect(twice.rowIndex[0]).toBe(0);
  });

  it("reads a closed interval's rows from their columns as it reads the same rows whole", () => {
    const next = seededRandom(12);
    const pick = pickWith(next);
    const maybe = (value: number) => (next() < 0.2 ? undefined : value);
    const randomRows = (count: number, agents: string[]) =>
      Array.from({ length: count }, () => {
        const agentId = pick(agents);
        return row({
          agentId,
          agentName: `agent ${agentId}`,
          countryId: pick(['DE', 'US', '']),
          roundId: T0 + 300 * Math.floor(next() * 4) - 300,
          mos: maybe(Math.round(next() * 500) / 100),
          codecMaxMos: maybe(pick([4.41, 4.1])),
          loss: maybe(Math.round(next() * 1000) / 10),
          latency: maybe(Math.round(next() * 4000) / 10),
          pdv: maybe(Math.floor(next() * 40)),
          discards: maybe(Math.round(next() * 30) / 10),
          errorDetail: next() < 0.15 ? 'timeout' : '',
        });
      });
    for (let trial = 0; trial < 20; trial++) {
      // Three intervals with their agents in different orders, then the live edge's plain rows.
      const intervals = [
        randomRows(40, ['3', '1', '2']),
        randomRows(40, ['2', '4']),
        randomRows(40, ['4', '1', '5', '3']),
      ];
      const head = randomRows(10, ['5', '6', '1']);
      const asColumns = [...intervals.flatMap(rowsThroughColumns), ...head];
      expect(asColumns.filter((r) => r instanceof ColumnsRow)).toHaveLength(120);
      const whole = [...intervals.flatMap((rows) => plainRows(rowsThroughColumns(rows))), ...head];
      expect(buildRoundsMatrix(asColumns, window)).toEqual(buildRoundsMatrix(whole, window));
    }
  });

  it('shapes a million rows (prints the figure; no timed assertion)', () => {
    const agentCount = 500;
    const roundCount = 2000;
    const big: RoundResult[] = new Array(agentCount * roundCount);
    for (let a = 0; a < agentCount; a++) {
      for (let r = 0; r < roundCount; r++) {
        big[r * agentCount + a] = row({
          agentId: String(a),
          agentName: `agent-${String(a).padStart(3, '0')}`,
          roundId: T0 + r * 60,
          mos: 1 + ((a * 7 + r) % 340) / 100,
          loss: (a + r) % 5,
          latency: 10 + ((a * r) % 200),
          errorDetail: (a + r) % 97 === 0 ? 'timeout' : '',
        });
      }
    }
    const bigWindow = {
      startMs: T0 * 1000,
      endMs: (T0 + roundCount * 60) * 1000,
      intervalSeconds: 60,
    };
    const started = performance.now();
    const bigMatrix = buildRoundsMatrix(big, bigWindow);
    const built = performance.now();
    const agents = summarizeAgents(bigMatrix);
    const summarized = performance.now();
    const rounds = summarizeRounds(bigMatrix);
    const done = performance.now();
    console.log(
      `1M rows (${agentCount} agents × ${roundCount} rounds): matrix ${(built - started).toFixed(0)} ms, ` +
        `agent summaries ${(summarized - built).toFixed(0)} ms, round summaries ${(done - summarized).toFixed(0)} ms`,
    );
    expect(bigMatrix.agents).toHaveLength(agentCount);
    expect(bigMatrix.roundIds).toHaveLength(roundCount);
    expect(agents.reduce((sum, agent) => sum + agent.roundsReported, 0)).toBe(
      agentCount * roundCount,
    );
    expect(rounds.every((round) => round.agentsReporting === agentCount)).toBe(true);
  });
});
