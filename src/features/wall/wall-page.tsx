// `/wall` (DESIGN.md): a NOC screen nobody touches. Every test of the URL (or every enabled voice
// test of the account group) refreshes at its own round cadence; the screen rotates through them
// (`rotate=N`) or shows them all, worst first (`rotate=0`); the window, the clock and the state
// of every test's data stay visible; it keeps itself awake and reloads itself on a new build.
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useEarshotConfig } from '../../api/earshot-config.ts';
import { describeApiError } from '../../api/fetch-client.ts';
import type { VoiceTest } from '../../lib/model.ts';
import { voiceTestsQueryOptions, type VoiceTestList } from '../../api/voice-tests.ts';
import { useWindowResults } from '../../api/window-results.ts';
import { useClockValue, useNow } from '../../hooks/use-now.ts';
import { formatClock, formatDateTime, type TimeZoneChoice } from '../../lib/format.ts';
import { describeBands, SUSTAINED_MINUTES } from '../../lib/mos-grade.ts';
import { describeWindow, type TimeRange } from '../../../common/time-window.ts';
import { parseWallUrl, type WallTestRef } from '../../lib/wall-url-state.ts';
import { applyTheme } from '../theme/theme.ts';
import { computeRequestBudget, TEST_LIST_REFRESH_MS, type BudgetTest } from './request-budget.ts';
import { pixelShift, rotationIndex, rotationProgress } from './rotation.ts';
import { useBuildReload } from './use-build-reload.ts';
import { useViewportSize } from './use-element-size.ts';
import { useFullscreen, useIdle, useWakeLock, type WakeLockState } from './use-screen-care.ts';
import { wallTestData, wallTestSummary, type WallTestData } from './wall-data.ts';
import { WallPanel } from './wall-panel.tsx';
import { wallLayout } from './wall-layout.ts';
import { wallWindowParams } from './wall-query.ts';
import { orderWorstFirst } from './wall-summary.ts';
import './wall.css';

/** Forces the dark theme while the wall is open, and its type size (from the layout); restores both. */
function useWallDocument(remPx: number): void {
  useEffect(() => {
    const root = document.documentElement;
    const previousTheme = root.dataset.theme;
    root.classList.add('wall-mode');
    applyTheme('dark');
    return () => {
      root.classList.remove('wall-mode');
      if (previousTheme === undefined) applyTheme();
      else root.dataset.theme = previousTheme;
    };
  }, []);
  useEffect(() => {
    const root = document.documentElement;
    root.style.fontSize = `${remPx}px`;
    return () => {
      root.style.fontSize = '';
    };
  }, [remPx]);
}

/** Every account group's test list, stable while none of them changes (react-query memoises it). */
/** The tests of each list (a wall has no room to say how many could not be read; the test list does). */
function combineTestLists(lists: { data: VoiceTestList | undefined; error: Error | null }[]) {
  return { data: lists.map((list) => list.data?.tests), errors: lists.map((list) => list.error) };
}

/** A test of the wall with the account group it is asked in. */
type WallTest = VoiceTest & { aid: string | undefined };

function refLabel(ref: WallTestRef, urlAid: string | undefined): string {
  return ref.aid === urlAid ? ref.testId : `${ref.aid ?? ''}:${ref.testId}`;
}

function describeRange(range: TimeRange): string {
  if (range.kind === 'relative') return describeWindow(range.windowSeconds);
  const from = formatDateTime(range.fromMs, 'utc');
  return range.toMs === undefined
    ? `from ${from} to now`
    : `${from} – ${formatDateTime(range.toMs, 'utc')}`;
}

function localZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
  } catch {
    return 'local';
  }
}

const WAKE_LOCK_HINT: Record<Exclude<WakeLockState, 'held' | 'pending'>, string> = {
  unavailable:
    'This browser cannot keep the screen awake here (Wake Lock needs https or localhost): set the display never to sleep.',
  refused: 'The browser refused to keep the screen awake: set the display never to sleep.',
};

