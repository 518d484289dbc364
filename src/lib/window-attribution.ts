// Where the MOS went, as the views show it: one round's E-model attribution in words, and the
// dominant cause of an agent over the window (or over a stretch of it, as the wall's worst 10
// minutes). The model itself is common/e-model-attribution.ts; this module walks the rounds
// matrix to the rows, sums, and words the result. Pure: no DOM, no clock.
import {
  attributeRound,
  AttributionSums,
  dominantCause,
  type Attribution,
  type AttributionSummary,
  type Cause,
} from '../../common/e-model-attribution.ts';
import type { RoundResult, RoundsMatrix } from './model.ts';

export type DominantCause = Cause | 'none';

export interface AgentAttribution {
  agentId: string;
  /** Mean parts over the agent's attributable rounds (they add up to its mean gap). */
  summary: AttributionSummary;
  /** The part that cost the most; undefined when no round could be attributed. */
  dominant: DominantCause | undefined;
}

/** Short words for a cause: they fit beside an agent's name on the wall. */
export const CAUSE_WORDS: Record<DominantCause, string> = {
  loss: 'loss',
  delay: 'delay',
  discards: 'discards',
  unexplained: 'unexplained',
  none: 'no loss of note',
};

/** One round's attribution (the RoundResult carries the model's inputs under their names). */
export function attributeRoundResult(row: RoundResult): Attribution {
  return attributeRound(row);
}

/**
 * One agent's rounds from `fromRound` to `toRound` (indices into matrix.roundIds, inclusive; the
 * whole window by default), each attributed, then averaged: rounds with errors or missing metrics
 * are counted as unattributed, never guessed.
 */
export function attributeAgentRounds(
  matrix: RoundsMatrix,
  rows: readonly RoundResult[],
  agentIndex: number,
  fromRound = 0,
  toRound = matrix.roundIds.length - 1,
): AgentAttribution {
  const roundCount = matrix.roundIds.length;
  const base = agentIndex * roundCount;
  const sums = new AttributionSums();
  const last = Math.min(toRound, roundCount - 1);
  for (let column = Math.max(0, fromRound); column <= last; column++) {
    const rowIndex = matrix.rowIndex[base + column] ?? -1;
    const row = rowIndex >= 0 ? rows[rowIndex] : undefined;
    if (row) sums.addRound(row);
  }
  return agentAttribution(matrix.agents[agentIndex]?.agentId ?? '', sums);
}

/** Every agent of the window, by agent id. */
export function attributeAgents(
  matrix: RoundsMatrix,
  rows: readonly RoundResult[],
): Map<string, AgentAttribution> {
  const roundCount = matrix.roundIds.length;
  const sums = matrix.agents.map(() => new AttributionSums());
  // Round by round, agent by agent: the rows (in time order) are read about in the order they
  // sit in memory, which at a million rows is several times faster than agent by agent.
  for (let column = 0; column < roundCount; column++)
    addRoundOfEveryAgent(matrix, rows, sums, column);
  const byAgent = new Map<string, AgentAttribution>();
  matrix.agents.forEach((agent, agentIndex) => {
    byAgent.set(
      agent.agentId,
      agentAttribution(agent.agentId, sums[agentIndex] as AttributionSums),
    );
  });
  return byAgent;
}

/**
 * One round of every agent into its sums: a function of its own, not an inner loop (see
 * docs/architecture.md on hot loops).
 */
function addRoundOfEveryAgent(
  matrix: RoundsMatrix,
  rows: readonly RoundResult[],
  sums: readonly AttributionSums[],
  column: number,
): void {
  const roundCount = matrix.roundIds.length;
  for (let agentIndex = 0; agentIndex < sums.length; agentIndex++) {
    const rowIndex = matrix.rowIndex[agentIndex * roundCount + column] ?? -1;
    const row = rowIndex >= 0 ? rows[rowIndex] : undefined;
    if (row) (sums[agentIndex] as AttributionSums).addRound(row);
  }
}

function agentAttribution(agentId: string, sums: AttributionSums): AgentAttribution {
  const summary = sums.summary();
  return { agentId, summary, dominant: summary.attributed ? dominantCause(summary) : undefined };
}

function mos(value: number): string {
  return value.toFixed(2);
}

type Parts = Pick<Extract<Attribution, { attributed: true }>, Cause | 'gap'>;

/**
 * "1.10 below the codec's maximum: loss 0.70, delay 0.20, discards 0.20; not explained by the
 * model 0.00": the network's parts largest first, then the rest the model does not explain, always
 * shown (negative when the model says the round lost more than ThousandEyes reported).
 */
export function describeParts(parts: Parts): string {
  const network = (['loss', 'delay', 'discards'] as const)
    .map((cause) => ({ cause, value: parts[cause] }))
    .sort((a, b) => b.value - a.value)
    .map(({ cause, value }) => `${cause} ${mos(value)}`)
    .join(', ');
  const gap =
    parts.gap >= 0
      ? `${mos(parts.gap)} below the codec's maximum`
      : `${mos(-parts.gap)} above the codec's maximum`;
  return `${gap}: ${network}; not explained by the model ${mos(parts.unexplained)}`;
}

/** A round's attribution in one sentence, or "No attribution: <why>". */
export function describeRoundAttribution(attribution: Attribution): string {
  if (!attribution.attributed) return `No attribution: ${attribution.reason}`;
  return describeParts(attribution);
}

/** An agent's dominant cause in a few words: "loss", or "no attribution" when there is none. */
export function describeDominantCause(attribution: AgentAttribution | undefined): string {
  if (!attribution || attribution.dominant === undefined) return 'no attribution';
  return CAUSE_WORDS[attribution.dominant];
}

/** The same, with the figures behind it, for a title or a screen reader. */
export function describeAgentAttribution(attribution: AgentAttribution | undefined): string {
  if (!attribution) return 'No attribution: no rounds';
  const { summary } = attribution;
  if (!summary.attributed) return `No attribution: ${summary.reason}`;
  const rounds =
    summary.unattributedRounds > 0
      ? ` (mean of ${summary.attributedRounds} rounds; ${summary.unattributedRounds} not attributable)`
      : ` (mean of ${summary.attributedRounds} rounds)`;
  return `${describeParts(summary)}${rounds}`;
}
