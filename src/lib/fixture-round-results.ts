// Test support: one voice result row with every field set (a healthy G.711 round from agent 1),
// so that a test names only the fields it is about.
import type { RoundResult } from './model.ts';

export function resultRow(
  overrides: Partial<RoundResult> & Pick<RoundResult, 'roundId'>,
): RoundResult {
  return {
    agentId: '1',
    agentName: 'alpha',
    countryId: 'US',
    dateMs: overrides.roundId * 1000,
    permalink: undefined,
    permalinkText: undefined,
    dscp: '46',
    dscpName: 'EF',
    mos: 4,
    codecName: 'G.711 @ 64 Kbps',
    codecMaxMos: 4.41,
    loss: 0,
    discards: 0,
    latency: 20,
    pdv: 1,
    errorDetail: '',
    serverIp: undefined,
    ...overrides,
  };
}
