// One test on the wall: name, codec, health against the codec's ceiling, the state of its data
// (stale and why), the MOS overview, loss and latency heatmaps and the worst agents.
import { lazy, memo, Suspense, useId } from 'react';
import { describeApiError } from '../../api/fetch-client.ts';
import type { VoiceTest } from '../../api/model.ts';
import type { WindowCoverage } from '../../api/window-results.ts';
import { useNow } from '../../hooks/use-now.ts';
import { formatMetric, type TimeZoneChoice } from '../../lib/format.ts';
import { HEALTH_COLOURS } from '../../lib/palettes.ts';
import { isStale } from '../../lib/staleness.ts';
import { DataStatus } from '../data-status/data-status.tsx';
import { Heatmap } from '../heatmap/heatmap.tsx';
import { rootFontPx, useElementSize } from './use-element-size.ts';
import type { WallTestData } from './wall-data.ts';

const MosOverviewChart = lazy(async () => ({
  default: (await import('../mos-charts/mos-overview-chart.tsx')).MosOverviewChart,
}));

export interface WallPanelProps {
  test: VoiceTest;
  data: WallTestData | undefined;
  /** Epoch ms of the last successful fetch; 0 before the first. */
  dataUpdatedAt: number;
  /** The last refresh's error, or the reason the refresh now retrying failed. */
  error: unknown;
  isFetching: boolean;
  /** 'full' = the only panel on screen (rotation): legends shown, more worst agents. */
  size: 'full' | 'grid';
  timeZone: TimeZoneChoice;
  pinned: boolean;
  /** How much of the window is on screen while older intervals arrive. */
  coverage?: WindowCoverage | undefined;
}

function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function staleCause(error: unknown): string {
  if (!error) return 'no new data';
  return describeApiError(error).title;
}

/** Memoised: the page re-renders every second for its clock; a panel only when its data moves. */
export const WallPanel = memo(function WallPanel({
  test,
  data,
  dataUpdatedAt,
  error,
  isFetching,
  size,
  timeZone,
  pinned,
  coverage,
}: WallPanelProps) {
  const query = { dataUpdatedAt, error, isFetching };
  const titleId = useId();
  const now = useNow(1000);
  const stale = !pinned && isStale(query.dataUpdatedAt, test.intervalSeconds, now);
  const summary = data?.summary;
  const health = summary?.health;
  const ceiling = data?.rounds.reduce<number | undefined>(
    (max, round) =>
      round.codecMaxMos !== undefined && (max === undefined || round.codecMaxMos > max)
        ? round.codecMaxMos
        : max,
    undefined,
  );
  const worstCount = size === 'full' ? 8 : 3;

  return (
    <article
      className={`wall-panel wall-panel--${size}${stale ? ' wall-panel--stale' : ''}`}
      aria-labelledby={titleId}
      data-testid="wall-panel"
      data-test-id={test.testId}
      data-last-round={data?.lastRoundId ?? ''}
    >
      <header className="wall-panel-head">
        <h2 id={titleId} className="wall-panel-title">
          {test.testName}
        </h2>
        <span className="wall-codec">
          {test.codec}
          {ceiling !== undefined ? ` · max MOS ${ceiling.toFixed(2)}` : ''} · every{' '}
          {formatInterval(test.intervalSeconds)}
        </span>
        {summary && (
          <span
            className={`wall-health wall-health--${health ?? 'unknown'}`}
            style={health ? { borderColor: HEALTH_COLOURS.dark[health] } : undefined}
            data-testid="wall-health"
          >
            <span className="wall-health-word">{health ?? 'no MOS'}</span>{' '}
            <span className="wall-health-counts">
              {summary.agentCounts.poor} poor · {summary.agentCounts.fair} fair ·{' '}
              {summary.agentCounts.good} good of {summary.agentsReporting} agents
            </span>
          </span>
        )}
        {stale && (
          <strong className="wall-stale-badge" aria-hidden="true">
            STALE · {staleCause(query.error)}
          </strong>
        )}
      </header>
      <DataStatus
        dataUpdatedAt={query.dataUpdatedAt}
        intervalSeconds={test.intervalSeconds}
        error={query.error}
        isFetching={query.isFetching}
        // The wall's header says "Simulated data" once for every panel.
        simulated={false}
        timeZone={timeZone}
        pinned={pinned}
        coverage={coverage}
        className="wall-status"
      />
      {data ? (
        <WallPanelBody data={data} size={size} timeZone={timeZone} worstCount={worstCount} />
      ) : (
        <p className="wall-waiting">
          {query.error ? 'No data yet: see above.' : 'Waiting for the first results…'}
        </p>
      )}
    </article>
  );
});

