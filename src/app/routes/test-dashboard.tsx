// `/tests/:testId`: composes the features over one test's results. The URL holds the state; this
// module reads it, asks the data layer, shapes once, and hands the same matrix to every view.
import {
  lazy,
  Suspense,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
} from 'react';
import { Link, useLocation } from 'react-router';
import { describeTarget } from '../../api/adapters/agents.ts';
import { describeSkippedRows } from '../../api/adapters/skipped-rows.ts';
import { useAgents } from '../../api/agents.ts';
import { useEarshotConfig } from '../../api/earshot-config.ts';
import { describeApiError } from '../../api/fetch-client.ts';
import type { ApiVersion } from '../../../common/earshot-config.ts';
import { type VoiceTest } from '../../lib/model.ts';
import { HEATMAP_METRICS, METRICS, type HeatmapMetric } from '../../lib/metrics.ts';
import { useWindowResults, type WindowResults } from '../../api/window-results.ts';
import { useVoiceTest } from '../../api/voice-tests.ts';
import { AgentFilterBar } from '../../features/agents-table/agent-filter-bar.tsx';
import {
  agentPassesFilter,
  agentPlaces,
  countriesOf,
  isOpenFilter,
} from '../../features/agents-table/agents-table-model.ts';
import { AgentsTable } from '../../features/agents-table/agents-table.tsx';
import { nextSort } from '../../features/agents-table/agents-table-model.ts';
import { CsvDownloadButton } from '../../features/csv-export/csv-download-button.tsx';
import { DataStatus } from '../../features/data-status/data-status.tsx';
import { HeadlineFigures } from '../../features/headline-figures/headline-figures.tsx';
import { Heatmap } from '../../features/heatmap/heatmap.tsx';
import { sharedRowOrder } from '../../features/heatmap/row-order.ts';
import { MosChartsSkeleton } from '../../features/mos-charts/mos-charts-skeleton.tsx';
import { RefreshControl } from '../../features/refresh/refresh-control.tsx';
import { RoundDetailsDialog } from '../../features/round-details/round-details-dialog.tsx';
import { ShareControl } from '../../features/share-link/share-control.tsx';
import { useTheme } from '../../features/theme/theme.ts';
import { zoomOut, zoomToSpan } from '../../features/time-window/time-navigation.ts';
import { TimeWindowControl } from '../../features/time-window/time-window-control.tsx';
import { CompareControl } from '../../features/period-compare/compare-control.tsx';
import { usePreviousPeriod } from '../../features/period-compare/use-previous-period.ts';
import { COMPARE_PERIOD_WORDS } from '../../lib/period-comparison.ts';
import { attributeAgents } from '../../lib/window-attribution.ts';
import { useTestPageUrlState, type TestPageUrl } from '../../hooks/use-url-state.ts';
import { createCrosshairStore } from '../../lib/crosshair.ts';
import { whyWindowIsEmpty } from '../../lib/empty-window.ts';
import { describeExportRange, exportFileStem } from '../../lib/export-names.ts';
import { headlineFigures } from '../../lib/headline-figures.ts';
import { matrixOfAgents } from '../../lib/matrix-agents.ts';
import { pinnedSearch, type AgentOrder } from '../../lib/url-state.ts';
import { formatInterval } from '../../lib/format.ts';
import { buildRoundsMatrix, summarizeAgents, summarizeRounds } from '../../lib/rounds-matrix.ts';
import { ProblemPanel } from './problem-panel.tsx';
import styles from './test-dashboard.module.css';

const MosCharts = lazy(() => import('../../features/mos-charts/mos-charts.tsx'));

export function TestDashboardPage() {
  const params = useTestPageUrlState();
  const config = useEarshotConfig();

  if (params.problems.length > 0 || params.testId === undefined) {
    return (
      <ProblemPanel title="This link has a problem" messages={params.problems}>
        Fix the address, or go back to the <Link to="/">test list</Link>.
      </ProblemPanel>
    );
  }
  if (config.error) {
    const problem = describeApiError(config.error);
    return <ProblemPanel title={problem.title} messages={[problem.action]} />;
  }
  if (!config.data) return <DashboardSkeleton />;
  return (
    <TestDashboard
      apiVersion={config.data.apiVersion}
      simulated={config.data.mode === 'simulator'}
      params={{ ...params, testId: params.testId }}
    />
  );
}

