// One test's results on the test page: asks the data layer for the window, shapes it once
// (use-shaped-window.ts) and hands the same matrix to every view, the URL holding the state.
// Just over 300 lines: it composes every view of the page over one shaped window; each view and
// each job it wires lives in its own module.
import {
  lazy,
  Suspense,
  useCallback,
  useDeferredValue,
  useMemo,
  useState,
  type MouseEvent,
} from 'react';
import { useLocation } from 'react-router';
import { describeSkippedRows } from '../../../common/result-rows/skipped-rows.ts';
import { useAgents } from '../../api/agents.ts';
import type { ApiVersion } from '../../../common/earshot-config.ts';
import { type VoiceTest } from '../../lib/model.ts';
import { METRICS } from '../../lib/metrics.ts';
import {
  shownWindowStartMs,
  useWindowResults,
  type WindowResults,
} from '../../api/window-results.ts';
import { AgentFilterBar } from '../../features/agents-table/agent-filter-bar.tsx';
import { isOpenFilter, nextSort } from '../../features/agents-table/agents-table-model.ts';
import type { HeatmapMetric } from '../../lib/metrics.ts';
import { AgentsTable } from '../../features/agents-table/agents-table.tsx';
import { HeadlineFigures } from '../../features/headline-figures/headline-figures.tsx';
import { sharedRowOrder } from '../../features/heatmap/row-order.ts';
import { MosChartsSkeleton } from '../../features/mos-charts/mos-charts-skeleton.tsx';
import { RefreshControl } from '../../features/refresh/refresh-control.tsx';
import { RoundDetailsDialog } from '../../features/round-details/round-details-dialog.tsx';
import { useTheme } from '../../features/theme/theme.ts';
import { TimeWindowControl } from '../../features/time-window/time-window-control.tsx';
import { CompareControl } from '../../features/period-compare/compare-control.tsx';
import { usePreviousPeriod } from '../../features/period-compare/use-previous-period.ts';
import { COMPARE_PERIOD_WORDS } from '../../lib/period-comparison.ts';
import { attributeAgents } from '../../lib/window-attribution.ts';
import { type TestPageUrl } from '../../hooks/use-url-state.ts';
import { createCrosshairStore } from '../../lib/crosshair.ts';
import { whyWindowIsEmpty } from '../../lib/empty-window.ts';
import { describeExportRange, exportFileStem } from '../../lib/export-names.ts';
import { HeatmapPanels } from './heatmap-panels.tsx';
import { ApiProblemPanel } from './problem-panel.tsx';
import { TestHeader } from './test-header.tsx';
import { testPageWindow } from './test-page-queries.ts';
import { useRoundDrillDown } from './use-round-drill-down.ts';
import { useSettledWindow, useShapedWindow } from './use-shaped-window.ts';
import { useTimeNavigation } from './use-time-navigation.ts';
import { viewLinks } from './view-links.ts';
import styles from './test-dashboard.module.css';

const MosCharts = lazy(() => import('../../features/mos-charts/mos-charts.tsx'));

