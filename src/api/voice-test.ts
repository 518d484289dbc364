// One voice test: v7 /tests/voice/{id}, v6 /tests/{id}.json (an array of one).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { adaptVoiceTest } from './adapters/shared.ts';
import { ApiError, apiClient, type ApiClient } from './fetch-client.ts';
import { aidQuery, requireId } from './ids.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { VoiceTest } from '../lib/model.ts';
import { apiRetryOptions } from './query-client.ts';
import { parseBody } from './schemas/parse.ts';
import { v6TestsSchema } from './schemas/v6.ts';
import { v7VoiceTestSchema } from './schemas/v7.ts';

export interface VoiceTestParams {
  apiVersion: ApiVersion;
  aid: string | undefined;
  testId: string;
}

export async function fetchVoiceTest(
  { apiVersion, aid, testId }: VoiceTestParams,
  options: { signal?: AbortSignal; client?: ApiClient } = {},
): Promise<VoiceTest> {
  const { signal, client = apiClient } = options;
  const base =
    apiVersion === 'v7'
      ? `/api/v7/tests/voice/${requireId('test id', testId, '/api/v7/tests/voice')}`
      : `/api/v6/tests/${requireId('test id', testId, '/api/v6/tests')}.json`;
  const query = aidQuery(aid, base);
  const path = query === '' ? base : `${base}?${query}`;
  const body = await client.getJson(path, signal);
  const test =
    apiVersion === 'v7'
      ? adaptVoiceTest(parseBody(v7VoiceTestSchema, body, path))
      : (() => {
          const [only] = parseBody(v6TestsSchema, body, path).test;
          if (only === undefined) {
            throw new ApiError({
              kind: 'not-found',
              path,
              detail: `no test ${testId} in the answer`,
            });
          }
          if (only.type !== undefined && only.type !== 'voice') {
            throw new ApiError({
              kind: 'not-found',
              path,
              detail: `test ${testId} is a ${only.type} test, not a voice test`,
            });
          }
          return adaptVoiceTest(only);
        })();
  if (test.testId !== testId) {
    throw new ApiError({
      kind: 'invalid-response',
      path,
      detail: `asked for test ${testId}, got test ${test.testId}`,
    });
  }
  return test;
}

export function voiceTestQueryOptions({ apiVersion, aid, testId }: VoiceTestParams) {
  return queryOptions({
    queryKey: ['voice-tests', apiVersion, { aid: aid ?? null }, testId] as const,
    queryFn: ({ signal }) => fetchVoiceTest({ apiVersion, aid, testId }, { signal }),
    staleTime: 5 * 60_000,
    ...apiRetryOptions,
  });
}

export function useVoiceTest(params: VoiceTestParams) {
  return useQuery(voiceTestQueryOptions(params));
}
