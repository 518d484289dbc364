// `/wall` (docs/url-and-environment.md): a NOC screen nobody touches. Every test of the URL (or
// every enabled voice test of the account group) refreshes at its own round cadence; the screen
// rotates through them (`rotate=N`) or shows them all, worst first (`rotate=0`); each test is
// marked when it is graded worse than over the same window yesterday (`yesterday=0` hides it);
// the window, the clock and the state of every test's data stay visible; it keeps itself awake
// and reloads itself on a new build. This file composes: the pieces live beside it.
import { useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useEarshotConfig } from '../../api/earshot-config.ts';
import { describeApiError } from '../../api/fetch-client.ts';
import { useWindowResults } from '../../api/window-results.ts';
import { useClockValue } from '../../hooks/use-now.ts';
import { parseWallUrl, type WallUrlState } from '../../lib/wall-url-state.ts';
import { pixelShift, rotationIndex } from './rotation.ts';
import { useBuildReload } from './use-build-reload.ts';
import { useViewportSize } from './use-viewport-size.ts';
import { useFullscreen, useIdle, useWakeLock } from './use-screen-care.ts';
import { useWallDocument } from './use-wall-document.ts';
import { refLabel, useWallTests } from './use-wall-tests.ts';
import { useYesterdayGrades } from './use-yesterday-grades.ts';
import { wallTestData, wallTestSummary, type WallTestData } from './wall-data.ts';
import { WallDebug } from './wall-debug.tsx';
import { WallHeader } from './wall-header.tsx';
import { wallLayout } from './wall-layout.ts';
import { WallPanel } from './wall-panel.tsx';
import { wallWindowParams } from './wall-query.ts';
import { orderWorstFirst } from './wall-summary.ts';
import { compareWithYesterday } from './yesterday-mark.ts';
import './wall.css';

/** Why the wall shows no panels, when it shows none: its address, a failed list, or no tests. */
function WallProblem({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="wall-problem" role="alert">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

function noTestsMessage(url: WallUrlState): string {
  return url.tests
    ? `None of the tests ${url.tests.map((ref) => refLabel(ref, url.aid)).join(', ')} is a voice test of its account group.`
    : 'This account group has no enabled voice tests.';
}

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
  const { shown, missing, listsLoaded, listError } = useWallTests(url, apiVersion);

  const sources = shown.map((test) => ({
    apiVersion: apiVersion ?? 'v7',
    aid: test.aid,
    testId: test.testId,
    intervalSeconds: test.intervalSeconds,
  }));
  const results = useWindowResults(
    sources.map((source) => wallWindowParams({ ...source, range: url.range })),
  );
  // Today is graded against yesterday only once its whole window is here; yesterday is asked for
  // only then, so it never competes with today's first load or retries for the rate limit.
  const wholeWindow = results.map(
    (result) =>
      result.coverage !== undefined &&
      !result.isPlaceholderData &&
      result.coverage.loadedMs >= result.coverage.windowMs,
  );
  // Apart from the test's own results: yesterday's loading or failing never makes a test stale.
  const yesterdayGrades = useYesterdayGrades(
    sources.map((source, index) => ({ ...source, ready: wholeWindow[index] ?? false })),
    url.range,
    url.grade,
    url.yesterday,
  );

  const pinned = url.range.kind === 'absolute' && url.range.toMs !== undefined;
  const entries = shown.map((test, index) => {
    const result = results[index];
    const data: WallTestData | undefined = result?.data
      ? wallTestData(result.data, test.intervalSeconds)
      : undefined;
    const summary = data ? wallTestSummary(data, url.grade) : undefined;
    const coverage = result?.coverage;
    const comparison = compareWithYesterday(
      wholeWindow[index] ? summary?.health : undefined,
      yesterdayGrades[index] ?? { known: false },
    );
    return {
      test,
      key: `${test.aid ?? ''}:${test.testId}`,
      testId: test.testId,
      data,
      summary,
      severity: summary?.severity,
      worseThanYesterday: comparison.kind === 'worse' ? comparison.yesterday : undefined,
      yesterday: comparison.kind,
      callsPerRound: result?.callsPerRefresh ?? 1,
      dataUpdatedAt: result?.dataUpdatedAt ?? 0,
      error: result?.error ?? result?.failureReason ?? null,
      isFetching: result?.isFetching ?? false,
      coverage,
    };
  });

  const rotating = url.rotateSeconds > 0 && entries.length > 1;
  // The page reads the clock only for what it lays out (which test a rotation shows, the drift
  // against burn-in): it re-renders when they change, not every second. The seconds are shown by
  // the header's clock and rotation alone, so the panels, heatmaps and charts are not rebuilt
  // each tick.
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
        testCount: entries.length,
        mode: rotating ? 'rotate' : 'grid',
        agentCount,
      }),
    [viewport.width, viewport.height, entries.length, rotating, agentCount],
  );
  useWallDocument(layout.remPx);

  const loadError = config.error ?? listError;

  return (
    <div
      className={`wall${idle ? ' wall--idle' : ''}${url.debug ? ' wall--debug' : ''}`}
      data-testid="wall"
      style={{ transform: `translate(${shiftX}px, ${shiftY}px)` }}
    >
      <WallHeader
        range={url.range}
        grade={url.grade}
        simulated={simulated}
        rotation={
          rotating
            ? { current, count: entries.length, rotateSeconds: url.rotateSeconds }
            : undefined
        }
        wakeLock={wakeLock}
        reloadPending={reloadPending}
        fullscreen={fullscreen}
        idle={idle}
      />
      <main className="wall-main">
        {url.problems.length > 0 ? (
          <WallProblem title="This wall address needs fixing">
            <ul>
              {url.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </WallProblem>
        ) : loadError && entries.length === 0 ? (
          <WallProblem title={describeApiError(loadError).title}>
            <p>{describeApiError(loadError).action}</p>
          </WallProblem>
        ) : listsLoaded && entries.length === 0 ? (
          <WallProblem title="No voice tests to show">
            <p>{noTestsMessage(url)}</p>
          </WallProblem>
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
                worseThanYesterday={entry.worseThanYesterday}
                yesterday={entry.yesterday}
                dataUpdatedAt={entry.dataUpdatedAt}
                error={entry.error}
                isFetching={entry.isFetching}
                layout={layout}
                timeZone={url.tz}
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
          yesterday={url.yesterday}
          wakeLock={wakeLock}
          serverBuildId={serverBuildId}
        />
      )}
    </div>
  );
}
