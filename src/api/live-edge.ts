// The live edge of a window: the rounds after its last closed interval, kept as one growing set of
// rows. Each refresh asks only for the rounds from a little before the newest one it holds (late
// rows are still caught), merges them in by (agent, round), and drops the rounds that have moved
// into a closed interval or out of the window, so it stays the same size on a wall for days.
import type { RoundResult, SkippedRows, VoiceResults, VoiceTest } from '../lib/model.ts';
import { incrementStartMs } from './results-plan.ts';
import { fetchResultsRange, type ResultsSource } from './voice-results.ts';
import type { ApiClient } from './fetch-client.ts';

export interface LiveEdge {
  /** Epoch ms: the first round it holds may start here (a closed interval ends here). */
  startMs: number;
  /** The end of a pinned range, or undefined while the window grows with time. */
  endMs: number | undefined;
  /** Rounds at or after startMs, in time order, one row per (agent, round). */
  rows: RoundResult[];
  /** The instant the rows describe (the clock when the last refresh was asked): the window's end. */
  asOfMs: number;
  test: VoiceTest | undefined;
  /** Upstream calls (pages) the last refresh took: the live edge's cost per round. */
  lastPages: number;
  /**
   * Rows the last refresh left out (no agent, no round). Only the last: a row without an agent or
   * a round cannot be matched across overlapping refreshes, so adding them up would count twice.
   */
  lastSkippedRows: SkippedRows;
}

function rowKey(row: RoundResult): string {
  return `${row.agentId}\u0000${row.roundId}`;
}

/**
 * `kept` (in time order) with `fresh` merged in: for every round from `fromRoundId` on, a row of
 * `fresh` replaces the kept row of the same (agent, round); rows before it are left as they are.
 * The result is in time order.
 */
export function mergeRoundRows(
  kept: readonly RoundResult[],
  fresh: readonly RoundResult[],
  fromRoundId: number,
): RoundResult[] {
  let split = kept.length;
  while (split > 0 && (kept[split - 1] as RoundResult).roundId >= fromRoundId) split--;
  const tail = new Map<string, RoundResult>();
  for (let i = split; i < kept.length; i++) {
    const row = kept[i] as RoundResult;
    tail.set(rowKey(row), row);
  }
  for (const row of fresh) {
    if (row.roundId >= fromRoundId) tail.set(rowKey(row), row);
  }
  // Map order is first insertion: a stable sort by round keeps agents in upstream's order.
  const merged = [...tail.values()].sort((a, b) => a.roundId - b.roundId);
  return kept.slice(0, split).concat(merged);
}

/** The rows at or after `startMs`, the same array when none is dropped. */
function rowsFrom(rows: RoundResult[], startMs: number): RoundResult[] {
  const startRound = startMs / 1000;
  let first = 0;
  while (first < rows.length && (rows[first] as RoundResult).roundId < startRound) first++;
  return first === 0 ? rows : rows.slice(first);
}

/**
 * One refresh of the live edge that now starts at `startMs`: what `previous` held from there on,
 * plus the rounds from `incrementStartMs` on, asked for with `startDate` and no `endDate` (or the
 * pinned end). The first refresh asks for the whole edge.
 */
export async function advanceLiveEdge(
  previous: LiveEdge | undefined,
  source: ResultsSource & { intervalSeconds: number },
  edge: { startMs: number; endMs: number | undefined },
  options: { client?: ApiClient; signal?: AbortSignal; nowMs: number },
): Promise<LiveEdge> {
  const startMs = Math.max(previous?.startMs ?? -Infinity, edge.startMs);
  const kept = previous ? rowsFrom(previous.rows, startMs) : [];
  const newest = kept[kept.length - 1]?.roundId;
  const fromMs = incrementStartMs(newest, startMs, source.intervalSeconds);
  const answer: VoiceResults = await fetchResultsRange(
    { apiVersion: source.apiVersion, aid: source.aid, testId: source.testId },
    fromMs,
    edge.endMs,
    { client: options.client, signal: options.signal },
  );
  return {
    startMs,
    endMs: edge.endMs,
    rows: mergeRoundRows(kept, answer.rows, fromMs / 1000),
    asOfMs: options.nowMs,
    test: answer.test ?? previous?.test,
    lastPages: answer.pagesFetched,
    lastSkippedRows: answer.skippedRows,
  };
}