function TestDashboard({
  apiVersion,
  simulated,
  params,
}: {
  apiVersion: ApiVersion;
  simulated: boolean;
  params: TestPageUrl & { testId: string };
}) {
  const { testId, aid, range, tz } = params;
  const test = useVoiceTest({ apiVersion, aid, testId });

  if (test.error && !test.data) {
    const problem = describeApiError(test.error);
    return <ProblemPanel title={problem.title} messages={[problem.action]} />;
  }
  if (!test.data) return <DashboardSkeleton />;
  return (
    <TestResults
      key={`${testId}|${aid ?? ''}`}
      apiVersion={apiVersion}
      simulated={simulated}
      params={params}
      test={test.data}
      range={range}
      timeZone={tz}
    />
  );
}

function TestResults({
  apiVersion,
  simulated,
  params,
  test,
  range,
  timeZone,
}: {
  apiVersion: ApiVersion;
  simulated: boolean;
  params: TestPageUrl;
  test: VoiceTest;
  range: TestPageUrl['range'];
  timeZone: TestPageUrl['tz'];
}) {
  const { theme } = useTheme();
  const { view, setView } = params;
  const location = useLocation();
  const metrics = view.heatmapMetrics;
  const [results] = useWindowResults([
    {
      apiVersion,
      aid: params.aid,
      testId: test.testId,
      range,
      intervalSeconds: test.intervalSeconds,
      paused: params.paused,
    },
  ]) as [WindowResults];

  // One /agents call per account group, shared with the test list (api/agents.ts).
  const agents = useAgents({ apiVersion, aid: params.aid });

  const data = results.data;
  // The combined body says which window it covers: the head's instant, minus the window.
  const windowMatrix = useMemo(
    () =>
      data
        ? buildRoundsMatrix(data.rows, {
            startMs: data.startMs ?? 0,
            endMs: data.endMs ?? 0,
            intervalSeconds: test.intervalSeconds,
          })
        : undefined,
    [data, test.intervalSeconds],
  );

  const agentPlacesOfWindow = useMemo(
    () => agentPlaces(data?.rows ?? [], agents.data),
    [data, agents.data],
  );
  // One agent filter for every view: each shapes the same cut matrix. Typing stays instant; the
  // views follow when React has time.
  const agentFilter = useDeferredValue(view.agentFilter);
  const shaped = useMemo(() => {
    if (!windowMatrix || !data) return undefined;
    const matrix = matrixOfAgents(windowMatrix, (agent) =>
      agentPassesFilter(agent, agentFilter, agentPlacesOfWindow),
    );
    const agentSummaries = summarizeAgents(matrix);
    return {
      matrix,
      rows: data.rows,
      agentSummaries,
      roundSummaries: summarizeRounds(matrix),
      figures: headlineFigures(matrix, agentSummaries),
    };
  }, [data, windowMatrix, agentFilter, agentPlacesOfWindow]);
  // The CSV holds what the views show: the rows of the agents that pass the filter.
  const csvRows = useMemo(() => {
    if (!data || !shaped || !windowMatrix) return [];
    if (shaped.matrix === windowMatrix) return data.rows;
    const shown = new Set(shaped.matrix.agents.map((agent) => agent.agentId));
    return data.rows.filter((row) => shown.has(row.agentId));
  }, [data, shaped, windowMatrix]);
  const countries = useMemo(() => countriesOf(windowMatrix?.agents ?? []), [windowMatrix]);
  // Every view that names an agent names where it is too (rows' location, else /agents).
  const agentLocationOf = useCallback(
    (agentId: string) => agentPlacesOfWindow.get(agentId)?.location,
    [agentPlacesOfWindow],
  );

  // The MOS charts (two dozen recharts SVGs, ~1.5 s of rendering on a 2-core machine) render
  // from a deferred copy: the heatmaps commit and paint first, the charts follow in an
  // interruptible background render instead of holding the first paint back.
  const chartsInput = useDeferredValue(shaped);
  // Each agent's dominant cause over the window: every round through the E-model (a million at
  // 500 agents × a week), so it follows the charts' deferred copy, never the heatmaps' first paint.
  const attributions = useMemo(
    () => (chartsInput ? attributeAgents(chartsInput.matrix, chartsInput.rows) : undefined),
    [chartsInput],
  );
  // compare=1d|1w: the same window earlier, through the same interval data path.
  const previous = usePreviousPeriod(
    {
      apiVersion,
      aid: params.aid,
      testId: test.testId,
      intervalSeconds: test.intervalSeconds,
      range,
      compare: params.compare,
    },
    shaped?.agentSummaries,
  );

  // One row order for both heatmaps, so a row is the same agent in each.
  const rowOrder = useMemo(
    () => (shaped ? sharedRowOrder(shaped.matrix, view.agentOrder) : undefined),
    [shaped, view.agentOrder],
  );

  // Time navigation: a drag on a heatmap or the MOS chart zooms, a double-click zooms out; each
  // is a new range in the URL (a history entry). One crosshair for the page's views.
  const { setRange } = params;
  const intervalMs = test.intervalSeconds * 1000;
  const zoomTo = useCallback(
    (startMs: number, endMs: number) =>
      setRange(zoomToSpan(startMs, endMs, Date.now(), intervalMs)),
    [setRange, intervalMs],
  );
  const zoomOutOnce = useCallback(() => {
    const next = zoomOut(range, Date.now());
    if (next) setRange(next);
  }, [range, setRange]);
  const [crosshair] = useState(createCrosshairStore);

  // Closing Round details returns focus to the heatmap (and so the cell) it was opened from.
  const heatmapCells = useRef<(HTMLDivElement | null)[]>([]);
  const openedFromHeatmap = useRef<number | undefined>(undefined);
  const roundOpen = params.round !== undefined;
  useEffect(() => {
    const slot = openedFromHeatmap.current;
    if (roundOpen || slot === undefined) return;
    openedFromHeatmap.current = undefined;
    heatmapCells.current[slot]?.focus();
  }, [roundOpen]);

  const skipToHeatmaps = (event: MouseEvent<HTMLAnchorElement>) => {
    // Focus moves without a #fragment in the URL (the URL is the view's state).
    event.preventDefault();
    const target = document.getElementById('heatmaps');
    target?.focus();
    target?.scrollIntoView({ block: 'start' });
  };

  const openCell = (agentIndex: number, roundIndex: number) => {
    const agent = shaped?.matrix.agents[agentIndex];
    const roundId = shaped?.matrix.roundIds[roundIndex];
    if (agent && roundId !== undefined) params.openRound(agent.agentId, roundId);
  };

  const errorDetailOf = useCallback(
    (agentIndex: number, roundIndex: number) => {
      if (!shaped || !data) return undefined;
      const cell = agentIndex * shaped.matrix.roundIds.length + roundIndex;
      const rowIndex = shaped.matrix.rowIndex[cell] ?? -1;
      return rowIndex >= 0 ? data.rows[rowIndex]?.errorDetail : undefined;
    },
    [shaped, data],
  );

  const initialCell = useMemo(() => {
    if (!shaped || params.agent === undefined) return undefined;
    const agentIndex = shaped.matrix.agents.findIndex((agent) => agent.agentId === params.agent);
    const first = shaped.matrix.roundIds[0];
    if (agentIndex < 0 || first === undefined) return undefined;
    const roundIndex =
      params.round === undefined
        ? shaped.matrix.roundIds.length - 1
        : Math.round((params.round - first) / test.intervalSeconds);
    if (roundIndex < 0 || roundIndex >= shaped.matrix.roundIds.length) return undefined;
    return { agentIndex, roundIndex };
  }, [shaped, params.agent, params.round, test.intervalSeconds]);

  const resultsProblem = results.error && !data ? describeApiError(results.error) : undefined;
  // Exports are named and titled with the test and the range they hold.
  const exportStart = data?.startMs ?? 0;
  const exportEnd = Math.max(exportStart, data?.endMs ?? exportStart);
  const exportStem = exportFileStem(test.testId, exportStart, exportEnd);
  const exportRangeText = describeExportRange(exportStart, exportEnd, timeZone);
  const csvName = `${exportStem}.csv`;
  // Links to this view: as addressed, and with the window on screen pinned (an incident link).
  const viewUrl = `${window.location.origin}${location.pathname}${location.search}`;
  const pinnedUrl =
    data?.startMs !== undefined && data.endMs !== undefined && data.endMs > data.startMs
      ? `${window.location.origin}${location.pathname}?${pinnedSearch(
          new URLSearchParams(location.search),
          { startMs: data.startMs, endMs: data.endMs },
        ).toString()}`
      : undefined;
  const emptyReason =
    shaped && data && windowMatrix
      ? whyWindowIsEmpty({
          range,
          windowStartMs: data.startMs ?? 0,
          windowEndMs: data.endMs ?? 0,
          intervalSeconds: test.intervalSeconds,
          agentsReporting: windowMatrix.agents.length,
          agentsShown: shaped.matrix.agents.length,
          roundCount: shaped.matrix.roundIds.length,
          testEnabled: test.enabled,
          timeZone,
        })
      : undefined;

  return (
    <div className={styles.dashboard}>
      <a href="#heatmaps" className={styles.skipLink} onClick={skipToHeatmaps}>
        Skip to heatmaps
      </a>
      <header className={styles.testHeader}>
        <div>
          <h2 className={styles.testName}>{test.testName}</h2>
          <dl className={styles.facts}>
            <div>
              <dt>Codec</dt>
              <dd>
                {test.codec || 'unknown'}
                {shaped === undefined ? (
                  // Keeps the room the ceiling will take, so the facts after it do not move.
                  <span className={styles.pendingFact} aria-hidden="true">
                    {' (max MOS 0.00)'}
                  </span>
                ) : (
                  shaped.figures.codecMaxMos !== undefined &&
                  ` (max MOS ${shaped.figures.codecMaxMos.toFixed(2)})`
                )}
              </dd>
            </div>
            <div>
              <dt>Target</dt>
              <dd>{describeTarget(test, agents.data).text}</dd>
            </div>
            <div>
              <dt>Interval</dt>
              <dd>{formatInterval(test.intervalSeconds)}</dd>
            </div>
            <div>
              <dt>DSCP</dt>
              <dd>{test.dscp || 'unknown'}</dd>
            </div>
            <div>
              <dt>Jitter buffer</dt>
              <dd>{test.jitterBufferMs === undefined ? 'unknown' : `${test.jitterBufferMs} ms`}</dd>
            </div>
            {!test.enabled && (
              <div>
                <dt>State</dt>
                <dd>disabled: no new rounds</dd>
              </div>
            )}
          </dl>
        </div>
        <ShareControl
          relativeUrl={viewUrl}
          pinnedUrl={pinnedUrl ?? viewUrl}
          isRelative={range.kind === 'relative' || range.toMs === undefined}
        />
        <DataStatus
          className={styles.headerStatus}
          coverage={results.coverage}
          dataUpdatedAt={results.dataUpdatedAt}
          intervalSeconds={test.intervalSeconds}
          // While react-query retries (a 429 waits for its reset) the error is only a failure
          // reason; the status must say it now, not when the retries run out.
          error={results.error ?? results.failureReason}
          isFetching={results.isFetching}
          simulated={simulated}
          timeZone={timeZone}
          pinned={range.kind === 'absolute' && range.toMs !== undefined}
          leftOut={describeSkippedRows(data?.skippedRows)}
        />
      </header>

      <TimeWindowControl
        key={JSON.stringify(range)}
        range={range}
        timeZone={timeZone}
        onRangeChange={params.setRange}
        onTimeZoneChange={params.setTimeZone}
      />
      <CompareControl
        compare={params.compare}
        previous={previous}
        onCompareChange={params.setCompare}
      />
      <RefreshControl
        intervalSeconds={test.intervalSeconds}
        live={range.kind === 'relative' || range.toMs === undefined}
        paused={params.paused}
        onPausedChange={params.setPaused}
        timeZone={timeZone}
      />

      {resultsProblem ? (
        <ProblemPanel title={resultsProblem.title} messages={[resultsProblem.action]} />
      ) : (
        <>
          <HeadlineFigures figures={shaped?.figures} />

          <AgentFilterBar
            filter={view.agentFilter}
            onChange={(agentFilter) => setView({ agentFilter })}
            countries={countries}
            shown={shaped?.matrix.agents.length ?? 0}
            total={windowMatrix?.agents.length ?? 0}
          />

          <section className={styles.heatmaps} aria-label="Heatmaps" id="heatmaps" tabIndex={-1}>
            <div className={styles.heatmapToolbar}>
              <label>
                Sort agents{' '}
                <select
                  value={view.agentOrder}
                  onChange={(event) => setView({ agentOrder: event.target.value as AgentOrder })}
                >
                  <option value="worst">worst MOS first</option>
                  <option value="name">by name</option>
                  <option value="country">by country</option>
                </select>
              </label>
              {data && (
                <CsvDownloadButton
                  rows={csvRows}
                  fileName={csvName}
                  agentLocationOf={agentLocationOf}
                  complete={
                    results.coverage === undefined ||
                    results.coverage.loadedMs >= results.coverage.windowMs
                  }
                />
              )}
            </div>
            {emptyReason !== undefined && (
              <p role="note" className={styles.emptyReason}>
                {emptyReason}
              </p>
            )}
            {metrics.map((metric, slot) => (
              <div key={slot} className={styles.heatmapPanel}>
                <label className={styles.metricPicker}>
                  Heatmap {slot + 1} shows{' '}
                  <select
                    value={metric}
                    onChange={(event) => {
                      const metric = event.target.value as HeatmapMetric;
                      // The other slot as the address holds it now, not as last rendered.
                      setView((current) => {
                        const next = [...current.heatmapMetrics] as [HeatmapMetric, HeatmapMetric];
                        next[slot] = metric;
                        return { heatmapMetrics: next };
                      });
                    }}
                  >
                    {HEATMAP_METRICS.map((option) => (
                      <option key={option} value={option}>
                        {METRICS[option].name}
                      </option>
                    ))}
                  </select>
                </label>
                {shaped && rowOrder ? (
                  <Heatmap
                    matrix={shaped.matrix}
                    metric={metric}
                    rowOrder={rowOrder}
                    timeZone={timeZone}
                    theme={theme}
                    onOpenCell={(agentIndex, roundIndex) => {
                      openedFromHeatmap.current = slot;
                      openCell(agentIndex, roundIndex);
                    }}
                    cellsRef={(element) => {
                      heatmapCells.current[slot] = element;
                    }}
                    onZoom={zoomTo}
                    onZoomOut={zoomOutOnce}
                    crosshair={crosshair}
                    selectedCell={initialCell}
                    testId={test.testId}
                    errorDetailOf={errorDetailOf}
                    agentLocationOf={agentLocationOf}
                    rowLabelOf={view.agentOrder === 'country' ? labelWithCountry : undefined}
                    pngExport={{
                      title: `${test.testName} · ${METRICS[metric].name} heatmap · ${exportRangeText}`,
                      fileName: `${exportStem}-${metric}-heatmap.png`,
                    }}
                  />
                ) : (
                  <div className={styles.heatmapSkeleton} aria-hidden="true" />
                )}
              </div>
            ))}
          </section>

          {chartsInput ? (
            <Suspense fallback={<MosChartsSkeleton />}>
              <MosCharts
                matrix={chartsInput.matrix}
                summaries={chartsInput.agentSummaries}
                rounds={chartsInput.roundSummaries}
                timeZone={timeZone}
                loading={results.isFetching || chartsInput !== shaped}
                focusedAgentId={params.agent}
                onFocusAgent={(agentId) => params.focusAgent(agentId)}
                agentLocationOf={agentLocationOf}
                attributions={attributions}
                previousRounds={previous?.rounds}
                previousName={
                  previous && `Median MOS ${COMPARE_PERIOD_WORDS[previous.period]} (same time)`
                }
                onZoom={zoomTo}
                onZoomOut={zoomOutOnce}
                crosshair={crosshair}
                pngExport={{
                  title: `${test.testName} · MOS vs codec maximum · ${exportRangeText}`,
                  fileName: `${exportStem}-mos.png`,
                }}
              />
            </Suspense>
          ) : (
            // recharts (the lazy chunk) is fetched and parsed only once the heatmaps have data,
            // not while the results download and the heatmaps paint.
            <MosChartsSkeleton />
          )}

          <section className={styles.agents} aria-labelledby="agents-heading">
            <h2 id="agents-heading">Agents</h2>
            {shaped ? (
              <AgentsTable
                summaries={shaped.agentSummaries}
                places={agentPlacesOfWindow}
                focusedAgentId={params.agent}
                onFocusAgent={params.focusAgent}
                attributions={attributions}
                comparison={previous && { period: previous.period, changes: previous.changes }}
                sort={view.tableSort}
                onSortColumn={(key) =>
                  setView((current) => ({ tableSort: nextSort(current.tableSort, key) }))
                }
                grouped={view.groupByKind}
                onGroupedToggle={() =>
                  setView((current) => ({ groupByKind: !current.groupByKind }))
                }
                filterActive={!isOpenFilter(view.agentFilter)}
              />
            ) : (
              <div className={styles.tableSkeleton} aria-hidden="true" />
            )}
          </section>
        </>
      )}

      {windowMatrix && data && params.agent !== undefined && params.round !== undefined && (
        <RoundDetailsDialog
          matrix={windowMatrix}
          rows={data.rows}
          agentId={params.agent}
          roundId={params.round}
          timeZone={timeZone}
          onClose={params.closeRound}
          onNavigate={params.openRound}
          shareUrl={pinnedUrl ?? viewUrl}
          agentLocationOf={agentLocationOf}
        />
      )}
    </div>
  );
}

/** Sorted by country, a row says its country: "DE · Frankfurt 3". */
function labelWithCountry(agent: { agentName: string; countryId: string }): string {
  return agent.countryId === '' ? agent.agentName : `${agent.countryId} · ${agent.agentName}`;
}

function DashboardSkeleton() {
  return (
    <div className={styles.dashboard} aria-busy="true">
      <div className={styles.headerSkeleton} aria-hidden="true" />
      <p>Loading the test…</p>
      <div className={styles.heatmapSkeleton} aria-hidden="true" />
      <div className={styles.heatmapSkeleton} aria-hidden="true" />
    </div>
  );
}
