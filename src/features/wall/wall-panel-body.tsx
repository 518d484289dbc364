// What a wall panel shows under its headline: the MOS overview (when the layout has room), the
// worst agents named with their figures and main cause, and one heatmap per metric of
// WALL_HEATMAP_METRICS, named from the metric table, with the worst agents' rows on top. Every
// size comes from the layout (wall-layout.ts); this file only measures the blocks it fills.
import { lazy, memo, Suspense, useMemo } from 'react';
import { formatMetric, type TimeZoneChoice } from '../../lib/format.ts';
import { METRICS, type HeatmapMetric } from '../../lib/metrics.ts';
import { SUSTAINED_MINUTES, type AgentGrade } from '../../lib/mos-grade.ts';
import {
  describeAgentAttribution,
  describeDominantCause,
  type AgentAttribution,
} from '../../lib/window-attribution.ts';
import { Heatmap } from '../heatmap/heatmap.tsx';
import { useMeasuredSize } from '../../hooks/use-measured-size.ts';
import type { WallTestData } from './wall-data.ts';
import { labelColumnPx, placeRowLabels, type WallLayout } from './wall-layout.ts';
import { worstAgentCauses, type WallTestSummary } from './wall-summary.ts';

const MosOverviewChart = lazy(async () => ({
  default: (await import('../mos-charts/mos-overview-chart.tsx')).MosOverviewChart,
}));

/** The heatmaps of a wall panel, top to bottom: what a NOC engineer reads a bad call from. */
export const WALL_HEATMAP_METRICS = ['loss', 'latency'] as const satisfies readonly HeatmapMetric[];

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

/** One metric's heatmap, filling the block it is given, its worst agents labelled. */
function WallHeatmapBlock({
  metric,
  data,
  summary,
  layout,
  timeZone,
  longestName,
}: {
  metric: HeatmapMetric;
  data: WallTestData;
  summary: WallTestSummary;
  layout: WallLayout;
  timeZone: TimeZoneChoice;
  longestName: number;
}) {
  const { ref, ...block } = useMeasuredSize<HTMLDivElement>();
  const name = METRICS[metric].name;
  const heightPx = Math.max(16, Math.floor(block.height - layout.heatmapReservePx));
  return (
    <section className="wall-block" aria-label={name}>
      <h3 className="wall-block-title">{name} · worst MOS on top</h3>
      <div className="wall-fill" ref={ref}>
        {block.height > 0 && (
          <Heatmap
            matrix={data.matrix}
            metric={metric}
            rowOrder={summary.rowOrder}
            timeZone={timeZone}
            theme="dark"
            variant="wall"
            labelColumnPx={labelColumnPx(block.width, longestName, layout.remPx)}
            showExport={false}
            heightPx={heightPx}
            labelRowPx={layout.labelRowPx}
            tickSpacingPx={layout.tickSpacingPx}
            rowLabels={placeRowLabels({
              rowCount: summary.rowOrder.length,
              heightPx,
              labelPx: layout.labelRowPx,
              labelledWorst: layout.labelledWorst,
              overhangPx: layout.timeAxisPx,
            })}
          />
        )}
      </div>
    </section>
  );
}

export const WallPanelBody = memo(function WallPanelBody({
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
  const { ref: chartRef, ...chart } = useMeasuredSize<HTMLDivElement>();
  const full = layout.size === 'full';
  const worst = summary.worstAgents.slice(0, layout.worstCount);
  const causes = useMemo(
    () => worstAgentCauses(data.matrix, data.rows, worst),
    // `worst` is a fresh slice each render; the summary and the count say what it holds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data.matrix, data.rows, summary, layout.worstCount],
  );
  const longestName = data.matrix.agents.reduce(
    (max, agent) => Math.max(max, agent.agentName.length),
    0,
  );

  return (
    <div className={`wall-panel-body${layout.showChart ? '' : ' wall-panel-body--no-chart'}`}>
      <div className="wall-panel-left">
        {layout.showChart && (
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
                    // Axis text, lines and the value axis's width follow the wall's rem (set from
                    // the viewport), so a 4K screen does not get 1080p's 12 px.
                    fontPx={layout.chartFontPx}
                    legendFontPx={layout.remPx}
                    lineWidthPx={layout.remPx * 0.15}
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
        {WALL_HEATMAP_METRICS.map((metric) => (
          <WallHeatmapBlock
            key={metric}
            metric={metric}
            data={data}
            summary={summary}
            layout={layout}
            timeZone={timeZone}
            longestName={longestName}
          />
        ))}
      </div>
    </div>
  );
});
