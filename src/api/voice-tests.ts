// Voice (RTP stream) tests: the list of an account group (v7 /tests/voice, v6 /tests/voice.json)
// and one test by id (v7 /tests/voice/{id}, v6 /tests/{id}.json, an array of one).
import { queryOptions, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { adaptVoiceTest } from './adapters/voice-test.ts';
import { ApiError, apiClient, type ApiClient } from './fetch-client.ts';
import { aidQuery, requireId } from './ids.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { VoiceTest } from '../lib/model.ts';
import { apiRetryOptions } from './query-client.ts';
import { parseBody } from './schemas/parse.ts';
import { v6TestsSchema } from './schemas/v6.ts';
import { v7VoiceTestSchema, v7VoiceTestsSchema } from './schemas/v7.ts';

export interface VoiceTestsParams {
  apiVersion: ApiVersion;
  /** undefined = the token's default account group. */
  aid: string | undefined;
}

function withQuery(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}

/**
 * The voice tests of an account group, and how many tests ThousandEyes returned that could not be
 * read (and so are not listed): a list never drops a test without saying so.
 */
export interface VoiceTestList {
  tests: VoiceTest[];
  unreadable: number;
}

/**
 * Each test of a v7 list on its own: the spec makes nearly every field optional, so a test the
 * dashboard cannot open (no id, or no interval to align rounds on) is left out and counted rather
 * than failing every other test with it. A test with no name is named by its id (adaptVoiceTest);
 * a test of another type is not a voice test, so it is neither listed nor counted.
 */
export function readV7VoiceTestList(items: readonly unknown[]): VoiceTestList {
  const tests: VoiceTest[] = [];
  let unreadable = 0;
  for (const item of items) {
    const parsed = z.safeParse(v7VoiceTestSchema, item);
    if (!parsed.success) {
      unreadable += 1;
      continue;
    }
    if (parsed.data.type !== undefined && parsed.data.type !== 'voice') continue;
    tests.push(adaptVoiceTest(parsed.data));
  }
  return { tests, unreadable };
}

/** "1 test ThousandEyes returned could not be read and is not listed", or undefined when none. */
export function describeUnreadableTests(unreadable: number): string | undefined {
  if (unreadable <= 0) return undefined;
  return unreadable === 1
    ? '1 test ThousandEyes returned could not be read and is not listed'
    : `${unreadable.toLocaleString('en-US')} tests ThousandEyes returned could not be read and are not listed`;
}

/** Voice tests sorted by name, so every list and wall shows them in one order. */
export async function fetchVoiceTests(
  { apiVersion, aid }: VoiceTestsParams,
  options: { signal?: AbortSignal; client?: ApiClient } = {},
): Promise<VoiceTestList> {
  const { signal, client = apiClient } = options;
  let tests: VoiceTest[];
  let unreadable = 0;
  if (apiVersion === 'v7') {
    const base = '/api/v7/tests/voice';
    const path = withQuery(base, aidQuery(aid, base));
    const body = parseBody(v7VoiceTestsSchema, await client.getJson(path, signal), path);
    ({ tests, unreadable } = readV7VoiceTestList(body.tests ?? []));
  } else {
    const base = '/api/v6/tests/voice.json';
    const path = withQuery(base, aidQuery(aid, base));
    tests = parseBody(v6TestsSchema, await client.getJson(path, signal), path)
      .test.filter((test) => test.type === undefined || test.type === 'voice')
      .map(adaptVoiceTest);
  }
  tests.sort((a, b) => a.testName.localeCompare(b.testName) || a.testId.localeCompare(b.testId));
  return { tests, unreadable };
}

export function voiceTestsQueryOptions({ apiVersion, aid }: VoiceTestsParams) {
  return queryOptions({
    queryKey: ['voice-tests', apiVersion, { aid: aid ?? null }] as const,
    queryFn: ({ signal }) => fetchVoiceTests({ apiVersion, aid }, { signal }),
    staleTime: 5 * 60_000,
    ...apiRetryOptions,
  });
}

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
    // A failure in the cache has had its retries (transient) or is final (a 4xx): a page that
    // mounts on it shows it rather than asking again. The early requests may have asked before the
    // test page mounted, and a page load asks upstream for its test once. The cost: back on the
    // test within 5 minutes (gcTime) of a failure shows it again; focus or a reload asks again.
    retryOnMount: false,
    ...apiRetryOptions,
  });
}

export function useVoiceTest(params: VoiceTestParams) {
  return useQuery(voiceTestQueryOptions(params));
}
