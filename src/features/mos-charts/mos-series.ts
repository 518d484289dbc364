// Pure shaping for the MOS charts: rounds matrix and round summaries in, small recharts-ready
// arrays out. "No value" becomes null (recharts draws a gap), never a zero.
// Just over 300 lines: every series and axis the two MOS charts draw, pure functions side by side.
import type { AgentSummary, RoundSummary, RoundsMatrix } from '../../lib/model.ts';

/** Above this many rounds a series is downsampled; a chart is rarely wider than this in pixels. */
export const MAX_CHART_POINTS = 600;

export interface AgentMosPoint {
  /** Epoch ms of the first round the point stands for. */
  t: number;
  /** The round the MOS came from (the worst one when downsampled), for a drill-down. */
  roundId: number;
  mos: number | null;
  ceiling: number | null;
  /** How many rounds the point stands for (1 unless downsampled). */
  rounds: number;
}

export interface OverviewMosPoint {
  t: number;
  roundId: number;
  median: number | null;
  p5: number | null;
  ceiling: number | null;
  agentsReporting: number;
  rounds: number;
}

function orNull(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Rounds per point so that `count` rounds fit into at most `maxPoints` points. */
export function bucketSize(count: number, maxPoints: number = MAX_CHART_POINTS): number {
  return count <= maxPoints ? 1 : Math.ceil(count / Math.max(1, maxPoints));
}

/**
 * One agent's MOS and codec ceiling across the window, one point per round (or per bucket of
 * rounds when the window has more than `maxPoints` rounds). A bucket keeps its LOWEST MOS, so a
 * short dip stays visible, and its highest ceiling, the same rule AgentSummary uses.
 */
export function agentMosSeries(
  matrix: RoundsMatrix,
  agentIndex: number,
  maxPoints: number = MAX_CHART_POINTS,
): AgentMosPoint[] {
  const roundCount = matrix.roundIds.length;
  const size = bucketSize(roundCount, maxPoints);
  const base = agentIndex * roundCount;
  const mosValues = matrix.values.mos;
  const points: AgentMosPoint[] = [];
  for (let start = 0; start < roundCount; start += size) {
    const end = Math.min(start + size, roundCount);
    const firstRoundId = matrix.roundIds[start] ?? 0;
    let mos: number | null = null;
    let roundId = firstRoundId;
    let ceiling: number | null = null;
    for (let r = start; r < end; r++) {
      const cellMos = orNull(mosValues[base + r]);
      if (cellMos !== null && (mos === null || cellMos < mos)) {
        mos = cellMos;
        roundId = matrix.roundIds[r] ?? firstRoundId;
      }
      ceiling = maxOrNull(ceiling, orNull(matrix.codecMaxMos[base + r]));
    }
    points.push({ t: firstRoundId * 1000, roundId, mos, ceiling, rounds: end - start });
  }
  return points;
}

/**
 * The all-agents overview: median and 5th-percentile MOS per round against the ceiling.
 * Missing rounds (a hole in the summaries) become null points so the lines break there instead
 * of bridging the hole. Downsampled buckets keep the lowest median and p5 and the highest ceiling.
 */
export function overviewMosSeries(
  rounds: readonly RoundSummary[],
  maxPoints: number = MAX_CHART_POINTS,
): OverviewMosPoint[] {
  const sorted = [...rounds].sort((a, b) => a.roundId - b.roundId);
  const interval = smallestStep(sorted.map((r) => r.roundId));
  const filled: OverviewMosPoint[] = [];
  let previous: RoundSummary | undefined;
  for (const round of sorted) {
    if (
      previous !== undefined &&
      interval > 0 &&
      round.roundId - previous.roundId > interval * 1.5
    ) {
      const holeRoundId = previous.roundId + interval;
      filled.push(emptyOverviewPoint(holeRoundId));
    }
    filled.push({
      t: round.roundId * 1000,
      roundId: round.roundId,
      median: orNull(round.mosMedian),
      p5: orNull(round.mosP5),
      ceiling: orNull(round.codecMaxMos),
      agentsReporting: round.agentsReporting,
      rounds: 1,
    });
    previous = round;
  }
  const size = bucketSize(filled.length, maxPoints);
  if (size === 1) return filled;
  const points: OverviewMosPoint[] = [];
  for (let start = 0; start < filled.length; start += size) {
    const bucket = filled.slice(start, start + size);
    const first = bucket[0];
    if (first === undefined) continue;
    let median: number | null = null;
    let p5: number | null = null;
    let ceiling: number | null = null;
    let roundId = first.roundId;
    let agentsReporting = 0;
    for (const point of bucket) {
      if (point.median !== null && (median === null || point.median < median)) {
        median = point.median;
        roundId = point.roundId;
      }
      p5 = minOrNull(p5, point.p5);
      ceiling = maxOrNull(ceiling, point.ceiling);
      agentsReporting = Math.max(agentsReporting, point.agentsReporting);
    }
    points.push({
      t: first.t,
      roundId,
      median,
      p5,
      ceiling,
      agentsReporting,
      rounds: bucket.length,
    });
  }
  return points;
}

function emptyOverviewPoint(roundId: number): OverviewMosPoint {
  return {
    t: roundId * 1000,
    roundId,
    median: null,
    p5: null,
    ceiling: null,
    agentsReporting: 0,
    rounds: 1,
  };
}

function smallestStep(sortedIds: readonly number[]): number {
  let step = 0;
  for (let i = 1; i < sortedIds.length; i++) {
    const diff = (sortedIds[i] ?? 0) - (sortedIds[i - 1] ?? 0);
    if (diff > 0 && (step === 0 || diff < step)) step = diff;
  }
  return step;
}

/**
 * Agent indexes of the matrix, worst first: the largest mosHeadroom (furthest below its codec's
 * ceiling) leads; agents without a headroom go last, in name order.
 */
export function agentsByHeadroom(
  matrix: RoundsMatrix,
  summaries: readonly AgentSummary[],
): number[] {
  const headroomById = new Map<string, number>();
  for (const summary of summaries) {
    const headroom = summary.mosHeadroom;
    if (headroom !== undefined && !Number.isNaN(headroom)) {
      headroomById.set(summary.agentId, headroom);
    }
  }
  const order = matrix.agents.map((_, index) => index);
  order.sort((a, b) => {
    const agentA = matrix.agents[a];
    const agentB = matrix.agents[b];
    const headroomA = agentA ? headroomById.get(agentA.agentId) : undefined;
    const headroomB = agentB ? headroomById.get(agentB.agentId) : undefined;
    if (headroomA !== undefined && headroomB !== undefined && headroomA !== headroomB) {
      return headroomB - headroomA;
    }
    if (headroomA !== undefined && headroomB === undefined) return -1;
    if (headroomA === undefined && headroomB !== undefined) return 1;
    return (agentA?.agentName ?? '').localeCompare(agentB?.agentName ?? '');
  });
  return order;
}

/**
 * A y-axis domain: zoomed to the data in half-MOS steps, within the 1–5 scale, and always
 * including every ceiling passed in, so the codec maximum is never clipped off.
 */
export function mosDomain(values: Iterable<number | null | undefined>): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return domainFromExtent(low, high);
}

