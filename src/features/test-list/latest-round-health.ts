// A test's health in the list: how many of its agents were poor, fair and good in its latest
// round, by the bands the wall grades with (src/lib/mos-grade.ts, MOS below the codec's maximum).
// A count over one round, not a grade of the test: the wall grades an agent by its worst 10
// minutes in a row, so one bad round is noise there, and the list has one round (one small call
// per test per interval). Loaded only when the list asks (a dynamic import), so the first page's
// bundle does not carry the results code.
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
      /** The worst band any agent was in: the colour of the badge. */
      health: Health;
      agentsReporting: number;
      /** How many of the agents reporting a MOS were in each band. */
      agentsByHealth: Record<Health, number>;
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
 * The latest round's agents by band (MOS below the codec's ceiling, as the MOS colours and the
 * wall's default grade judge it), and its worst agent. The newest round with a MOS is taken, so a
 * round whose rows are still arriving does not hide the one before it.
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
  // An agent with two rows in the round (a retried call) counts once, by its worse one.
  const headroomOf = new Map<string, number>();
  for (const row of rows) {
    if (row.roundId !== roundId || row.mos === undefined) continue;
    const headroom = roundBadness('headroom', row.mos, row.codecMaxMos ?? Number.NaN);
    headroomOf.set(row.agentId, Math.max(headroom, headroomOf.get(row.agentId) ?? -Infinity));
    if (worst === undefined || headroom > worst.headroom) {
      worst = { agentName: row.agentName, mos: row.mos, headroom };
    }
  }
  if (worst === undefined) return { graded: false, roundId };
  const agentsByHealth: Record<Health, number> = { good: 0, fair: 0, poor: 0 };
  for (const headroom of headroomOf.values())
    agentsByHealth[healthOfBadness('headroom', headroom)]++;
  return {
    graded: true,
    roundId,
    health: healthOfBadness('headroom', worst.headroom),
    agentsReporting: headroomOf.size,
    agentsByHealth,
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
