import { describe, expect, it } from 'vitest';
import { mergeRoundRows } from './live-edge.ts';
import type { RoundResult } from '../lib/model.ts';

function row(agentId: string, roundId: number, mos: number): RoundResult {
  return { agentId, roundId, mos } as RoundResult;
}

describe('mergeRoundRows', () => {
  it('replaces a kept (agent, round) with the later answer, adds late rows, keeps time order', () => {
    const kept = [row('a', 60, 4), row('b', 60, 4), row('a', 120, 3), row('b', 120, 3)];
    const fresh = [row('a', 120, 3.5), row('b', 120, 3), row('c', 120, 2), row('a', 180, 4)];
    const merged = mergeRoundRows(kept, fresh, 120);
    expect(merged.map((r) => `${r.agentId}@${r.roundId}=${r.mos}`)).toEqual([
      'a@60=4',
      'b@60=4',
      'a@120=3.5',
      'b@120=3',
      'c@120=2',
      'a@180=4',
    ]);
  });

  it('leaves rounds before the increment alone, even if the answer repeats one', () => {
    const kept = [row('a', 60, 4), row('a', 120, 3)];
    const merged = mergeRoundRows(kept, [row('a', 60, 1), row('a', 120, 2)], 120);
    expect(merged.map((r) => r.mos)).toEqual([4, 2]);
  });
});
