// Voice tests for the tests of this feature.
import type { VoiceTest } from '../../lib/model.ts';

export function voiceTest(overrides: Partial<VoiceTest> & { testId: string }): VoiceTest {
  return {
    testName: `Test ${overrides.testId}`,
    intervalSeconds: 300,
    enabled: true,
    alertsEnabled: true,
    codec: 'G.711 @ 64 Kbps',
    codecId: '0',
    dscp: 'EF (DSCP 46)',
    dscpId: '46',
    jitterBufferMs: 40,
    durationSeconds: 5,
    server: 'sip.example.net:5060',
    targetAgentId: undefined,
    ...overrides,
  };
}