export function WallPage() {
  const [searchParams] = useSearchParams();
  const url = useMemo(() => parseWallUrl(searchParams), [searchParams]);
  const config = useEarshotConfig();
  const apiVersion = config.data?.apiVersion;
  const simulated = config.data?.mode === 'simulator';
  const { reloadPending, serverBuildId } = useBuildReload();
  const wakeLock = useWakeLock();
  const idle = useIdle(3000);
  const fullscreen = useFullscreen();
  const viewport = useViewportSize();

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

  const results = useWindowResults(
    shown.map((test) =>
      wallWindowParams({
        apiVersion: apiVersion ?? 'v7',
        aid: test.aid,
        testId: test.testId,
        range: url.range,
        intervalSeconds: test.intervalSeconds,
      }),
    ),
  );

  const pinned = url.range.kind === 'absolute' && url.range.toMs !== undefined;
  const entries = shown.map((test, index) => {
    const result = results[index];
    const data: WallTestData | undefined = result?.data
      ? wallTestData(result.data, test.intervalSeconds)
      : undefined;
    const summary = data ? wallTestSummary(data, url.grade) : undefined;
    return {
      test,
      key: `${test.aid ?? ''}:${test.testId}`,
      testId: test.testId,
      data,
      summary,
      severity: summary?.severity,
      callsPerRound: result?.callsPerRefresh ?? 1,
      dataUpdatedAt: result?.dataUpdatedAt ?? 0,
      error: result?.error ?? result?.failureReason ?? null,
      isFetching: result?.isFetching ?? false,
      coverage: result?.coverage,
    };
  });

  const rotating = url.rotateSeconds > 0 && entries.length > 1;
  // The page reads the clock only for what it lays out (which test a rotation shows, the drift
  // against burn-in): it re-renders when they change, not every second. The seconds are shown by
  // WallClock and WallRotation alone, so the panels, heatmaps and charts are not rebuilt each tick.
  const current = useClockValue(1000, (nowMs) =>
    rotating ? rotationIndex(nowMs, url.rotateSeconds, entries.length) : 0,
  );
  const shiftX = useClockValue(1000, (nowMs) => (url.shift ? pixelShift(nowMs).x : 0));
  const shiftY = useClockValue(1000, (nowMs) => (url.shift ? pixelShift(nowMs).y : 0));
  const visible = rotating
    ? entries.slice(current, current + 1)
    : url.rotateSeconds > 0
      ? entries
      : orderWorstFirst(entries);
  const agentCount = visible.reduce(
    (max, entry) => Math.max(max, entry.data?.matrix.agents.length ?? 0),
    0,
  );
  const layout = useMemo(
    () =>
      wallLayout({
        viewportWidth: viewport.width,
        viewportHeight: viewport.height,
        panelCount: visible.length,
        agentCount,
      }),
    [viewport.width, viewport.height, visible.length, agentCount],
  );
  useWallDocument(layout.remPx);
  const timeZone: TimeZoneChoice = url.tz;

  const setupProblem = url.problems.length > 0 ? url.problems : undefined;
  const loadError = config.error ?? testLists.errors.find((error) => error) ?? null;

  return (
    <div
      className={`wall${idle ? ' wall--idle' : ''}${url.debug ? ' wall--debug' : ''}`}
      data-testid="wall"
      style={{ transform: `translate(${shiftX}px, ${shiftY}px)` }}
    >
      <header className="wall-header">
        <h1 className="wall-title">Earshot</h1>
        <span className="wall-window" data-testid="wall-window">
          {describeRange(url.range)}
        </span>
        <WallClock />
        <span className="wall-bands" data-testid="wall-bands">
          Graded by each agent&apos;s worst {SUSTAINED_MINUTES} min · {describeBands(url.grade)}
        </span>
        {simulated && <span className="wall-simulated">Simulated data</span>}
        {rotating && (
          <WallRotation
            current={current}
            count={entries.length}
            rotateSeconds={url.rotateSeconds}
          />
        )}
        {(wakeLock === 'unavailable' || wakeLock === 'refused') && (
          <span className="wall-hint" data-testid="wake-lock-hint">
            {WAKE_LOCK_HINT[wakeLock]}
          </span>
        )}
        {reloadPending && (
          <span className="wall-hint">A new version of Earshot is deployed: reloading…</span>
        )}
        {fullscreen.supported && !fullscreen.active && !idle && (
          <button type="button" className="wall-fullscreen" onClick={fullscreen.enter}>
            Full screen
          </button>
        )}
      </header>
      <main className="wall-main">
        {setupProblem ? (
          <div className="wall-problem" role="alert">
            <h2>This wall address needs fixing</h2>
            <ul>
              {setupProblem.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        ) : loadError && entries.length === 0 ? (
          <div className="wall-problem" role="alert">
            <h2>{describeApiError(loadError).title}</h2>
            <p>{describeApiError(loadError).action}</p>
          </div>
        ) : testLists.data.every((list) => list !== undefined) && entries.length === 0 ? (
          <div className="wall-problem" role="alert">
            <h2>No voice tests to show</h2>
            <p>
              {url.tests
                ? `None of the tests ${url.tests.map((ref) => refLabel(ref, url.aid)).join(', ')} is a voice test of its account group.`
                : 'This account group has no enabled voice tests.'}
            </p>
          </div>
        ) : (
          <div
            className="wall-grid"
            style={{
              gridTemplateColumns: `repeat(${layout.columns}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))`,
            }}
          >
            {visible.map((entry) => (
              <WallPanel
                key={entry.key}
                test={entry.test}
                data={entry.data}
                summary={entry.summary}
                dataUpdatedAt={entry.dataUpdatedAt}
                error={entry.error}
                isFetching={entry.isFetching}
                layout={layout}
                timeZone={timeZone}
                pinned={pinned}
                coverage={entry.coverage}
              />
            ))}
          </div>
        )}
        {missing.length > 0 && (
          <p className="wall-hint wall-missing" role="alert">
            Not voice tests of their account group: {missing.join(', ')}
          </p>
        )}
      </main>
      {url.debug && (
        <WallDebug
          tests={entries.map((entry) => ({
            testId: entry.testId,
            intervalSeconds: entry.test.intervalSeconds,
            callsPerRound: entry.callsPerRound,
          }))}
          wakeLock={wakeLock}
          serverBuildId={serverBuildId}
        />
      )}
    </div>
  );
}

/** The time in UTC and local time: the one part of the header that changes every second. */
function WallClock() {
  const now = useNow(1000);
  return (
    <span className="wall-clock" data-testid="wall-clock">
      <time>{formatClock(now, 'utc')}</time>
      <time className="wall-clock-local">
        {formatClock(now, 'local')} {localZoneName()}
      </time>
    </span>
  );
}

/** Which test of how many the rotation shows, and the time left in its turn (every second). */
function WallRotation({
  current,
  count,
  rotateSeconds,
}: {
  current: number;
  count: number;
  rotateSeconds: number;
}) {
  const progress = rotationProgress(useNow(1000), rotateSeconds);
  return (
    <span className="wall-rotation">
      <span>
        {current + 1} / {count}
      </span>
      <span
        className="wall-progress"
        role="progressbar"
        aria-label="Time until the next test"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
      >
        <span className="wall-progress-bar" style={{ width: `${progress * 100}%` }} />
      </span>
    </span>
  );
}

function WallDebug({
  tests,
  wakeLock,
  serverBuildId,
}: {
  tests: BudgetTest[];
  wakeLock: WakeLockState;
  serverBuildId: string | undefined;
}) {
  const queryClient = useQueryClient();
  const budget = computeRequestBudget(tests);
  return (
    <aside className="wall-debug" aria-label="Debug" data-testid="wall-debug">
      <h2>Request budget</h2>
      <p data-testid="wall-budget">
        {budget.requestsPerMinute.toFixed(2)} requests/min of {budget.limitPerMinute} (
        {(budget.share * 100).toFixed(1)} %); worst case with retries{' '}
        {budget.worstCasePerMinute.toFixed(1)}/min; {budget.screensThatFit} screens like this fit
      </p>
      <ul>
        {budget.perTest.map((test) => (
          <li key={test.testId}>
            test {test.testId}: {test.requestsPerMinute.toFixed(2)}/min
          </li>
        ))}
      </ul>
      <p>
        queries cached: {queryClient.getQueryCache().getAll().length} · wake lock: {wakeLock} ·
        build {typeof __EARSHOT_BUILD_ID__ === 'string' ? __EARSHOT_BUILD_ID__ : '?'} / server{' '}
        {serverBuildId ?? '?'}
      </p>
    </aside>
  );
}
