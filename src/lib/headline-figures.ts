// The figures a NOC engineer reads first: is the test healthy, and how far from its codec's best?
import type { AgentSummary, RoundsMatrix } from './model.ts';
import { countCellStates } from './rounds-matrix.ts';
import { mean, quantile } from './stats.ts';

export interface HeadlineFigures {
  agentsReporting: number;
  agentsTotal: number;
  /** Median of every MOS value in the window. */
  mosMedian: number | undefined;
  /** The highest codec ceiling seen in the window. */
  codecMaxMos: number | undefined;
  /** The agent with the lowest mean MOS. */
  worstAgent:
    | { agentId: string; agentName: string; mosMean: number; codecMaxMos: number | undefined }
    | undefined;
  lossMean: number | undefined;
  latencyP95: number | undefined;
  pdvMean: number | undefined;
  errorRounds: number;
  /** Cells with a row: the denominator for error rounds. */
  roundsReported: number;
}

export function headlineFigures(
  matrix: RoundsMatrix,
  summaries: readonly AgentSummary[],
): HeadlineFigures {
  const { reported: roundsReported, errors: errorRounds } = countCellStates(matrix.cellState);
  let worstAgent: HeadlineFigures['worstAgent'];
  for (const summary of summaries) {
    if (summary.mosMean === undefined) continue;
    if (!worstAgent || summary.mosMean < worstAgent.mosMean) {
      worstAgent = {
        agentId: summary.agentId,
        agentName: summary.agentName,
        mosMean: summary.mosMean,
        codecMaxMos: summary.codecMaxMos,
      };
    }
  }
  const ceilings = summaries.map((summary) => summary.codecMaxMos ?? NaN);
  const highestCeiling = ceilings.reduce((best, value) => (value > best ? value : best), -Infinity);
  return {
    agentsReporting: summaries.filter((summary) => summary.roundsReported > 0).length,
    agentsTotal: summaries.length,
    mosMedian: quantile(matrix.values.mos, 0.5),
    codecMaxMos: Number.isFinite(highestCeiling) ? highestCeiling : undefined,
    worstAgent,
    lossMean: mean(matrix.values.loss),
    latencyP95: quantile(matrix.values.latency, 0.95),
    pdvMean: mean(matrix.values.pdv),
    errorRounds,
    roundsReported,
  };
}
