// `/wall` (DESIGN.md): a NOC screen nobody touches. Every test of the URL (or every enabled voice
// test of the account group) refreshes at its own round cadence; the screen rotates through them
// (`rotate=N`) or shows them all, worst first (`rotate=0`); the window, the clock and the state
// of every test's data stay visible; it keeps itself awake and reloads itself on a new build.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useEarshotConfig } from '../../api/earshot-config.ts';
import { describeApiError } from '../../api/fetch-client.ts';
import type { VoiceTest } from '../../api/model.ts';
import { voiceTestsQueryOptions } from '../../api/voice-tests.ts';
import { useWindowResults } from '../../api/window-results.ts';
import { useNow } from '../../hooks/use-now.ts';
import { formatClock, formatDateTime, type TimeZoneChoice } from '../../lib/format.ts';
import { describeWindow, type TimeRange } from '../../lib/time-window.ts';
import { parseWallUrl } from '../../lib/url-state.ts';
import { applyTheme } from '../theme/theme.ts';
import { computeRequestBudget, TEST_LIST_REFRESH_MS, type BudgetTest } from './request-budget.ts';
import { pixelShift, rotationIndex, rotationProgress } from './rotation.ts';
import { useBuildReload } from './use-build-reload.ts';
import { useFullscreen, useIdle, useWakeLock, type WakeLockState } from './use-screen-care.ts';
import { wallTestData, type WallTestData } from './wall-data.ts';
import { WallPanel } from './wall-panel.tsx';
import { wallWindowParams } from './wall-query.ts';
import { orderWorstFirst } from './wall-summary.ts';
import './wall.css';

/** Forces the dark theme and viewport-relative type while the wall is open; restores both. */
function useWallDocument(): void {
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

function gridColumns(count: number): number {
  if (count <= 1) return 1;
  if (count <= 4) return 2;
  if (count <= 9) return 3;
  if (count <= 16) return 4;
  return Math.ceil(Math.sqrt(count));
}

const WAKE_LOCK_HINT: Record<Exclude<WakeLockState, 'held' | 'pending'>, string> = {
  unavailable:
    'This browser cannot keep the screen awake here (Wake Lock needs https or localhost): set the display never to sleep.',
  refused: 'The browser refused to keep the screen awake: set the display never to sleep.',
};

export function WallPage() {
  useWallDocument();
  const [searchParams] = useSearchParams();
  const url = useMemo(() => parseWallUrl(searchParams), [searchParams]);
  const shiftEnabled = searchParams.get('shift') !== '0';
  const config = useEarshotConfig();
  const apiVersion = config.data?.apiVersion;
  const simulated = config.data?.mode === 'simulator';
  const { reloadPending, serverBuildId } = useBuildReload();
  const wakeLock = useWakeLock();
  const idle = useIdle(3000);
  const fullscreen = useFullscreen();
  const now = useNow(1000);

  const testsQuery = useQuery({
    ...voiceTestsQueryOptions({ apiVersion: apiVersion ?? 'v7', aid: url.aid }),
    select: (list) => list.tests,
    enabled: apiVersion !== undefined && url.problems.length === 0,
    refetchInterval: TEST_LIST_REFRESH_MS,
    refetchIntervalInBackground: true,
  });

  const { shown, missing } = useMemo(() => {
    const all = testsQuery.data ?? [];
    if (url.tests === undefined) {
      return { shown: all.filter((test) => test.enabled), missing: [] as string[] };
    }
    const byId = new Map(all.map((test) => [test.testId, test]));
    const picked: VoiceTest[] = [];
    const absent: string[] = [];
    for (const id of url.tests) {
      const test = byId.get(id);
      if (test) picked.push(test);
      else absent.push(id);
    }
    return { shown: picked, missing: testsQuery.data ? absent : [] };
  }, [testsQuery.data, url.tests]);

  const results = useWindowResults(
    shown.map((test) =>
      wallWindowParams({
        apiVersion: apiVersion ?? 'v7',
        aid: url.aid,
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
    return {
      test,
      testId: test.testId,
      data,
      severity: data?.summary.severity,
      callsPerRound: result?.callsPerRefresh ?? 1,
      dataUpdatedAt: result?.dataUpdatedAt ?? 0,
      error: result?.error ?? result?.failureReason ?? null,
      isFetching: result?.isFetching ?? false,
      coverage: result?.coverage,
    };
  });

  const rotating = url.rotateSeconds > 0 && entries.length > 1;
  const visible = rotating
    ? entries.slice(
        rotationIndex(now, url.rotateSeconds, entries.length),
        rotationIndex(now, url.rotateSeconds, entries.length) + 1,
      )
    : url.rotateSeconds > 0
      ? entries
      : orderWorstFirst(entries);
  const shift = shiftEnabled ? pixelShift(now) : { x: 0, y: 0 };
  const columns = gridColumns(visible.length);
  const rows = Math.max(1, Math.ceil(visible.length / columns));
  const timeZone: TimeZoneChoice = url.tz;
  const progress = rotating ? rotationProgress(now, url.rotateSeconds) : 0;
  const current = rotating ? rotationIndex(now, url.rotateSeconds, entries.length) : 0;

  const setupProblem = url.problems.length > 0 ? url.problems : undefined;
  const loadError = config.error ?? testsQuery.error;

  return (
    <div
      className={`wall${idle ? ' wall--idle' : ''}`}
      data-testid="wall"
      style={{ transform: `translate(${shift.x}px, ${shift.y}px)` }}
    >
      <header className="wall-header">
        <h1 className="wall-title">Earshot</h1>
        <span className="wall-window" data-testid="wall-window">
          {describeRange(url.range)}
        </span>
        <span className="wall-clock" data-testid="wall-clock">
          <time>{formatClock(now, 'utc')}</time>
          <time className="wall-clock-local">
            {formatClock(now, 'local')} {localZoneName()}
          </time>
        </span>
        {simulated && <span className="wall-simulated">Simulated data</span>}
        {rotating && (
          <span className="wall-rotation">
            <span>
              {current + 1} / {entries.length}
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
        ) : testsQuery.data && entries.length === 0 ? (
          <div className="wall-problem" role="alert">
            <h2>No voice tests to show</h2>
            <p>
              {url.tests
                ? `None of the tests ${url.tests.join(', ')} is a voice test of this account group.`
                : 'This account group has no enabled voice tests.'}
            </p>
          </div>
        ) : (
          <div
            className="wall-grid"
            style={{
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
            }}
          >
            {visible.map((entry) => (
              <WallPanel
                key={entry.testId}
                test={entry.test}
                data={entry.data}
                dataUpdatedAt={entry.dataUpdatedAt}
                error={entry.error}
                isFetching={entry.isFetching}
                size={rotating || visible.length === 1 ? 'full' : 'grid'}
                timeZone={timeZone}
                pinned={pinned}
                coverage={entry.coverage}
              />
            ))}
          </div>
        )}
        {missing.length > 0 && (
          <p className="wall-hint wall-missing" role="alert">
            Not voice tests of this account group: {missing.join(', ')}
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
