// Which agent goes on which row: worst first (so the eye lands on trouble), by name, by country.
import { CELL_ERROR, CELL_VALUE, type RoundsMatrix } from '../../lib/model.ts';
import { type HeatmapMetric } from '../../lib/metrics.ts';
import { severityMeasure } from '../../lib/palettes.ts';

export type RowOrderKind = 'worst' | 'name' | 'country';
export type WorstStatistic = 'mean' | 'p95';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export interface AgentSeverity {
  /** Mean or p95 of the "higher is worse" measure (MOS: headroom below codecMaxMos). */
  severity: number | undefined;
  valueRounds: number;
  errorRounds: number;
}

/** One agent's standing over the window for a metric. */
export function agentSeverity(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
  agentIndex: number,
  statistic: WorstStatistic = 'mean',
): AgentSeverity {
  const roundCount = matrix.roundIds.length;
  const values = matrix.values[metric];
  const base = agentIndex * roundCount;
  // Float32 measures like the matrix itself (a typed sort is several times faster than number[]),
  // kept only for the p95: a mean needs none (this runs for every agent, metric and rebuild).
  const measures = statistic === 'mean' ? undefined : new Float32Array(roundCount);
  let count = 0;
  let sum = 0;
  let errorRounds = 0;
  const isMos = metric === 'mos';
  const stateError = CELL_ERROR; // locals, not imported bindings, in the loop
  const stateValue = CELL_VALUE;
  for (let r = 0; r < roundCount; r++) {
    const i = base + r;
    const state = matrix.cellState[i];
    if (state === stateError) errorRounds++;
    if (state !== stateValue) continue;
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    const measure = isMos ? severityMeasure(metric, value, matrix.codecMaxMos[i]) : value;
    if (measures) measures[count] = measure;
    count++;
    sum += measure;
  }
  let severity: number | undefined;
  if (count > 0) {
    if (statistic === 'mean') {
      severity = sum / count;
    } else {
      const sorted = measures!.subarray(0, count).sort();
      // Nearest-rank p95.
      severity = sorted[Math.min(count - 1, Math.ceil(0.95 * count) - 1)];
    }
  }
  return { severity, valueRounds: count, errorRounds };
}

function byName(matrix: RoundsMatrix) {
  return (a: number, b: number) =>
    collator.compare(matrix.agents[a]?.agentName ?? '', matrix.agents[b]?.agentName ?? '') || a - b;
}

/** Agent indices A→Z by name (numbers in names sort as numbers). */
export function rowOrderByName(matrix: RoundsMatrix): number[] {
  return matrix.agents.map((_, i) => i).sort(byName(matrix));
}

/** Agent indices by country code, then name; agents without a country last. */
export function rowOrderByCountry(matrix: RoundsMatrix): number[] {
  const name = byName(matrix);
  return matrix.agents
    .map((_, i) => i)
    .sort((a, b) => {
      const ca = matrix.agents[a]?.countryId ?? '';
      const cb = matrix.agents[b]?.countryId ?? '';
      if (ca === '' && cb !== '') return 1;
      if (cb === '' && ca !== '') return -1;
      return collator.compare(ca, cb) || name(a, b);
    });
}

/**
 * Worst agents first by the metric's mean (or p95) over the window; MOS by headroom below the
 * codec's ceiling. An agent that only reported errors is worse than any value; one that reported
 * nothing at all goes last. Ties: more error rounds first, then name.
 */
export function rowOrderWorstFirst(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
  statistic: WorstStatistic = 'mean',
): number[] {
  const standing = matrix.agents.map((_, i) => agentSeverity(matrix, metric, i, statistic));
  const rank = (s: AgentSeverity) => {
    if (s.severity !== undefined) return 1;
    return s.errorRounds > 0 ? 0 : 2;
  };
  const name = byName(matrix);
  return matrix.agents
    .map((_, i) => i)
    .sort((a, b) => {
      const sa = standing[a]!;
      const sb = standing[b]!;
      return (
        rank(sa) - rank(sb) ||
        (sb.severity ?? 0) - (sa.severity ?? 0) ||
        sb.errorRounds - sa.errorRounds ||
        name(a, b)
      );
    });
}

export function rowOrderFor(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
  kind: RowOrderKind,
  statistic: WorstStatistic = 'mean',
): number[] {
  switch (kind) {
    case 'worst':
      return rowOrderWorstFirst(matrix, metric, statistic);
    case 'name':
      return rowOrderByName(matrix);
    case 'country':
      return rowOrderByCountry(matrix);
  }
}

/**
 * The one order both heatmaps share, so a row is the same agent in each whatever metrics they
 * show. Worst first ranks by MOS headroom below the codec's ceiling (the one figure that sums up a
 * call), then loss, then latency: an agent with no MOS but heavy loss still rises. Agents that only
 * reported errors lead; agents that reported nothing go last.
 */
export function sharedRowOrder(matrix: RoundsMatrix, kind: RowOrderKind): number[] {
  if (kind === 'name') return rowOrderByName(matrix);
  if (kind === 'country') return rowOrderByCountry(matrix);
  const tieBreakers: HeatmapMetric[] = ['mos', 'loss', 'latency'];
  const standing = matrix.agents.map((_, i) =>
    tieBreakers.map((metric) => agentSeverity(matrix, metric, i)),
  );
  const rank = (measures: AgentSeverity[]) => {
    if (measures.some((s) => s.severity !== undefined)) return 1;
    return measures[0]!.errorRounds > 0 ? 0 : 2;
  };
  const name = byName(matrix);
  const compareSeverity = (a: AgentSeverity, b: AgentSeverity) => {
    if (a.severity === undefined || b.severity === undefined) {
      // An agent with a measure ranks above one without; two without tie.
      return (a.severity === undefined ? 1 : 0) - (b.severity === undefined ? 1 : 0);
    }
    return b.severity - a.severity;
  };
  return matrix.agents
    .map((_, i) => i)
    .sort((a, b) => {
      const sa = standing[a]!;
      const sb = standing[b]!;
      let order = rank(sa) - rank(sb);
      for (let m = 0; order === 0 && m < tieBreakers.length; m++) {
        order = compareSeverity(sa[m]!, sb[m]!);
      }
      return order || sb[0]!.errorRounds - sa[0]!.errorRounds || name(a, b);
    });
}
