import { describe, expect, it } from 'vitest';
import { attributeRound, summariseAttributions } from '../../common/e-model-attribution.ts';
import type { RoundResult } from './model.ts';
import { resultRow } from './fixture-round-results.ts';
import { buildRoundsMatrix } from './rounds-matrix.ts';
import {
  attributeAgentRounds,
  attributeAgents,
  describeAgentAttribution,
  describeDominantCause,
  describeParts,
  describeRoundAttribution,
} from './window-attribution.ts';

const T0 = 1_700_000_000 - (1_700_000_000 % 300);

function row(overrides: Partial<RoundResult>): RoundResult {
  return resultRow({ roundId: T0, dateMs: T0 * 1000, mos: 4.35, latency: 100, ...overrides });
}

const window = { startMs: T0 * 1000, endMs: (T0 + 900) * 1000, intervalSeconds: 300 };

describe('describeRoundAttribution', () => {
  it('words the split, largest network part first, with the unexplained rest shown', () => {
    expect(
      describeParts({ gap: 1.1, loss: 0.7, delay: 0.2, discards: 0.15, unexplained: 0.05 }),
    ).toBe(
      "1.10 below the codec's maximum: loss 0.70, delay 0.20, discards 0.15; not explained by the model 0.05",
    );
  });

  it('says "no attribution" and why for a round with an error or a missing metric', () => {
    expect(describeRoundAttribution(attributeRound(row({ errorDetail: 'No route' })))).toBe(
      'No attribution: the round has an error: No route',
    );
    expect(describeRoundAttribution(attributeRound(row({ latency: undefined })))).toBe(
      'No attribution: no latency for this round',
    );
  });

  it('puts a lossy round’s gap mostly on loss, and its parts add up to the gap', () => {
    const attribution = attributeRound(row({ mos: 3.87, loss: 5, latency: 40 }));
    if (!attribution.attributed) throw new Error(attribution.reason);
    const text = describeRoundAttribution(attribution);
    expect(text).toMatch(/^0\.54 below the codec's maximum: loss /);
    expect(attribution.loss).toBeGreaterThan(attribution.delay + attribution.discards);
    const sum =
      attribution.loss + attribution.delay + attribution.discards + attribution.unexplained;
    expect(sum).toBeCloseTo(attribution.gap, 12);
  });
});

describe('attributeAgentRounds', () => {
  const rows = [
    // Agent 1: lossy every round but one, which failed.
    row({ roundId: T0, dateMs: T0 * 1000, mos: 3.88, loss: 5, latency: 30 }),
    row({ roundId: T0 + 300, errorDetail: 'Connection refused', mos: undefined }),
    row({ roundId: T0 + 600, mos: 3.99, loss: 4, latency: 30 }),
    // Agent 2: far away, no loss.
    row({
      agentId: '2',
      agentName: 'beta',
      roundId: T0,
      dateMs: T0 * 1000,
      mos: 3.61,
      latency: 320,
    }),
    row({ agentId: '2', agentName: 'beta', roundId: T0 + 300, mos: 3.56, latency: 330 }),
    // Agent 3: errors only.
    row({ agentId: '3', agentName: 'gamma', errorDetail: 'Timeout', mos: undefined }),
  ];
  const matrix = buildRoundsMatrix(rows, window);

  it('names loss for a lossy agent, delay for a distant one, none for an agent with only errors', () => {
    const byAgent = attributeAgents(matrix, rows);
    expect(byAgent.get('1')?.dominant).toBe('loss');
    expect(byAgent.get('2')?.dominant).toBe('delay');
    expect(byAgent.get('3')?.dominant).toBeUndefined();
    expect(describeDominantCause(byAgent.get('1'))).toBe('loss');
    expect(describeDominantCause(byAgent.get('3'))).toBe('no attribution');
    expect(describeAgentAttribution(byAgent.get('3'))).toBe(
      'No attribution: none of the 1 rounds could be attributed',
    );
  });

  it('averages the attributable rounds and counts the rest, the parts adding up to the mean gap', () => {
    const agent = attributeAgents(matrix, rows).get('1');
    if (!agent?.summary.attributed) throw new Error('agent 1 not attributed');
    const { summary } = agent;
    expect(summary.attributedRounds).toBe(2);
    expect(summary.unattributedRounds).toBe(1);
    expect(summary.gap).toBeCloseTo((4.41 - 3.88 + (4.41 - 3.99)) / 2, 12);
    expect(summary.loss + summary.delay + summary.discards + summary.unexplained).toBeCloseTo(
      summary.gap,
      12,
    );
    expect(describeAgentAttribution(agent)).toMatch(
      /^0\.48 below the codec's maximum: loss .*\(mean of 2 rounds; 1 not attributable\)$/,
    );
  });

  it('attributes only the stretch asked for', () => {
    const lastRound = attributeAgentRounds(matrix, rows, 0, 2, 2);
    expect(lastRound.summary.attributed && lastRound.summary.attributedRounds).toBe(1);
    expect(lastRound.summary.attributed && lastRound.summary.gap).toBeCloseTo(4.41 - 3.99, 12);
    const failedRound = attributeAgentRounds(matrix, rows, 0, 1, 1);
    expect(failedRound.dominant).toBeUndefined();
  });

  it('walks a window round by round to the same result as each agent’s rounds in turn', () => {
    // 7 agents × 12 rounds, with gaps, errors and missing metrics, rows in time order.
    const many: RoundResult[] = [];
    for (let round = 0; round < 12; round++) {
      for (let agent = 0; agent < 7; agent++) {
        if ((round * 7 + agent) % 11 === 0) continue; // no row
        const failed = (round + agent) % 9 === 0;
        many.push(
          row({
            agentId: String(agent + 1),
            roundId: T0 + round * 300,
            dateMs: (T0 + round * 300) * 1000,
            mos: failed ? undefined : 3 + ((round * agent) % 13) / 10,
            loss: (agent * round) % 5,
            discards: agent % 3 === 0 ? undefined : (round % 4) / 2,
            latency: 20 + agent * 40 + round,
            errorDetail: failed ? 'Timeout' : '',
          }),
        );
      }
    }
    const wide = buildRoundsMatrix(many, { ...window, endMs: (T0 + 12 * 300) * 1000 });
    const byAgent = attributeAgents(wide, many);
    expect(byAgent.size).toBe(7);
    wide.agents.forEach((agent, agentIndex) => {
      const expected = summariseAttributions(
        many.filter((r) => r.agentId === agent.agentId).map((r) => attributeRound(r)),
      );
      expect(byAgent.get(agent.agentId)?.summary).toEqual(expected);
      expect(attributeAgentRounds(wide, many, agentIndex).summary).toEqual(expected);
    });
  });

  it('names no cause when the agent sits at its ceiling', () => {
    const calm = [row({ mos: 4.41, latency: 1 })];
    const agent = attributeAgents(buildRoundsMatrix(calm, window), calm).get('1');
    expect(agent?.dominant).toBe('none');
    expect(describeDominantCause(agent)).toBe('no loss of note');
  });
});
