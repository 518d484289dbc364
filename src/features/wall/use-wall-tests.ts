// Which tests a wall shows: every enabled voice test of the account group, or the ones `tests=`
// names (each with its own account group), read from one test list per account group; and the
// named ones that are not voice tests of their group.
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ApiVersion } from '../../../common/earshot-config.ts';
import { voiceTestsQueryOptions, type VoiceTestList } from '../../api/voice-tests.ts';
import type { VoiceTest } from '../../lib/model.ts';
import type { WallTestRef, WallUrlState } from '../../lib/wall-url-state.ts';
import { TEST_LIST_REFRESH_MS } from './request-budget.ts';

/** A test of the wall with the account group it is asked in. */
export type WallTest = VoiceTest & { aid: string | undefined };

export interface WallTests {
  shown: WallTest[];
  /** Named tests that are not voice tests of their account group, as the URL wrote them. */
  missing: string[];
  /** Every account group's list has arrived. */
  listsLoaded: boolean;
  /** The first test list that failed, if any. */
  listError: Error | null;
}

/** How the URL names a test: `7001` for one of `aid`, `1234:7002` for another group's. */
export function refLabel(ref: WallTestRef, urlAid: string | undefined): string {
  return ref.aid === urlAid ? ref.testId : `${ref.aid ?? ''}:${ref.testId}`;
}

/** The tests of each list (a wall has no room to say how many could not be read; the test list does). */
function combineTestLists(lists: { data: VoiceTestList | undefined; error: Error | null }[]) {
  return { data: lists.map((list) => list.data?.tests), errors: lists.map((list) => list.error) };
}

export function useWallTests(
  url: Pick<WallUrlState, 'aid' | 'tests' | 'problems'>,
  apiVersion: ApiVersion | undefined,
): WallTests {
  // One test list per account group the wall names (tests=aid:testId may name several).
  const aids = useMemo(
    () => (url.tests ? [...new Set(url.tests.map((ref) => ref.aid))] : [url.aid]),
    [url.tests, url.aid],
  );
  const testLists = useQueries({
    queries: aids.map((aid) => ({
      ...voiceTestsQueryOptions({ apiVersion: apiVersion ?? 'v7', aid }),
      enabled: apiVersion !== undefined && url.problems.length === 0,
      refetchInterval: TEST_LIST_REFRESH_MS,
      refetchIntervalInBackground: true,
    })),
    combine: combineTestLists,
  });

  const { shown, missing } = useMemo(() => {
    const indexOf = (aid: string | undefined) => aids.indexOf(aid);
    if (url.tests === undefined) {
      const all = testLists.data[indexOf(url.aid)] ?? [];
      return {
        shown: all
          .filter((test) => test.enabled)
          .map((test): WallTest => ({ ...test, aid: url.aid })),
        missing: [] as string[],
      };
    }
    const picked: WallTest[] = [];
    const absent: string[] = [];
    for (const ref of url.tests) {
      const index = indexOf(ref.aid);
      const list = testLists.data[index];
      const test = list?.find((candidate) => candidate.testId === ref.testId);
      if (test) picked.push({ ...test, aid: ref.aid });
      else if (list || testLists.errors[index]) absent.push(refLabel(ref, url.aid));
    }
    return { shown: picked, missing: absent };
  }, [aids, url.tests, url.aid, testLists]);

  return {
    shown,
    missing,
    listsLoaded: testLists.data.every((list) => list !== undefined),
    listError: testLists.errors.find((error) => error) ?? null,
  };
}
