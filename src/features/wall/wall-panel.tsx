// One test on the wall: its headline state (graded by the worst sustained stretch) and since when,
// name, codec, the state of its data (stale and why, in one message), the worst agents named with
// their figures, the MOS overview, and loss and latency heatmaps with the worst agents' rows on top.
import { lazy, memo, Suspense, useId, useMemo } from 'react';
import { describeApiError } from '../../api/fetch-client.ts';
import type { VoiceTest } from '../../lib/model.ts';
import type { WindowCoverage } from '../../api/window-results.ts';
import { useClockValue } from '../../hooks/use-now.ts';
import {
  formatClock,
  formatInterval,
  formatMetric,
  type TimeZoneChoice,
} from '../../lib/format.ts';
import { SUSTAINED_MINUTES, type AgentGrade } from '../../lib/mos-grade.ts';
import { HEALTH_COLOURS } from '../../lib/health-colours.ts';
import { isStale } from '../../lib/staleness.ts';
import { DataStatus } from '../data-status/data-status.tsx';
import { Heatmap } from '../heatmap/heatmap.tsx';
import { rootFontPx, useElementSize } from './use-element-size.ts';
import type { WallTestData } from './wall-data.ts';
import { placeRowLabels, type WallLayout } from './wall-layout.ts';
import { describeTrouble, worstAgentCauses, type WallTestSummary } from './wall-summary.ts';
import {
  describeAgentAttribution,
  describeDominantCause,
  type AgentAttribution,
} from '../../lib/window-attribution.ts';

const MosOverviewChart = lazy(async () => ({
  default: (await import('../mos-charts/mos-overview-chart.tsx')).MosOverviewChart,
}));

export interface WallPanelProps {
  test: VoiceTest;
  data: WallTestData | undefined;
  /** The test graded in the wall's mode (grade=…); undefined before the first data. */
  summary: WallTestSummary | undefined;
  /** Epoch ms of the last successful fetch; 0 before the first. */
  dataUpdatedAt: number;
  /** The last refresh's error, or the reason the refresh now retrying failed. */
  error: unknown;
  isFetching: boolean;
  layout: WallLayout;
  timeZone: TimeZoneChoice;
  pinned: boolean;
  /** How much of the window is on screen while older intervals arrive. */
  coverage?: WindowCoverage | undefined;
}

function staleCause(error: unknown): string {
  if (!error) return 'no new data';
  return describeApiError(error).title;
}

/**
 * Memoised: re-rendered when its data moves, not when the page is (a rotation turn); the clock only
 * when it turns stale or the trouble's age in minutes changes. Its status line keeps its own clock.
 */