const WallPanelBody = memo(function WallPanelBody({
  data,
  size,
  timeZone,
  worstCount,
}: {
  data: WallTestData;
  size: 'full' | 'grid';
  timeZone: TimeZoneChoice;
  worstCount: number;
}) {
  const [chartRef, chart] = useElementSize<HTMLDivElement>();
  const [lossRef, loss] = useElementSize<HTMLDivElement>();
  const [latencyRef, latency] = useElementSize<HTMLDivElement>();
  const rem = rootFontPx();
  const showLegend = size === 'full';
  // The time axis (1.4 rem) and the legend below the cells: every wall heatmap has its legend.
  const reserve = rem * 3.8;
  // Agent labels are 0.7 rem (wall.css): a row gets its own label only where one fits.
  const labelRowPx = Math.ceil(rem * 0.7 * 1.2);
  const heatmapHeight = (available: number) => Math.max(16, Math.floor(available - reserve));
  const worst = data.summary.worstAgents.slice(0, worstCount);

  return (
    <div className="wall-panel-body">
      <div className="wall-panel-left">
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
                  fontPx={Math.round(rem * 0.8)}
                  // In the grid the block title names the lines; rotation has room for a legend.
                  showLegend={showLegend}
                />
              </Suspense>
            )}
          </div>
        </section>
        <section className="wall-block wall-worst" aria-label="Worst agents">
          <h3 className="wall-block-title">Worst agents</h3>
          {worst.length === 0 ? (
            <p className="wall-muted">No MOS values in the window.</p>
          ) : (
            <ol className="wall-worst-list">
              {worst.map((agent) => (
                <li key={agent.agentId}>
                  <span className="wall-worst-name">{agent.agentName}</span>
                  <span className="wall-worst-figures">
                    MOS {formatMetric('mos', agent.mosMean)}
                    {size === 'full' && (
                      <>
                        {agent.mosHeadroom !== undefined
                          ? ` (${agent.mosHeadroom.toFixed(2)} below max)`
                          : ''}{' '}
                        · loss {formatMetric('loss', agent.lossMean)}
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <div className="wall-panel-right">
        <section className="wall-block" aria-label="Loss">
          <h3 className="wall-block-title">Loss</h3>
          <div className="wall-fill" ref={lossRef}>
            {loss.height > 0 && (
              <Heatmap
                matrix={data.matrix}
                metric="loss"
                timeZone={timeZone}
                theme="dark"
                showExport={false}
                heightPx={heatmapHeight(loss.height)}
                labelRowPx={labelRowPx}
              />
            )}
          </div>
        </section>
        <section className="wall-block" aria-label="Latency">
          <h3 className="wall-block-title">Latency</h3>
          <div className="wall-fill" ref={latencyRef}>
            {latency.height > 0 && (
              <Heatmap
                matrix={data.matrix}
                metric="latency"
                timeZone={timeZone}
                theme="dark"
                showExport={false}
                heightPx={heatmapHeight(latency.height)}
                labelRowPx={labelRowPx}
              />
            )}
          </div>
        </section>
      </div>
    </div>
  );
});
