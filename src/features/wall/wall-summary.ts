// One test's standing on the wall, from its rounds matrix: health from MOS against the codec's
// ceiling, the worst agents, and a score to put the worst test first in the grid. Pure.
import type { AgentSummary, RoundsMatrix } from '../../api/model.ts';
import { summarizeAgents } from '../../lib/rounds-matrix.ts';
import { healthOf, type Health } from '../../lib/palettes.ts';

export interface WallTestSummary {
  /** Worst health of any agent; undefined when no agent had a MOS value. */
  health: Health | undefined;
  agentCounts: Record<Health, number>;
  agentsReporting: number;
  /** Worst first (largest MOS headroom below the codec's ceiling), at most `worstCount`. */
  worstAgents: AgentSummary[];
  /** Higher is worse: poor agents weigh most, then fair ones, then the mean headroom. */
  severity: number;
}

const HEALTH_RANK: Record<Health, number> = { good: 0, fair: 1, poor: 2 };

function byHeadroomDescending(a: AgentSummary, b: AgentSummary): number {
  const ah = a.mosHeadroom ?? -Infinity;
  const bh = b.mosHeadroom ?? -Infinity;
  if (ah !== bh) return bh - ah;
  return (b.lossMean ?? 0) - (a.lossMean ?? 0);
}

export function summarizeWallTest(matrix: RoundsMatrix, worstCount = 5): WallTestSummary {
  const agents = summarizeAgents(matrix);
  const agentCounts: Record<Health, number> = { good: 0, fair: 0, poor: 0 };
  let health: Health | undefined;
  let headroomSum = 0;
  let headroomCount = 0;
  let agentsReporting = 0;
  for (const agent of agents) {
    if (agent.roundsReported > 0) agentsReporting++;
    const agentHealth = healthOf('mos', agent.mosMean, agent.codecMaxMos);
    if (agentHealth === undefined) continue;
    agentCounts[agentHealth]++;
    if (health === undefined || HEALTH_RANK[agentHealth] > HEALTH_RANK[health]) {
      health = agentHealth;
    }
    if (agent.mosHeadroom !== undefined) {
      headroomSum += agent.mosHeadroom;
      headroomCount++;
    }
  }
  const worstAgents = agents
    .filter((agent) => agent.mosHeadroom !== undefined)
    .sort(byHeadroomDescending)
    .slice(0, worstCount);
  const meanHeadroom = headroomCount > 0 ? headroomSum / headroomCount : 0;
  return {
    health,
    agentCounts,
    agentsReporting,
    worstAgents,
    severity: agentCounts.poor * 1000 + agentCounts.fair * 10 + meanHeadroom,
  };
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
