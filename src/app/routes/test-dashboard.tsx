// `/tests/:testId`: composes the features over one test's results. The URL holds the state; this
// module reads it, asks the data layer, shapes once, and hands the same matrix to every view.
import { lazy, Suspense, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'react-router';
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
import { agentPlaces } from '../../features/agents-table/agents-table-model.ts';
import { AgentsTable } from '../../features/agents-table/agents-table.tsx';
import { CsvDownloadButton } from '../../features/csv-export/csv-download-button.tsx';
import { DataStatus } from '../../features/data-status/data-status.tsx';
import { HeadlineFigures } from '../../features/headline-figures/headline-figures.tsx';
import { Heatmap } from '../../features/heatmap/heatmap.tsx';
import { rowOrderFor, type RowOrderKind } from '../../features/heatmap/row-order.ts';
import { MosChartsSkeleton } from '../../features/mos-charts/mos-charts-skeleton.tsx';
import { RoundDetailsDialog } from '../../features/round-details/round-details-dialog.tsx';
import { useTheme } from '../../features/theme/theme.ts';
import { TimeWindowControl } from '../../features/time-window/time-window-control.tsx';
import { useTestPageUrlState, type TestPageUrl } from '../../hooks/use-url-state.ts';
import { headlineFigures } from '../../lib/headline-figures.ts';
import { formatInterval } from '../../lib/format.ts';
import { buildRoundsMatrix, summarizeAgents, summarizeRounds } from '../../lib/rounds-matrix.ts';
import { timeRangeToUrlParams } from '../../../common/time-window.ts';
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
  const [metrics, setMetrics] = useState<[HeatmapMetric, HeatmapMetric]>(['loss', 'latency']);
  const [order, setOrder] = useState<RowOrderKind>('worst');
  const [results] = useWindowResults([
    {
      apiVersion,
      aid: params.aid,
      testId: test.testId,
      range,
      intervalSeconds: test.intervalSeconds,
    },
  ]) as [WindowResults];

  // One /agents call per account group, shared with the test list (api/agents.ts).
  const agents = useAgents({ apiVersion, aid: params.aid });

  const data = results.data;
  const shaped = useMemo(() => {
    if (!data) return undefined;
    // The combined body says which window it covers: the head's instant, minus the window.
    const matrix = buildRoundsMatrix(data.rows, {
      startMs: data.startMs ?? 0,
      endMs: data.endMs ?? 0,
      intervalSeconds: test.intervalSeconds,
    });
    const agentSummaries = summarizeAgents(matrix);
    return {
      matrix,
      agentSummaries,
      roundSummaries: summarizeRounds(matrix),
      figures: headlineFigures(matrix, agentSummaries),
    };
  }, [data, test.intervalSeconds]);

  const agentPlacesOfWindow = useMemo(
    () => agentPlaces(data?.rows ?? [], agents.data),
    [data, agents.data],
  );
  // Every view that names an agent names where it is too (rows' location, else /agents).
  const agentLocationOf = useCallback(
    (agentId: string) => agentPlacesOfWindow.get(agentId)?.location,
    [agentPlacesOfWindow],
  );

  // The MOS charts (two dozen recharts SVGs, ~1.5 s of rendering on a 2-core machine) render
  // from a deferred copy: the heatmaps commit and paint first, the charts follow in an
  // interruptible background render instead of holding the first paint back.
  const chartsInput = useDeferredValue(shaped);

  const rowOrders = useMemo(
    () => (shaped ? metrics.map((metric) => rowOrderFor(shaped.matrix, metric, order)) : undefined),
    [shaped, metrics, order],
  );

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
  const csvName = `earshot-${test.testId}-${Object.values(timeRangeToUrlParams(range))
    .join('-')
    .replace(/[^0-9a-zA-Z-]/g, '')}.csv`;

  return (
    <div className={styles.dashboard}>
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

      {resultsProblem ? (
        <ProblemPanel title={resultsProblem.title} messages={[resultsProblem.action]} />
      ) : (
        <>
          <HeadlineFigures figures={shaped?.figures} />

          <section className={styles.heatmaps} aria-label="Heatmaps">
            <div className={styles.heatmapToolbar}>
              <label>
                Sort agents{' '}
                <select
                  value={order}
                  onChange={(event) => setOrder(event.target.value as RowOrderKind)}
                >
                  <option value="worst">worst first</option>
                  <option value="name">by name</option>
                  <option value="country">by country</option>
                </select>
              </label>
              {data && (
                <CsvDownloadButton
                  rows={data.rows}
                  fileName={csvName}
                  agentLocationOf={agentLocationOf}
                  complete={
                    results.coverage === undefined ||
                    results.coverage.loadedMs >= results.coverage.windowMs
                  }
                />
              )}
            </div>
            {metrics.map((metric, slot) => (
              <div key={slot} className={styles.heatmapPanel}>
                <label className={styles.metricPicker}>
                  Heatmap {slot + 1} shows{' '}
                  <select
                    value={metric}
                    onChange={(event) => {
                      const next = [...metrics] as [HeatmapMetric, HeatmapMetric];
                      next[slot] = event.target.value as HeatmapMetric;
                      setMetrics(next);
                    }}
                  >
                    {HEATMAP_METRICS.map((option) => (
                      <option key={option} value={option}>
                        {METRICS[option].name}
                      </option>
                    ))}
                  </select>
                </label>
                {shaped && rowOrders ? (
                  <Heatmap
                    matrix={shaped.matrix}
                    metric={metric}
                    rowOrder={rowOrders[slot]}
                    timeZone={timeZone}
                    theme={theme}
                    onOpenCell={openCell}
                    selectedCell={initialCell}
                    testId={test.testId}
                    errorDetailOf={errorDetailOf}
                    agentLocationOf={agentLocationOf}
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
              />
            ) : (
              <div className={styles.tableSkeleton} aria-hidden="true" />
            )}
          </section>
        </>
      )}

      {shaped && data && params.agent !== undefined && params.round !== undefined && (
        <RoundDetailsDialog
          matrix={shaped.matrix}
          rows={data.rows}
          agentId={params.agent}
          roundId={params.round}
          timeZone={timeZone}
          onClose={params.closeRound}
          onNavigate={params.openRound}
          shareUrl={window.location.href}
          agentLocationOf={agentLocationOf}
        />
      )}
    </div>
  );
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
