// "Worse than yesterday": a test's grade now against its grade over the same window a day earlier,
// both graded the one way the wall grades (wall-summary.ts, src/lib/mos-grade.ts). Pure: the
// clock is an argument. The mark is only ever drawn from two known grades, so it never lies: while
// yesterday is loading, failed or had no MOS, there is nothing to say.
import type { TimeRange } from '../../../common/time-window.ts';
import { healthRank } from '../../lib/mos-grade.ts';
import type { Health } from '../../lib/palettes.ts';
import { previousPeriodRange } from '../../lib/period-comparison.ts';

/** Yesterday's grade: unknown until its whole window is on screen, then a grade (or none: no MOS). */
export type YesterdayGrade = { known: false } | { known: true; health: Health | undefined };

export const UNKNOWN_YESTERDAY: YesterdayGrade = { known: false };

export type YesterdayComparison =
  | { kind: 'unknown' }
  | { kind: 'same'; health: Health }
  | { kind: 'better'; yesterday: Health; today: Health }
  | { kind: 'worse'; yesterday: Health; today: Health };

/**
 * The same window a day earlier. A relative window ends at the last round boundary, so the range
 * moves once a round; its data moves only when it slides into another closed interval (the
 * intervals are whole hours on the UTC grid, each asked for once: window-results.ts).
 */
export function yesterdayRange(
  range: TimeRange,
  nowMs: number,
  intervalSeconds: number,
): TimeRange {
  return previousPeriodRange(range, '1d', nowMs, intervalSeconds);
}

/**
 * Today's grade against yesterday's. Unknown unless both are known grades: today before its whole
 * window is here, yesterday loading or failed, or either without any MOS.
 */
export function compareWithYesterday(
  today: Health | undefined,
  yesterday: YesterdayGrade,
): YesterdayComparison {
  if (today === undefined || !yesterday.known || yesterday.health === undefined) {
    return { kind: 'unknown' };
  }
  const change = healthRank(today) - healthRank(yesterday.health);
  if (change === 0) return { kind: 'same', health: today };
  return change > 0
    ? { kind: 'worse', yesterday: yesterday.health, today }
    : { kind: 'better', yesterday: yesterday.health, today };
}

/** What the wall shows beside the grade: "worse than yesterday: fair → poor"; nothing otherwise. */
export function describeYesterdayMark(
  comparison: YesterdayComparison,
): { text: string; label: string } | undefined {
  if (comparison.kind !== 'worse') return undefined;
  return {
    text: `worse than yesterday: ${comparison.yesterday} → ${comparison.today}`,
    label: `Worse than at the same time yesterday: ${comparison.yesterday} then, ${comparison.today} now`,
  };
}
