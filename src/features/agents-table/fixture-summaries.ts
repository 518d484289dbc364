// Agent summaries for the tests of this feature.
import type { AgentSummary } from '../../lib/model.ts';

export function summary(overrides: Partial<AgentSummary> & { agentId: string }): AgentSummary {
  return {
    agentName: `Agent ${overrides.agentId}`,
    countryId: 'US',
    roundsReported: 12,
    errorRounds: 0,
    mosMean: 4.2,
    mosMin: 4.0,
    mosP5: 4.05,
    codecMaxMos: 4.41,
    mosHeadroom: 0.21,
    lossMean: 0.1,
    lossMax: 0.5,
    latencyP50: 40,
    latencyP95: 60,
    pdvMean: 2,
    ...overrides,
  };
}
