// How good a voice test was over its window, judged by its worst sustained stretch, not its mean.
//
// Why a sustained stretch: a mean over a day hides an hour-long outage (an hour near MOS 2.5 in a
// day near the ceiling moves the mean by ~0.08), and a low percentile hides it too once the
// outage is shorter than the percentile's share of the window (p5 of a day misses anything under
// 72 minutes). A single bad round, on the other hand, is noise a NOC should not be paged for. So
// an agent's grade is the worst level it held for SUSTAINED_MINUTES in a row (at least two rounds,
// never more rounds than the window has): "poor" means it sat in the poor band for ten minutes or
// more at some point in the window. Rounds without a MOS (no row, or an error) neither break nor
// extend a stretch. Pure: no DOM, no clock.
import { CELL_VALUE, type RoundsMatrix } from './model.ts';
import type { GradeMode } from './grade-mode.ts';
import { DEFAULT_CODEC_MAX_MOS, type Health } from './palettes.ts';

/** How long an agent must stay in a band for the band to count. */
export const SUSTAINED_MINUTES = 10;

/**
 * Headroom below the codec's ceiling (codecMaxMos − MOS), as the MOS palette colours it: under
 * 0.25 good, 0.25 to 1 fair, 1 or more poor (palettes.ts; a test keeps the two in step).
 */
export const HEADROOM_BANDS = { fairFrom: 0.25, poorFrom: 1 } as const;
/** Absolute MOS, as commonly used in the field: 4.0 or more good, 3.6 to 4.0 fair, under 3.6 poor. */
export const MOS_BANDS = { goodFrom: 4, fairFrom: 3.6 } as const;

const HEALTH_RANK: Record<Health, number> = { good: 0, fair: 1, poor: 2 };

export function healthRank(health: Health | undefined): number {
  return health === undefined ? -1 : HEALTH_RANK[health];
}

/** "Higher is worse" for one round: headroom below the ceiling, or minus the MOS. */
export function roundBadness(mode: GradeMode, mos: number, codecMaxMos: number): number {
  if (mode === 'mos') return -mos;
  const ceiling = Number.isNaN(codecMaxMos) ? DEFAULT_CODEC_MAX_MOS : codecMaxMos;
  return ceiling - mos;
}

export function healthOfBadness(mode: GradeMode, badness: number): Health {
  if (mode === 'mos') {
    const mos = -badness;
    if (mos >= MOS_BANDS.goodFrom) return 'good';
    return mos >= MOS_BANDS.fairFrom ? 'fair' : 'poor';
  }
  if (badness >= HEADROOM_BANDS.poorFrom) return 'poor';
  return badness >= HEADROOM_BANDS.fairFrom ? 'fair' : 'good';
}

/** The bands in words, for the wall: "good < 0.25 below max · fair 0.25–1 · poor ≥ 1 below max". */
export function describeBands(mode: GradeMode): string {
  if (mode === 'mos') {
    return `MOS: good ≥ ${MOS_BANDS.goodFrom.toFixed(1)} · fair ${MOS_BANDS.fairFrom.toFixed(1)}–${MOS_BANDS.goodFrom.toFixed(1)} · poor < ${MOS_BANDS.fairFrom.toFixed(1)}`;
  }
  return `MOS below codec max: good < ${HEADROOM_BANDS.fairFrom} · fair ${HEADROOM_BANDS.fairFrom}–${HEADROOM_BANDS.poorFrom} · poor ≥ ${HEADROOM_BANDS.poorFrom}`;
}

/** Rounds in a row that make a stretch sustained: SUSTAINED_MINUTES, at least 2, at most all. */
export function sustainedRounds(intervalSeconds: number, roundCount: number): number {
  const wanted = Math.max(2, Math.ceil((SUSTAINED_MINUTES * 60) / Math.max(1, intervalSeconds)));
  return Math.max(1, Math.min(wanted, roundCount));
}

export interface AgentGrade {
  agentIndex: number;
  agentId: string;
  agentName: string;
  /** Undefined when the agent has fewer MOS rounds than a sustained stretch needs. */
  health: Health | undefined;
  /** The worst level held throughout some sustained stretch (higher is worse). */
  sustainedBadness: number | undefined;
  /** The stretch that set the grade (indices into matrix.roundIds, inclusive), and its means. */
  worstStretch: StretchFigures | undefined;
  /** Rounds with an error row: an agent with only errors has no grade but is not fine. */
  errorRounds: number;
}