export function TestResults({
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
    testPageWindow(apiVersion, { aid: params.aid, range, paused: params.paused }, test),
  ]) as [WindowResults];

  // One /agents call per account group, shared with the test list (api/agents.ts).
  const agents = useAgents({ apiVersion, aid: params.aid });

  const data = results.data;
  const { windowMatrix, agentPlacesOfWindow, shaped, csvRows, countries, agentLocationOf } =
    useShapedWindow(data, test.intervalSeconds, agents.data, view.agentFilter);

  // The MOS charts (two dozen recharts SVGs, ~1.5 s of rendering on a 2-core machine) render
  // from a deferred copy of the settled window: the heatmaps commit and paint first, the charts
  // follow in an interruptible background render instead of holding the first paint back, and
  // while a long window streams in they wait for it to be whole.
  const settled = useSettledWindow(shaped, {
    filling: results.filling,
    placeholder: results.isPlaceholderData,
    rangeKey: JSON.stringify(range),
  });
  // Null as the first value (React takes undefined for "none" and renders a mounting page with the
  // value itself): the charts of the first window are drawn after the heatmaps' first commit.
  const chartsInput = useDeferredValue<typeof settled | null>(settled, null) ?? undefined;
  // Each agent's dominant cause over the window: every round through the E-model (a million at
  // 500 agents × a week), so it follows the charts' copy, never the heatmaps' first paint.
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

  // The agents table is memoised: it renders again when what it shows changes, not each time an
  // interval of a long window arrives (~60 a cold week, each re-rendering its rows while the
  // server sent the rest). So what it is given keeps its identity from render to render.
  const previousPeriod = previous?.period;
  const previousChanges = previous?.changes;
  const tableComparison = useMemo(
    () =>
      previousPeriod === undefined
        ? undefined
        : { period: previousPeriod, changes: previousChanges },
    [previousPeriod, previousChanges],
  );
  const sortTableBy = useCallback(
    (key: Parameters<typeof nextSort>[1]) =>
      setView((current) => ({ tableSort: nextSort(current.tableSort, key) })),
    [setView],
  );
  const toggleTableGroups = useCallback(
    () => setView((current) => ({ groupByKind: !current.groupByKind })),
    [setView],
  );

  // One row order for both heatmaps, so a row is the same agent in each.
  const rowOrder = useMemo(
    () => (shaped ? sharedRowOrder(shaped.matrix, view.agentOrder) : undefined),
    [shaped, view.agentOrder],
  );

  // Time navigation (a new range in the URL for each move), and one crosshair for the views.
  const { zoomTo, zoomOutOnce } = useTimeNavigation(range, params.setRange, test.intervalSeconds);
  const [crosshair] = useState(createCrosshairStore);

  const skipToHeatmaps = (event: MouseEvent<HTMLAnchorElement>) => {
    // Focus moves without a #fragment in the URL (the URL is the view's state).
    event.preventDefault();
    const target = document.getElementById('heatmaps');
    target?.focus();
    target?.scrollIntoView({ block: 'start' });
  };

  const drillDown = useRoundDrillDown({
    matrix: shaped?.matrix,
    rows: data?.rows,
    intervalSeconds: test.intervalSeconds,
    agent: params.agent,
    round: params.round,
    openRound: params.openRound,
  });

  // Exports are named and titled with the test and the range they hold.
  const windowStartMs = shownWindowStartMs(results);
  const exportStart = windowStartMs ?? 0;
  const exportEnd = Math.max(exportStart, data?.endMs ?? exportStart);
  const exportStem = exportFileStem(test.testId, exportStart, exportEnd);
  const exportRangeText = describeExportRange(exportStart, exportEnd, timeZone);
  const csvName = `${exportStem}.csv`;
  const { viewUrl, pinnedUrl } = viewLinks(
    { origin: window.location.origin, pathname: location.pathname, search: location.search },
    data && { startMs: windowStartMs, endMs: data.endMs },
  );
  const emptyReason =
    shaped && data && windowMatrix
      ? whyWindowIsEmpty({
          range,
          windowStartMs: windowStartMs ?? 0,
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
      <TestHeader
        test={test}
        agents={agents.data}
        codecMaxMos={shaped?.figures.codecMaxMos}
        shaped={shaped !== undefined}
        share={{
          relativeUrl: viewUrl,
          pinnedUrl,
          isRelative: range.kind === 'relative' || range.toMs === undefined,
        }}
        status={{
          coverage: results.coverage,
          dataUpdatedAt: results.dataUpdatedAt,
          intervalSeconds: test.intervalSeconds,
          // While react-query retries (a 429 waits for its reset) the error is only a failure
          // reason; the status must say it now, not when the retries run out.
          error: results.error ?? results.failureReason,
          isFetching: results.isFetching,
          simulated,
          timeZone,
          pinned: range.kind === 'absolute' && range.toMs !== undefined,
          leftOut: describeSkippedRows(data?.skippedRows),
        }}
      />

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

      {results.error && !data ? (
        <ApiProblemPanel error={results.error} />
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

          <HeatmapPanels
            metrics={metrics}
            onMetricPick={(slot, metric) =>
              setView((current) => {
                const next: [HeatmapMetric, HeatmapMetric] = [...current.heatmapMetrics];
                next[slot] = metric;
                return { heatmapMetrics: next };
              })
            }
            agentOrder={view.agentOrder}
            onAgentOrderChange={(agentOrder) => setView({ agentOrder })}
            csv={
              data && {
                rows: csvRows,
                fileName: csvName,
                agentLocationOf,
                complete:
                  results.coverage === undefined ||
                  results.coverage.loadedMs >= results.coverage.windowMs,
              }
            }
            emptyReason={emptyReason}
            matrix={shaped?.matrix}
            rowOrder={rowOrder}
            heatmap={{
              timeZone,
              theme,
              onZoom: zoomTo,
              onZoomOut: zoomOutOnce,
              crosshair,
              selectedCell: drillDown.initialCell,
              testId: test.testId,
              errorDetailOf: drillDown.errorDetailOf,
              agentLocationOf,
            }}
            onOpenCell={drillDown.onOpenCell}
            cellsRef={drillDown.cellsRef}
            pngExportOf={(metric) => ({
              title: `${test.testName} · ${METRICS[metric].name} heatmap · ${exportRangeText}`,
              fileName: `${exportStem}-${metric}-heatmap.png`,
            })}
          />

          {chartsInput ? (
            <Suspense fallback={<MosChartsSkeleton />}>
              <MosCharts
                matrix={chartsInput.matrix}
                summaries={chartsInput.agentSummaries}
                rounds={chartsInput.roundSummaries}
                timeZone={timeZone}
                loading={results.isFetching || chartsInput !== shaped}
                focusedAgentId={params.agent}
                onFocusAgent={params.focusAgent}
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
            // not while the results download and the heatmaps paint; while older parts of the
            // window stream in, the charts wait for the whole window (useSettledWindow).
            <MosChartsSkeleton
              label={results.filling ? 'MOS is drawn once the whole window is in…' : undefined}
            />
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
                comparison={tableComparison}
                sort={view.tableSort}
                onSortColumn={sortTableBy}
                grouped={view.groupByKind}
                onGroupedToggle={toggleTableGroups}
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
          shareUrl={pinnedUrl}
          agentLocationOf={agentLocationOf}
        />
      )}
    </div>
  );
}
