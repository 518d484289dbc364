// The heatmap benchmark's data: the simulator's rows for one test at one scale, shaped by the
// app's own buildRoundsMatrix, sent to the bench page as JSON (agents, window) plus one binary
// of the typed columns, so the page spends no time parsing before "data ready".
import type { RoundResult, RoundsMatrix } from '../src/lib/model.ts';
import { HEATMAP_METRICS } from '../src/lib/metrics.ts';
import { buildRoundsMatrix } from '../src/lib/rounds-matrix.ts';
import { TESTS, buildAgents, type VoiceTestSpec } from '../server/simulator/catalog.ts';
import { buildLinks, generateRows, roundsInRange } from '../server/simulator/results.ts';

export interface Scale {
  agents: number;
  rounds: number;
  /** A simulator test whose interval makes `rounds` a day or a week. */
  testId: number;
  intervalSeconds: number;
  /** The app's `window` for the same span. */
  window: string;
}

export const SCALES: Scale[] = [
  { agents: 50, rounds: 288, testId: 7001, intervalSeconds: 300, window: '24h' },
  { agents: 200, rounds: 720, testId: 7003, intervalSeconds: 120, window: '24h' },
  { agents: 500, rounds: 2016, testId: 7001, intervalSeconds: 300, window: '7d' },
];

export function scaleName(scale: Scale): string {
  return `${scale.agents}×${scale.rounds.toLocaleString('en')}`;
}

export interface MatrixMeta {
  agents: RoundsMatrix['agents'];
  intervalSeconds: number;
  roundCount: number;
  cellCount: number;
  rowCount: number;
}

/** Column order in the binary: 8-byte columns first, then 4-byte, then 1-byte (alignment). */
export const COLUMN_ORDER = [
  'roundIds',
  ...HEATMAP_METRICS,
  'codecMaxMos',
  'rowIndex',
  'cellState',
];

// A fixed "now" so every run draws the same cells.
const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 30);

export function benchMatrix(scale: Scale): { meta: MatrixMeta; binary: Buffer } {
  const test = TESTS.find((candidate) => candidate.testId === scale.testId) as VoiceTestSpec;
  const agents = buildAgents(scale.agents, false);
  const startMs = NOW_MS - scale.rounds * scale.intervalSeconds * 1000;
  const endMs = Math.floor(NOW_MS / 1000 / scale.intervalSeconds) * scale.intervalSeconds * 1000;
  const span = roundsInRange(scale.intervalSeconds, startMs, endMs, NOW_MS);
  if (!span) throw new Error('no rounds');
  const { rows } = generateRows(test, agents, buildLinks(test, agents), span);
  const results: RoundResult[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows.rowAt(i);
    const num = (value: number) => (Number.isNaN(value) ? undefined : value);
    results.push({
      agentId: String(row.agent.agentId),
      agentName: row.agent.agentName,
      countryId: row.agent.city.countryId,
      roundId: row.roundId,
      dateMs: row.dateSeconds * 1000,
      permalink: undefined,
      permalinkText: undefined,
      dscp: String(row.dscp.id),
      dscpName: row.dscp.name,
      mos: num(row.mos),
      codecName: test.codec.name,
      codecMaxMos: row.errorDetail ? undefined : test.codec.maxMos,
      loss: num(row.loss),
      discards: num(row.discards),
      latency: num(row.latency),
      pdv: num(row.pdv),
      errorDetail: row.errorDetail,
      serverIp: test.serverIp,
    });
  }
  const matrix = buildRoundsMatrix(results, {
    startMs: span.firstRoundId * 1000,
    endMs: (span.lastRoundId + span.interval) * 1000,
    intervalSeconds: scale.intervalSeconds,
  });
  const columns: ArrayBufferView[] = [
    matrix.roundIds,
    ...HEATMAP_METRICS.map((metric) => matrix.values[metric]),
    matrix.codecMaxMos,
    matrix.rowIndex,
    matrix.cellState,
  ];
  const binary = Buffer.concat(
    columns.map((column) => Buffer.from(column.buffer, column.byteOffset, column.byteLength)),
  );
  return {
    meta: {
      agents: matrix.agents,
      intervalSeconds: matrix.intervalSeconds,
      roundCount: matrix.roundIds.length,
      cellCount: matrix.cellState.length,
      rowCount: rows.length,
    },
    binary,
  };
}