export interface StretchFigures {
  fromRound: number;
  toRound: number;
  /** The mean badness over the stretch: what orders agents within a band (see worstFirstOrder). */
  badnessMean: number;
  mosMean: number;
  lossMean: number | undefined;
  latencyMean: number | undefined;
}

/** One agent's MOS rounds, compacted: column and badness of every round with a MOS value. */
function agentSeries(matrix: RoundsMatrix, agentIndex: number, mode: GradeMode) {
  const roundCount = matrix.roundIds.length;
  const columns = new Int32Array(roundCount);
  const badness = new Float64Array(roundCount);
  let count = 0;
  let errorRounds = 0;
  const base = agentIndex * roundCount;
  for (let column = 0; column < roundCount; column++) {
    const cell = base + column;
    const state = matrix.cellState[cell];
    if (state !== CELL_VALUE) {
      if (state !== 0) errorRounds++;
      continue;
    }
    const mos = matrix.values.mos[cell] as number;
    if (Number.isNaN(mos)) continue;
    columns[count] = column;
    badness[count] = roundBadness(mode, mos, matrix.codecMaxMos[cell] as number);
    count++;
  }
  return { columns: columns.subarray(0, count), badness: badness.subarray(0, count), errorRounds };
}

function meanOver(
  values: Float32Array,
  base: number,
  columns: Int32Array,
  from: number,
  to: number,
): number | undefined {
  let sum = 0;
  let n = 0;
  for (let i = from; i <= to; i++) {
    const value = values[base + (columns[i] as number)] as number;
    if (Number.isNaN(value)) continue;
    sum += value;
    n++;
  }
  return n > 0 ? sum / n : undefined;
}

/**
 * The worst level held for `length` MOS rounds in a row: the largest, over every run of `length`
 * consecutive values, of the run's smallest badness (a sliding minimum, O(n)). With its run.
 */
export function worstSustained(
  badness: ArrayLike<number>,
  length: number,
): { level: number; from: number; to: number } | undefined {
  const n = badness.length;
  if (length < 1 || n < length) return undefined;
  const deque = new Int32Array(n); // indices with increasing badness: the front is the minimum
  let head = 0;
  let tail = 0;
  let best: { level: number; from: number; to: number } | undefined;
  for (let i = 0; i < n; i++) {
    const value = badness[i] as number;
    while (tail > head && (badness[deque[tail - 1] as number] as number) >= value) tail--;
    deque[tail++] = i;
    if ((deque[head] as number) <= i - length) head++;
    if (i < length - 1) continue;
    const level = badness[deque[head] as number] as number;
    // Ties go to the later run: the figures then describe the most recent bad stretch.
    if (best === undefined || level >= best.level) best = { level, from: i - length + 1, to: i };
  }
  return best;
}

/** Every agent's grade over the window, in the matrix's agent order. */
export function gradeAgents(matrix: RoundsMatrix, mode: GradeMode): AgentGrade[] {
  const roundCount = matrix.roundIds.length;
  const length = sustainedRounds(matrix.intervalSeconds, roundCount);
  return matrix.agents.map((agent, agentIndex) => {
    const series = agentSeries(matrix, agentIndex, mode);
    const worst = worstSustained(series.badness, length);
    const base = agentIndex * roundCount;
    let badnessSum = 0;
    if (worst) for (let i = worst.from; i <= worst.to; i++) badnessSum += series.badness[i]!;
    const worstStretch: StretchFigures | undefined = worst && {
      fromRound: series.columns[worst.from] as number,
      toRound: series.columns[worst.to] as number,
      badnessMean: badnessSum / (worst.to - worst.from + 1),
      mosMean: meanOver(matrix.values.mos, base, series.columns, worst.from, worst.to) as number,
      lossMean: meanOver(matrix.values.loss, base, series.columns, worst.from, worst.to),
      latencyMean: meanOver(matrix.values.latency, base, series.columns, worst.from, worst.to),
    };
    return {
      agentIndex,
      agentId: agent.agentId,
      agentName: agent.agentName,
      health: worst ? healthOfBadness(mode, worst.level) : undefined,
      sustainedBadness: worst?.level,
      worstStretch,
      errorRounds: series.errorRounds,
    };
  });
}

