import { describe, expect, it } from 'vitest';
import { everyNthRowLabel, labelledRows } from './heatmap-agent-labels.tsx';

const agents = ['Berlin', 'Cairo', 'Lima', 'Oslo', 'Perth'].map((agentName, i) => ({
  agentId: String(i),
  agentName,
  countryId: 'EG',
}));

describe('agent labels', () => {
  it('labels every n-th row, centred on its box when the row is thinner than a label', () => {
    expect(everyNthRowLabel(5, 2, 4, 12)).toEqual([
      { position: 0, centrePx: 6 },
      { position: 2, centrePx: 14 },
      { position: 4, centrePx: 22 },
    ]);
    expect(everyNthRowLabel(2, 1, 20, 12)).toEqual([
      { position: 0, centrePx: 10 },
      { position: 1, centrePx: 30 },
    ]);
  });

  it("names a saved picture's rows in the order shown, with the caller's label", () => {
    expect(labelledRows([4, 3, 2, 1, 0], agents, 2, 10, undefined)).toEqual([
      { label: 'Perth', y: 5 },
      { label: 'Lima', y: 25 },
      { label: 'Berlin', y: 45 },
    ]);
    expect(
      labelledRows([1], agents, 1, 8, (agent) => `${agent.agentName} (${agent.countryId})`),
    ).toEqual([{ label: 'Cairo (EG)', y: 4 }]);
  });
});
