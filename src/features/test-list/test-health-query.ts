// The test list's health column: one query per test, its latest round, kept for a round interval.
import { queryOptions } from '@tanstack/react-query';
import type { ApiVersion } from '../../../common/earshot-config.ts';
import type { VoiceTest } from '../../lib/model.ts';
import { apiRetryOptions } from '../../api/query-client.ts';
import { now } from '../../lib/clock.ts';

export interface TestHealthParams {
  apiVersion: ApiVersion;
  aid: string | undefined;
  test: Pick<VoiceTest, 'testId' | 'intervalSeconds'>;
}

/**
 * What is asked is "the latest round of this test", never when: the key holds no time, and the
 * answer stays fresh for one round interval (a new round can only change it once a round).
 * Upstream cost: one results call per listed test per interval while the list is open.
 */
export function testHealthQueryOptions({ apiVersion, aid, test }: TestHealthParams) {
  return queryOptions({
    queryKey: [
      'test-health',
      apiVersion,
      { aid: aid ?? null },
      test.testId,
      { intervalSeconds: test.intervalSeconds },
    ] as const,
    queryFn: async ({ signal }) => {
      const { fetchLatestRoundHealth } = await import('./latest-round-health.ts');
      return fetchLatestRoundHealth(
        { apiVersion, aid, testId: test.testId },
        test.intervalSeconds,
        now(),
        signal,
      );
    },
    staleTime: test.intervalSeconds * 1000,
    ...apiRetryOptions,
  });
}
