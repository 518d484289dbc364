// compare=1d|1w: the same window a day or a week earlier, and how each agent changed since. Pure:
// the clock is an argument. The earlier window is an absolute range on the test's round grid, so
// it moves once a round (not once a render) and stays in the closed intervals already cached.
import type { AgentSummary, RoundSummary } from './model.ts';
import type { TimeRange } from '../../common/time-window.ts';

export const COMPARE_PERIODS = ['1d', '1w'] as const;
export type ComparePeriod = (typeof COMPARE_PERIODS)[number];

export const COMPARE_PERIOD_SECONDS: Record<ComparePeriod, number> = {
  '1d': 86_400,
  '1w': 604_800,
};

/** How the views name the earlier window: "+0.4 % loss vs last week". */
export const COMPARE_PERIOD_WORDS: Record<ComparePeriod, string> = {
  '1d': 'yesterday',
  '1w': 'last week',
};

/**
 * The window `period` before `range` at `nowMs`. A relative window ends at the last round
 * boundary (so the range, and its query, change once a round); a pinned one is shifted as it is.
 */
export function previousPeriodRange(
  range: TimeRange,
  period: ComparePeriod,
  nowMs: number,
  intervalSeconds: number,
): TimeRange {
  const shiftMs = COMPARE_PERIOD_SECONDS[period] * 1000;
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  const roundNowMs = Math.floor(nowMs / intervalMs) * intervalMs;
  const startMs =
    range.kind === 'relative' ? roundNowMs - range.windowSeconds * 1000 : range.fromMs;
  const endMs = range.kind === 'relative' ? roundNowMs : (range.toMs ?? roundNowMs);
  return { kind: 'absolute', fromMs: startMs - shiftMs, toMs: endMs - shiftMs };
}

/** The earlier window's rounds moved forward by the period, to sit under the current ones. */
export function shiftRoundSummaries(
  rounds: readonly RoundSummary[],
  period: ComparePeriod,
): RoundSummary[] {
  const shift = COMPARE_PERIOD_SECONDS[period];
  return rounds.map((round) => ({ ...round, roundId: round.roundId + shift }));
}

/** One agent now minus the same agent in the earlier window; undefined where either has none. */
export interface AgentChange {
  /** The agent reported in the earlier window at all. */
  inPrevious: boolean;
  mosMean: number | undefined;
  lossMean: number | undefined;
  latencyP50: number | undefined;
}

function difference(now: number | undefined, before: number | undefined): number | undefined {
  if (now === undefined || before === undefined) return undefined;
  if (Number.isNaN(now) || Number.isNaN(before)) return undefined;
  return now - before;
}

/** Every current agent's change, by agent id. */
export function compareAgents(
  current: readonly AgentSummary[],
  previous: readonly AgentSummary[],
): Map<string, AgentChange> {
  const before = new Map(previous.map((summary) => [summary.agentId, summary]));
  const changes = new Map<string, AgentChange>();
  for (const summary of current) {
    const earlier = before.get(summary.agentId);
    changes.set(summary.agentId, {
      inPrevious: earlier !== undefined,
      mosMean: difference(summary.mosMean, earlier?.mosMean),
      lossMean: difference(summary.lossMean, earlier?.lossMean),
      latencyP50: difference(summary.latencyP50, earlier?.latencyP50),
    });
  }
  return changes;
}

/** "+0.40", "−0.12", "±0.00": the sign always written (a minus sign, not a hyphen). */
function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return `${value > 0 ? '+' : '−'}${text}`;
}

/**
 * "MOS −0.12, +0.4 % loss, +12 ms latency vs last week"; a figure either window lacks is left out,
 * and an agent the earlier window did not have says so.
 */
export function describeAgentChange(
  change: AgentChange | undefined,
  period: ComparePeriod,
): string {
  const when = COMPARE_PERIOD_WORDS[period];
  if (!change || !change.inPrevious) return `not reporting ${when}`;
  const parts: string[] = [];
  if (change.mosMean !== undefined) parts.push(`MOS ${signed(change.mosMean, 2)}`);
  if (change.lossMean !== undefined) parts.push(`${signed(change.lossMean, 1)} % loss`);
  if (change.latencyP50 !== undefined) parts.push(`${signed(change.latencyP50, 0)} ms latency`);
  if (parts.length === 0) return `no figures to compare with ${when}`;
  return `${parts.join(', ')} vs ${when}`;
}
