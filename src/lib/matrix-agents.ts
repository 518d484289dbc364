// A rounds matrix cut down to some of its agents: how one agent filter reaches every view (the
// heatmaps, the MOS charts, the headline figures and the table all shape the same cut matrix).
import { HEATMAP_METRICS, type HeatmapMetric } from './metrics.ts';
import type { RoundsMatrix } from './model.ts';

/**
 * The matrix with only the agents `keep` accepts, in their order. Every cell keeps its row index,
 * so a cell still finds its row. The same matrix when every agent is kept (no copy, no new
 * identity for memoised views).
 */
export function matrixOfAgents(
  matrix: RoundsMatrix,
  keep: (agent: RoundsMatrix['agents'][number]) => boolean,
): RoundsMatrix {
  const kept: number[] = [];
  matrix.agents.forEach((agent, index) => {
    if (keep(agent)) kept.push(index);
  });
  if (kept.length === matrix.agents.length) return matrix;
  const roundCount = matrix.roundIds.length;
  const cells = kept.length * roundCount;
  const copyRows = <T extends Float32Array | Uint8Array | Int32Array>(source: T, target: T): T => {
    kept.forEach((agentIndex, position) => {
      target.set(
        source.subarray(agentIndex * roundCount, (agentIndex + 1) * roundCount),
        position * roundCount,
      );
    });
    return target;
  };
  const values = {} as Record<HeatmapMetric, Float32Array>;
  for (const metric of HEATMAP_METRICS) {
    values[metric] = copyRows(matrix.values[metric], new Float32Array(cells));
  }
  return {
    agents: kept.map((index) => matrix.agents[index]!),
    roundIds: matrix.roundIds,
    intervalSeconds: matrix.intervalSeconds,
    cellState: copyRows(matrix.cellState, new Uint8Array(cells)),
    values,
    codecMaxMos: copyRows(matrix.codecMaxMos, new Float32Array(cells)),
    rowIndex: copyRows(matrix.rowIndex, new Int32Array(cells)),
  };
}
