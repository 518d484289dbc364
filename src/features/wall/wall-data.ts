// The matrix and summary behind one test's panel, computed once per fetched body: cached weakly
// by the body object, so a refresh that brought nothing new costs nothing and old bodies go with
// the garbage collector (nothing on the wall accumulates).
import type { RoundsMatrix, VoiceResults } from '../../api/model.ts';
import { buildRoundsMatrix, summarizeRounds } from '../../lib/rounds-matrix.ts';
import { resolveTimeRange, type TimeRange } from '../../lib/time-window.ts';
import { summarizeWallTest, type WallTestSummary } from './wall-summary.ts';
import type { RoundSummary } from '../../api/model.ts';

export interface WallTestData {
  matrix: RoundsMatrix;
  rounds: RoundSummary[];
  summary: WallTestSummary;
  /** The newest round with any row, epoch seconds; undefined when there are none. */
  lastRoundId: number | undefined;
}

interface CacheEntry {
  intervalSeconds: number;
  range: TimeRange;
  data: WallTestData;
}

const cache = new WeakMap<VoiceResults, CacheEntry>();

/** The window the body covers: upstream's own end when it said, else when it arrived. */
export function windowOfResults(
  results: VoiceResults,
  range: TimeRange,
  receivedAtMs: number,
): { startMs: number; endMs: number } {
  if (range.kind === 'relative') {
    const endMs = results.endMs ?? receivedAtMs;
    return { startMs: endMs - range.windowSeconds * 1000, endMs };
  }
  return resolveTimeRange(range, results.endMs ?? receivedAtMs);
}

export function wallTestData(
  results: VoiceResults,
  range: TimeRange,
  intervalSeconds: number,
  receivedAtMs: number,
): WallTestData {
  const cached = cache.get(results);
  if (cached && cached.intervalSeconds === intervalSeconds && cached.range === range) {
    return cached.data;
  }
  const window = windowOfResults(results, range, receivedAtMs);
  const matrix = buildRoundsMatrix(results.rows, { ...window, intervalSeconds });
  const last = results.rows[results.rows.length - 1];
  const data: WallTestData = {
    matrix,
    rounds: summarizeRounds(matrix),
    summary: summarizeWallTest(matrix),
    lastRoundId: last?.roundId,
  };
  cache.set(results, { intervalSeconds, range, data });
  return data;
}
