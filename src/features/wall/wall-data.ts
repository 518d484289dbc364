// The matrix and summary behind one test's panel, computed once per combined body: cached weakly
// by the body object, so a refresh that brought nothing new costs nothing and old bodies go with
// the garbage collector (nothing on the wall accumulates).
import type { RoundResult, RoundsMatrix, RoundSummary, VoiceResults } from '../../lib/model.ts';
import { buildRoundsMatrix, summarizeRounds } from '../../lib/rounds-matrix.ts';
import type { GradeMode } from '../../lib/grade-mode.ts';
import { summarizeWallTest, type WallTestSummary } from './wall-summary.ts';

export interface WallTestData {
  matrix: RoundsMatrix;
  /** The rows the matrix indexes (rowIndex): what the named agents' causes are read from. */
  rows: readonly RoundResult[];
  rounds: RoundSummary[];
  summary: WallTestSummary;
  /** The newest round with any row, epoch seconds; undefined when there are none. */
  lastRoundId: number | undefined;
}

const cache = new WeakMap<VoiceResults, { intervalSeconds: number; data: WallTestData }>();

/** The window's matrix: the body says which window it covers (window-results.ts sets both ends). */
export function wallTestData(results: VoiceResults, intervalSeconds: number): WallTestData {
  const cached = cache.get(results);
  if (cached && cached.intervalSeconds === intervalSeconds) return cached.data;
  const matrix = buildRoundsMatrix(results.rows, {
    startMs: results.startMs ?? 0,
    endMs: results.endMs ?? 0,
    intervalSeconds,
  });
  const last = results.rows[results.rows.length - 1];
  const data: WallTestData = {
    matrix,
    rows: results.rows,
    rounds: summarizeRounds(matrix),
    summary: summarizeWallTest(matrix),
    lastRoundId: last?.roundId,
  };
  cache.set(results, { intervalSeconds, data });
  return data;
}

const summaries = new WeakMap<WallTestData, Map<GradeMode, WallTestSummary>>();

/**
 * The panel's summary in a grade mode, once per matrix: the same object while the data is the
 * same, so a memoised panel is not re-rendered when the page is.
 */
export function wallTestSummary(data: WallTestData, grade: GradeMode): WallTestSummary {
  let byGrade = summaries.get(data);
  if (!byGrade) {
    byGrade = new Map();
    summaries.set(data, byGrade);
  }
  let summary = byGrade.get(grade);
  if (!summary) {
    summary = summarizeWallTest(data.matrix, grade);
    byGrade.set(grade, summary);
  }
  return summary;
}
