// One test's standing on the wall, from its rounds matrix: its grade (the worst sustained stretch
// of any agent, src/lib/mos-grade.ts), since when it has been in that state, the agents worst
// first (the heatmaps' rows and the named list), and a score to put the worst test first in the
// grid. Pure; cached by matrix, so the panel and the grid order share one computation.
import type { RoundResult, RoundsMatrix } from '../../lib/model.ts';
import { attributeAgentRounds, type AgentAttribution } from '../../lib/window-attribution.ts';
import { DEFAULT_GRADE_MODE, type GradeMode } from '../../lib/grade-mode.ts';
import {
  gradeAgents,
  healthRank,
  troubleSince,
  worstFirstOrder,
  type AgentGrade,
  type TroubleStretch,
} from '../../lib/mos-grade.ts';
import { formatDateTime, type TimeZoneChoice } from '../../lib/format.ts';
import type { Health } from '../../lib/palettes.ts';
import { describeAge } from '../../lib/staleness.ts';

export interface WallTestSummary {
  mode: GradeMode;
  /** Worst grade of any agent; undefined when no agent had enough MOS rounds. */
  health: Health | undefined;
  agentCounts: Record<Health, number>;
  agentsReporting: number;
  /** Every agent's grade, in the matrix's agent order. */
  grades: AgentGrade[];
  /** Agent indices, worst first: the heatmaps' row order. */
  rowOrder: number[];
  /** Worst first, graded agents only, at most `worstCount`. */
  worstAgents: AgentGrade[];
  /** Since when the test has been fair or poor; undefined when good. */
  trouble: TroubleStretch | undefined;
  /** Higher is worse: poor agents weigh most, then fair ones, then how deep the worst stretches. */
  severity: number;
}

const cache = new WeakMap<RoundsMatrix, Map<string, WallTestSummary>>();

export function summarizeWallTest(
  matrix: RoundsMatrix,
  mode: GradeMode = DEFAULT_GRADE_MODE,
  worstCount = 8,
): WallTestSummary {
  const key = `${mode}|${worstCount}`;
  const cached = cache.get(matrix)?.get(key);
  if (cached) return cached;
  const grades = gradeAgents(matrix, mode);
  const agentCounts: Record<Health, number> = { good: 0, fair: 0, poor: 0 };
  let health: Health | undefined;
  let depthSum = 0;
  let graded = 0;
  const roundCount = matrix.roundIds.length;
  let agentsReporting = 0;
  for (const grade of grades) {
    const base = grade.agentIndex * roundCount;
    for (let column = 0; column < roundCount; column++) {
      if (matrix.cellState[base + column] !== 0) {
        agentsReporting++;
        break;
      }
    }
    if (grade.health === undefined) continue;
    agentCounts[grade.health]++;
    if (healthRank(grade.health) > healthRank(health)) health = grade.health;
    // Both modes' badness grows with trouble; minus the MOS is shifted to stay positive.
    depthSum += (grade.sustainedBadness ?? 0) + (mode === 'mos' ? 5 : 0);
    graded++;
  }
  const rowOrder = worstFirstOrder(grades);
  const worstAgents = rowOrder
    .map((agentIndex) => grades[agentIndex]!)
    .filter((grade) => grade.health !== undefined)
    .slice(0, worstCount);
  const summary: WallTestSummary = {
    mode,
    health,
    agentCounts,
    agentsReporting,
    grades,
    rowOrder,
    worstAgents,
    trouble: troubleSince(matrix, mode, grades),
    severity: agentCounts.poor * 1000 + agentCounts.fair * 10 + (graded ? depthSum / graded : 0),
  };
  let byKey = cache.get(matrix);
  if (!byKey) {
    byKey = new Map();
    cache.set(matrix, byKey);
  }
  byKey.set(key, summary);
  return summary;
}

/** Grid order: worst test first; tests without data (unknown) after those with trouble. */
export function orderWorstFirst<T extends { testId: string; severity: number | undefined }>(
  tests: readonly T[],
): T[] {
  return [...tests].sort((a, b) => {
    const as = a.severity ?? -1;
    const bs = b.severity ?? -1;
    if (as !== bs) return bs - as;
    return 0;
  });
}

/**
 * "since 14:05 UTC (2 h 10 min)" for a stretch still running, "14:05–15:05 UTC, over" for one
 * that ended; "since before 14:05 UTC" when it began with the window (it may be older); a date
 * is added once the start is more than 20 hours before `nowMs`.
 */
export function describeTrouble(
  trouble: TroubleStretch,
  timeZone: TimeZoneChoice,
  nowMs: number,
): string {
  const sinceMs = trouble.sinceRoundId * 1000;
  const withDate = nowMs - sinceMs > 20 * 3_600_000;
  const at = (ms: number, date: boolean) => {
    const text = formatDateTime(ms, timeZone);
    return date ? text : text.slice(text.indexOf(' ') + 1);
  };
  if (trouble.endedRoundId === undefined) {
    if (trouble.fromWindowStart) return `since before ${at(sinceMs, withDate)}`;
    const age = describeAge(nowMs - sinceMs).replace(/ ago$/, '');
    return `since ${at(sinceMs, withDate)} (${age})`;
  }
  const end = at(trouble.endedRoundId * 1000, false);
  return `${at(sinceMs, withDate).replace(/ UTC$/, '')}–${end}, over`;
}

/**
 * Why each named agent sounds bad: the E-model's dominant cause over the stretch that set its
 * grade (the figures the wall shows beside it), by agent id. Only the named agents: a few dozen
 * rounds each, so it costs nothing next to the matrix.
 */
export function worstAgentCauses(
  matrix: RoundsMatrix,
  rows: readonly RoundResult[],
  agents: readonly AgentGrade[],
): Map<string, AgentAttribution> {
  const causes = new Map<string, AgentAttribution>();
  for (const agent of agents) {
    const stretch = agent.worstStretch;
    if (!stretch) continue;
    causes.set(
      agent.agentId,
      attributeAgentRounds(matrix, rows, agent.agentIndex, stretch.fromRound, stretch.toRound),
    );
  }
  return causes;
}