export const WallPanel = memo(function WallPanel({
  test,
  data,
  summary,
  dataUpdatedAt,
  error,
  isFetching,
  layout,
  timeZone,
  pinned,
  coverage,
}: WallPanelProps) {
  const titleId = useId();
  const stale = useClockValue(
    1000,
    (nowMs) => !pinned && isStale(dataUpdatedAt, test.intervalSeconds, nowMs),
  );
  const trouble = summary?.trouble;
  const troubleText = useClockValue(1000, (nowMs) =>
    trouble ? describeTrouble(trouble, timeZone, nowMs) : '',
  );
  const health = summary?.health;
  const ceiling = data?.rounds.reduce<number | undefined>(
    (max, round) =>
      round.codecMaxMos !== undefined && (max === undefined || round.codecMaxMos > max)
        ? round.codecMaxMos
        : max,
    undefined,
  );
  const size = layout.size;

  return (
    <article
      className={`wall-panel wall-panel--${size}${stale ? ' wall-panel--stale' : ''}`}
      aria-labelledby={titleId}
      data-testid="wall-panel"
      data-test-id={test.testId}
      data-last-round={data?.lastRoundId ?? ''}
    >
      <header className="wall-panel-head">
        {summary && (
          <span
            className={`wall-health wall-health--${health ?? 'unknown'}`}
            style={health ? { borderColor: HEALTH_COLOURS.dark[health] } : undefined}
            data-testid="wall-health"
          >
            <span className="wall-health-word">{health ?? 'no MOS'}</span>
            {trouble && (
              <span className="wall-since" data-testid="wall-since">
                {troubleText}
              </span>
            )}
          </span>
        )}
        <h2 id={titleId} className="wall-panel-title">
          {test.testName}
        </h2>
        <span className="wall-codec">
          {test.codec}
          {ceiling !== undefined ? ` · max MOS ${ceiling.toFixed(2)}` : ''} · every{' '}
          {formatInterval(test.intervalSeconds)}
        </span>
      </header>
      <div className="wall-panel-state">
        {stale ? (
          // One message for a stale panel: the cause and the age of what is shown. The status
          // beside it says the same to a screen reader (hidden from view, not from it).
          <strong className="wall-stale-badge" aria-hidden="true" data-testid="wall-stale">
            STALE · {staleCause(error)} · data from {formatClock(dataUpdatedAt, timeZone)}
          </strong>
        ) : null}
        <DataStatus
          dataUpdatedAt={dataUpdatedAt}
          intervalSeconds={test.intervalSeconds}
          error={error}
          isFetching={isFetching}
          // The wall's header says "Simulated data" once for every panel.
          simulated={false}
          timeZone={timeZone}
          pinned={pinned}
          coverage={coverage}
          className={stale ? 'wall-status wall-visually-hidden' : 'wall-status'}
        />
      </div>
      {data && summary ? (
        <WallPanelBody data={data} summary={summary} layout={layout} timeZone={timeZone} />
      ) : (
        <p className="wall-waiting">
          {error ? 'No data yet: see above.' : 'Waiting for the first results…'}
        </p>
      )}
    </article>
  );
});

function WorstAgent({ agent, cause }: { agent: AgentGrade; cause: AgentAttribution | undefined }) {
  const figures = agent.worstStretch;
  return (
    <li className="wall-worst-agent" data-testid="wall-worst-agent">
      <span className="wall-worst-name">{agent.agentName}</span>
      <span className="wall-worst-figures">
        <span className={`wall-figure wall-figure--${agent.health ?? 'unknown'}`}>
          MOS {formatMetric('mos', figures?.mosMean)}
        </span>
        <span className="wall-figure">loss {formatMetric('loss', figures?.lossMean)}</span>
        <span className="wall-figure">{formatMetric('latency', figures?.latencyMean)}</span>
        {/* The E-model's main cause over the same stretch (docs/e-model.md). */}
        <span
          className="wall-figure wall-cause"
          data-testid="wall-cause"
          title={describeAgentAttribution(cause)}
        >
          cause: {describeDominantCause(cause)}
        </span>
      </span>
    </li>
  );
}

