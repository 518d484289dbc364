// A test's health in the list: its latest round, graded by its worst agent. Loaded only when the
// list asks (a dynamic import), so the first page's bundle does not carry the results code.
import { fetchResultsRange, type ResultsSource } from '../../api/voice-results.ts';
import type { RoundResult } from '../../lib/model.ts';
import type { Health } from '../../lib/health-colours.ts';
import { healthOfBadness, roundBadness } from '../../lib/mos-grade.ts';
import { PROCESSING_DELAY_MS } from '../../../common/result-intervals.ts';

export type LatestRoundHealth =
  | { graded: false; roundId: number | undefined }
  | {
      graded: true;
      roundId: number;
      health: Health;
      agentsReporting: number;
      worst: { agentName: string; mos: number; headroom: number };
    };

/**
 * The start of the newest round whose results should all be in at `nowMs`: it ended an interval
 * ago, plus ThousandEyes' processing delay.
 */
export function latestCompleteRoundStartMs(nowMs: number, intervalSeconds: number): number {
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  const readyBy = nowMs - intervalMs - PROCESSING_DELAY_MS;
  return Math.floor(readyBy / intervalMs) * intervalMs;
}

/**
 * The latest round's grade: MOS below the codec's ceiling of its worst agent (as the MOS colours
 * and the wall's default grade judge it). The newest round with a MOS is taken, so a round whose
 * rows are still arriving does not hide the one before it.
 */
export function gradeLatestRound(rows: readonly RoundResult[]): LatestRoundHealth {
  let roundId: number | undefined;
  for (const row of rows) {
    if (row.mos !== undefined && (roundId === undefined || row.roundId > roundId)) {
      roundId = row.roundId;
    }
  }
  if (roundId === undefined) {
    const newest = rows.reduce<number | undefined>(
      (latest, row) => (latest === undefined || row.roundId > latest ? row.roundId : latest),
      undefined,
    );
    return { graded: false, roundId: newest };
  }
  let worst: { agentName: string; mos: number; headroom: number } | undefined;
  const agents = new Set<string>();
  for (const row of rows) {
    if (row.roundId !== roundId || row.mos === undefined) continue;
    agents.add(row.agentId);
    const headroom = roundBadness('headroom', row.mos, row.codecMaxMos ?? Number.NaN);
    if (worst === undefined || headroom > worst.headroom) {
      worst = { agentName: row.agentName, mos: row.mos, headroom };
    }
  }
  if (worst === undefined) return { graded: false, roundId };
  return {
    graded: true,
    roundId,
    health: healthOfBadness('headroom', worst.headroom),
    agentsReporting: agents.size,
    worst,
  };
}

/**
 * One small request: the results since the start of the latest complete round (`startDate`, no
 * end), so a single page of one or two rounds, whatever the test's history.
 */
export async function fetchLatestRoundHealth(
  source: ResultsSource,
  intervalSeconds: number,
  nowMs: number,
  signal?: AbortSignal,
): Promise<LatestRoundHealth> {
  const results = await fetchResultsRange(
    source,
    latestCompleteRoundStartMs(nowMs, intervalSeconds),
    undefined,
    { signal },
  );
  return gradeLatestRound(results.rows);
}