/** The domain of every MOS and ceiling in the matrix: one scale shared by all small multiples. */
export function matrixMosDomain(matrix: RoundsMatrix): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const column of [matrix.values.mos, matrix.codecMaxMos]) {
    for (let i = 0; i < column.length; i++) {
      const value = column[i] ?? Number.NaN;
      // NaN fails both comparisons, so "no value" never moves the domain.
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  return domainFromExtent(low, high);
}

function domainFromExtent(low: number, high: number): [number, number] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [1, 5];
  const lowEdge = Math.max(1, Math.floor((low - 0.05) * 2) / 2);
  const highEdge = Math.min(5, Math.ceil((high + 0.05) * 2) / 2);
  return [Math.min(lowEdge, 4.5), Math.max(highEdge, lowEdge + 0.5)];
}

const TICK_STEPS_SECONDS = [
  300,
  600,
  900,
  1800,
  3600,
  2 * 3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  86_400,
  2 * 86_400,
  7 * 86_400,
  14 * 86_400,
];

/**
 * Time-axis ticks at a round step (5 min … 2 weeks) so that at most `maxTicks` fall inside
 * [startMs, endMs]. Steps are aligned to UTC, which is also a whole-hour boundary in most zones.
 */
export function timeTicks(startMs: number, endMs: number, maxTicks: number): number[] {
  if (!(endMs > startMs) || maxTicks < 1) return Number.isFinite(startMs) ? [startMs] : [];
  const spanSeconds = (endMs - startMs) / 1000;
  const step =
    TICK_STEPS_SECONDS.find((candidate) => spanSeconds / candidate <= maxTicks) ??
    Math.ceil(spanSeconds / maxTicks / 86_400) * 86_400;
  const stepMs = step * 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil(startMs / stepMs) * stepMs; t <= endMs; t += stepMs) ticks.push(t);
  return ticks;
}

/** MOS-axis ticks: every half point on a zoomed axis, every point on a wide one. */
export function mosTicks([low, high]: [number, number]): number[] {
  const step = high - low <= 2 ? 0.5 : 1;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + 1e-9; value += step) {
    ticks.push(Math.round(value * 10) / 10);
  }
  return ticks;
}

/** Indexes of values with no value on either side: drawn as dots, since a line needs two points. */
export function isolatedIndexes<K extends string>(
  data: readonly Record<K, number | null>[],
  key: K,
): Set<number> {
  const lonely = new Set<number>();
  for (let i = 0; i < data.length; i++) {
    if ((data[i]?.[key] ?? null) === null) continue;
    if ((data[i - 1]?.[key] ?? null) === null && (data[i + 1]?.[key] ?? null) === null) {
      lonely.add(i);
    }
  }
  return lonely;
}

/** The point with the lowest MOS (the first when tied), or undefined when there is no value. */
export function lowestMosPoint(series: readonly AgentMosPoint[]): AgentMosPoint | undefined {
  let lowest: AgentMosPoint | undefined;
  for (const point of series) {
    if (point.mos !== null && (lowest === undefined || point.mos < (lowest.mos ?? Infinity))) {
      lowest = point;
    }
  }
  return lowest;
}