const WallPanelBody = memo(function WallPanelBody({
  data,
  summary,
  layout,
  timeZone,
}: {
  data: WallTestData;
  summary: WallTestSummary;
  layout: WallLayout;
  timeZone: TimeZoneChoice;
}) {
  const [chartRef, chart] = useElementSize<HTMLDivElement>();
  const [lossRef, loss] = useElementSize<HTMLDivElement>();
  const [latencyRef, latency] = useElementSize<HTMLDivElement>();
  const rem = rootFontPx();
  const full = layout.size === 'full';
  const showChart = full || layout.rows === 1;
  // The time axis and the legend below the cells (every wall heatmap has its legend, which may
  // wrap to two lines in a narrow panel).
  const reserve = rem * (full ? 2.8 : 3.4);
  // Agent labels are 1 rem (wall.css): a label takes a line of that text.
  const labelRowPx = Math.ceil(rem * 1.2);
  const heatmapHeight = (available: number) => Math.max(16, Math.floor(available - reserve));
  const worst = summary.worstAgents.slice(0, layout.worstCount);
  const causes = useMemo(
    () => worstAgentCauses(data.matrix, data.rows, worst),
    // `worst` is a fresh slice each render; the summary and the count say what it holds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data.matrix, data.rows, summary, layout.worstCount],
  );
  const rowCount = summary.rowOrder.length;
  // The label column fits the longest name (about 0.58 em a character), within 45 % of the block.
  const longest = data.matrix.agents.reduce(
    (max, agent) => Math.max(max, agent.agentName.length),
    0,
  );
  const namesPx = Math.min(loss.width * 0.45, rem * (longest * 0.58 + 0.9));
  const heatmap = (metric: 'loss' | 'latency', available: number) => {
    const heightPx = heatmapHeight(available);
    return (
      <Heatmap
        matrix={data.matrix}
        metric={metric}
        rowOrder={summary.rowOrder}
        timeZone={timeZone}
        theme="dark"
        showExport={false}
        heightPx={heightPx}
        labelRowPx={labelRowPx}
        // Time labels are 0.7 rem: about 2.5 rem wide, so one every 5.5 rem never touch, even the
        // last one, which ends at its mark (wall.css).
        tickSpacingPx={rem * 5.5}
        rowLabels={placeRowLabels({
          rowCount,
          heightPx,
          labelPx: labelRowPx,
          labelledWorst: layout.labelledWorst,
          // Beside the time axis (1.2 rem, wall.css) the label column is empty.
          overhangPx: rem * 1.2,
        })}
      />
    );
  };

  return (
    <div
      className={`wall-panel-body${showChart ? '' : ' wall-panel-body--no-chart'}`}
      style={{ ['--wall-names' as string]: `${Math.round(namesPx)}px` }}
    >
      <div className="wall-panel-left">
        {showChart && (
          <section className="wall-block wall-mos" aria-label="MOS vs codec maximum">
            <h3 className="wall-block-title">
              MOS vs codec maximum
              <span className="wall-mos-key" aria-hidden="true">
                <span style={{ color: 'var(--mos-line)' }}>— median</span>
                <span style={{ color: 'var(--mos-p5)' }}>··· p5</span>
                <span style={{ color: 'var(--mos-ceiling)' }}>- - max</span>
              </span>
            </h3>
            <div className="wall-fill" ref={chartRef}>
              {chart.height > 0 && (
                <Suspense fallback={null}>
                  <MosOverviewChart
                    rounds={data.rounds}
                    timeZone={timeZone}
                    height={chart.height}
                    // Axis text and the value axis's width follow the wall's rem (set from the
                    // viewport), so a 4K screen does not get 1080p's 12 px.
                    fontPx={Math.round(rem * 0.7)}
                    // In the grid the block title names the lines; rotation has room for a legend.
                    showLegend={full}
                  />
                </Suspense>
              )}
            </div>
          </section>
        )}
        <section className="wall-block wall-worst" aria-label="Worst agents">
          <h3 className="wall-block-title">
            Worst agents, their worst {SUSTAINED_MINUTES} min · {summary.agentCounts.poor} poor,{' '}
            {summary.agentCounts.fair} fair, {summary.agentCounts.good} good of{' '}
            {summary.agentsReporting} agents
          </h3>
          {worst.length === 0 ? (
            <p className="wall-muted">No MOS values in the window.</p>
          ) : (
            <ol className="wall-worst-list">
              {worst.map((agent) => (
                <WorstAgent key={agent.agentId} agent={agent} cause={causes.get(agent.agentId)} />
              ))}
            </ol>
          )}
        </section>
      </div>
      <div className="wall-panel-right">
        <section className="wall-block" aria-label="Loss">
          <h3 className="wall-block-title">Loss · worst MOS on top</h3>
          <div className="wall-fill" ref={lossRef}>
            {loss.height > 0 && heatmap('loss', loss.height)}
          </div>
        </section>
        <section className="wall-block" aria-label="Latency">
          <h3 className="wall-block-title">Latency · worst MOS on top</h3>
          <div className="wall-fill" ref={latencyRef}>
            {latency.height > 0 && heatmap('latency', latency.height)}
          </div>
        </section>
      </div>
    </div>
  );
});