/** Where an agent goes on the wall: poor, fair, errors only, good, nothing at all. */
function placeOf(grade: AgentGrade): number {
  if (grade.health === 'poor') return 0;
  if (grade.health === 'fair') return 1;
  if (grade.health === undefined && grade.errorRounds > 0) return 2;
  if (grade.health === 'good') return 3;
  return 4;
}

/**
 * Agent indices worst first: by band, then by the mean of the stretch that set the band (the MOS
 * the wall shows beside the name, so the named list reads in order), then name.
 */
export function worstFirstOrder(grades: readonly AgentGrade[]): number[] {
  return [...grades]
    .sort(
      (a, b) =>
        placeOf(a) - placeOf(b) ||
        (b.worstStretch?.badnessMean ?? -Infinity) - (a.worstStretch?.badnessMean ?? -Infinity) ||
        (b.sustainedBadness ?? -Infinity) - (a.sustainedBadness ?? -Infinity) ||
        b.errorRounds - a.errorRounds ||
        (a.agentName < b.agentName ? -1 : a.agentName > b.agentName ? 1 : 0) ||
        a.agentIndex - b.agentIndex,
    )
    .map((grade) => grade.agentIndex);
}

export interface TroubleStretch {
  health: Health;
  /** Epoch seconds of the first round of the bad stretch. */
  sinceRoundId: number;
  /** Epoch seconds of its last round when it has ended (the agents recovered); else undefined. */
  endedRoundId: number | undefined;
  /** The stretch starts at the window's first round: it may have begun before the window. */
  fromWindowStart: boolean;
}

/**
 * Since when a test has been in its state: among the agents graded at the test's (worst) grade,
 * the latest sustained stretch at that grade or worse of each. If any of them still runs (it
 * reaches the agent's latest MOS round), the earliest start of those; else the stretch that ended
 * last, with its end. Undefined for a good test or one with no grade.
 */
export function troubleSince(
  matrix: RoundsMatrix,
  mode: GradeMode,
  grades: readonly AgentGrade[] = gradeAgents(matrix, mode),
): TroubleStretch | undefined {
  let health: Health | undefined;
  for (const grade of grades) {
    if (healthRank(grade.health) > healthRank(health)) health = grade.health;
  }
  if (health === undefined || health === 'good') return undefined;
  const level = HEALTH_RANK[health];
  const length = sustainedRounds(matrix.intervalSeconds, matrix.roundIds.length);
  let ongoingFrom: number | undefined;
  let ended: { from: number; to: number } | undefined;
  for (const grade of grades) {
    if (grade.health !== health) continue;
    const { columns, badness } = agentSeries(matrix, grade.agentIndex, mode);
    // Walk back from the latest MOS round to the latest run at this level that is long enough.
    let to = badness.length - 1;
    while (to >= 0) {
      while (to >= 0 && HEALTH_RANK[healthOfBadness(mode, badness[to] as number)] < level) to--;
      let from = to;
      while (from > 0 && HEALTH_RANK[healthOfBadness(mode, badness[from - 1] as number)] >= level) {
        from--;
      }
      if (to >= 0 && to - from + 1 >= length) {
        const run = { from: columns[from] as number, to: columns[to] as number };
        if (to === badness.length - 1) {
          ongoingFrom = Math.min(ongoingFrom ?? run.from, run.from);
        } else if (ended === undefined || run.to > ended.to) {
          ended = run;
        }
        break;
      }
      to = from - 1;
    }
  }
  const roundId = (column: number) => matrix.roundIds[column] as number;
  if (ongoingFrom !== undefined) {
    return {
      health,
      sinceRoundId: roundId(ongoingFrom),
      endedRoundId: undefined,
      fromWindowStart: ongoingFrom === 0,
    };
  }
  if (ended === undefined) return undefined;
  return {
    health,
    sinceRoundId: roundId(ended.from),
    endedRoundId: roundId(ended.to),
    fromWindowStart: ended.from === 0,
  };
}
