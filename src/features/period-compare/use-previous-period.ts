// compare=1d|1w: the same window a day or a week earlier, fetched through the same interval data
// path as the window itself (useWindowResults), so its closed intervals come from the cache after
// the first load; shaped into the overview's faint line and each agent's change.
import { useMemo } from 'react';
import type { ApiVersion } from '../../../common/earshot-config.ts';
import { now as clockNow } from '../../lib/clock.ts';
import type { AgentSummary, RoundSummary } from '../../lib/model.ts';
import { useWindowResults, type WindowCoverage } from '../../api/window-results.ts';
import {
  COMPARE_PERIOD_SECONDS,
  compareAgents,
  previousPeriodRange,
  shiftRoundSummaries,
  type AgentChange,
  type ComparePeriod,
} from '../../lib/period-comparison.ts';
import { buildRoundsMatrix, summarizeAgents, summarizeRounds } from '../../lib/rounds-matrix.ts';
import type { TimeRange } from '../../../common/time-window.ts';

export interface PreviousPeriodParams {
  apiVersion: ApiVersion;
  aid: string | undefined;
  testId: string;
  intervalSeconds: number;
  range: TimeRange;
  /** Undefined: no comparison, and nothing is fetched. */
  compare: ComparePeriod | undefined;
}

export interface PreviousPeriod {
  period: ComparePeriod;
  /** The earlier window's rounds, moved forward by the period; undefined until it arrives. */
  rounds: RoundSummary[] | undefined;
  /** Each current agent's change since; undefined until both windows are on screen. */
  changes: Map<string, AgentChange> | undefined;
  coverage: WindowCoverage | undefined;
  error: unknown;
}

export function usePreviousPeriod(
  params: PreviousPeriodParams,
  currentSummaries: readonly AgentSummary[] | undefined,
  now: () => number = clockNow,
): PreviousPeriod | undefined {
  const { apiVersion, aid, testId, intervalSeconds, range, compare } = params;
  const previousRange = compare
    ? previousPeriodRange(range, compare, now(), intervalSeconds)
    : undefined;
  const [results] = useWindowResults(
    previousRange ? [{ apiVersion, aid, testId, range: previousRange, intervalSeconds }] : [],
    { now },
  );
  const data = results?.data;
  // While the range moves on by a round the last one stays on screen; one for another period
  // (1d switched to 1w) would be shifted wrongly, so it is not shown.
  const expectedEndMs = previousRange?.kind === 'absolute' ? previousRange.toMs : undefined;
  const samePeriod =
    data?.endMs !== undefined &&
    expectedEndMs !== undefined &&
    Math.abs(data.endMs - expectedEndMs) < (COMPARE_PERIOD_SECONDS['1d'] * 1000) / 2;
  const shaped = useMemo(() => {
    if (!data || !compare || !samePeriod) return undefined;
    const matrix = buildRoundsMatrix(data.rows, {
      startMs: data.startMs ?? 0,
      endMs: data.endMs ?? 0,
      intervalSeconds,
    });
    return {
      summaries: summarizeAgents(matrix),
      rounds: shiftRoundSummaries(summarizeRounds(matrix), compare),
    };
  }, [data, compare, samePeriod, intervalSeconds]);
  const changes = useMemo(
    () =>
      shaped && currentSummaries ? compareAgents(currentSummaries, shaped.summaries) : undefined,
    [shaped, currentSummaries],
  );
  if (!compare) return undefined;
  return {
    period: compare,
    rounds: shaped?.rounds,
    changes,
    coverage: results?.coverage,
    error: results?.error ?? results?.failureReason ?? null,
  };
}
