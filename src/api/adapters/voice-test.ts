// A voice test in either version → the internal model. Apart from the result-row adapters so that
// the test list, the first page, loads none of those.
import type { VoiceTest } from '../../lib/model.ts';
import type { V6Test } from '../schemas/v6.ts';
import type { V7VoiceTest } from '../schemas/v7.ts';

/** A voice test in either version: the schemas already normalise ids, flags and names. */
export function adaptVoiceTest(test: V6Test | V7VoiceTest): VoiceTest {
  return {
    testId: test.testId,
    // The spec makes testName optional: a test without one is called by its id.
    testName:
      test.testName === undefined || test.testName.trim() === ''
        ? `Test ${test.testId}`
        : test.testName,
    intervalSeconds: test.interval,
    enabled: test.enabled,
    alertsEnabled: test.alertsEnabled,
    codec: test.codec ?? '',
    codecId: test.codecId ?? '',
    dscp: test.dscp ?? '',
    dscpId: test.dscpId ?? '',
    jitterBufferMs: test.jitterBuffer,
    durationSeconds: test.duration,
    server: test.server,
    targetAgentId: test.targetAgentId,
    port: 'port' in test ? test.port : undefined,
  };
}
