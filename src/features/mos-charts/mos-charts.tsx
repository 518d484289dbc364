// The "MOS vs codec maximum" region: the all-agents overview above per-agent small multiples.
// Default export so the page can React.lazy() it and keep recharts out of the first paint.
import { memo, useId, useRef, useState } from 'react';
import type { AgentLocationOf, AgentSummary, RoundSummary, RoundsMatrix } from '../../lib/model.ts';
import type { CrosshairStore } from '../../lib/crosshair.ts';
import type { TimeZoneChoice } from '../../lib/format.ts';
import type { AgentAttribution } from '../../lib/window-attribution.ts';
import { AgentMosSmallMultiples } from './agent-mos-small-multiples.tsx';
import { downloadSvgChartPng } from './export-mos-png.ts';
import {
  MOS_CHARTS_TITLE,
  MULTIPLES_TITLE,
  OVERVIEW_HEIGHT,
  OVERVIEW_TITLE,
} from './mos-chart-style.ts';
import { MosChartsSkeleton } from './mos-charts-skeleton.tsx';
import { MosOverviewChart } from './mos-overview-chart.tsx';
import './mos-charts.css';

export interface MosChartsProps {
  /** Undefined until the first load has finished. */
  matrix: RoundsMatrix | undefined;
  summaries: readonly AgentSummary[] | undefined;
  rounds: readonly RoundSummary[] | undefined;
  timeZone: TimeZoneChoice;
  /** True while fetching; with data already present the charts stay and are marked busy. */
  loading?: boolean;
  onFocusAgent?: (agentId: string) => void;
  focusedAgentId?: string;
  /** Agents per page of small multiples (default 24). */
  pageSize?: number;
  /** Where each agent is (the rows' location, else /agents), shown with its name. */
  agentLocationOf?: AgentLocationOf;
  /** Each agent's dominant cause over the window (E-model), shown on its card. */
  attributions?: ReadonlyMap<string, AgentAttribution> | undefined;
  /** compare=1d|1w: the earlier window's rounds (moved to sit under these) and its name. */
  previousRounds?: readonly RoundSummary[] | undefined;
  previousName?: string;
  /** Time navigation on the overview: drag to zoom, double-click to zoom out, the crosshair. */
  onZoom?: (startMs: number, endMs: number) => void;
  onZoomOut?: () => void;
  crosshair?: CrosshairStore;
  /** The overview's PNG: title (the test and the range) and file name. No button without it. */
  pngExport?: { title: string; fileName: string };
}

/**
 * Memoised: while a long window streams in, the page renders again for every interval that
 * arrives (the status counts the hours), and two dozen recharts SVGs rendered with it each time
 * were a third of the page's rendering. Its props are data and stable callbacks, and the PNG's
 * names, compared by value.
 */
export const MosCharts = memo(function MosCharts({
  matrix,
  summaries,
  rounds,
  timeZone,
  loading = false,
  onFocusAgent,
  focusedAgentId,
  pageSize,
  agentLocationOf,
  attributions,
  previousRounds,
  previousName,
  onZoom,
  onZoomOut,
  crosshair,
  pngExport,
}: MosChartsProps) {
  const headingId = useId();
  const overviewRef = useRef<HTMLDivElement>(null);
  const [exportProblem, setExportProblem] = useState<string | undefined>(undefined);
  if (!matrix || !summaries || !rounds) {
    return <MosChartsSkeleton />;
  }
  const hasMos = rounds.some((round) => round.mosMedian !== undefined);
  return (
    <section className="mos-charts" aria-labelledby={headingId} aria-busy={loading}>
      <h2 id={headingId}>{MOS_CHARTS_TITLE}</h2>
      <div className="mos-charts__overview-head">
        <h3>{OVERVIEW_TITLE}</h3>
        {hasMos && pngExport && (
          <button
            type="button"
            onClick={() => {
              const svg = overviewRef.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
              if (!svg) return;
              setExportProblem(undefined);
              downloadSvgChartPng(
                svg,
                {
                  title: pngExport.title,
                  subtitle: `${OVERVIEW_TITLE}: median and 5th percentile MOS against the codec maximum`,
                },
                pngExport.fileName,
              ).catch((error: unknown) =>
                setExportProblem(error instanceof Error ? error.message : String(error)),
              );
            }}
          >
            Download PNG of the MOS chart
          </button>
        )}
        {exportProblem !== undefined && <span role="alert">{exportProblem}</span>}
      </div>
      {hasMos ? (
        <div ref={overviewRef}>
          <MosOverviewChart
            rounds={rounds}
            timeZone={timeZone}
            previousRounds={previousRounds}
            previousName={previousName}
            onZoom={onZoom}
            onZoomOut={onZoomOut}
            crosshair={crosshair}
          />
        </div>
      ) : (
        <div style={{ height: OVERVIEW_HEIGHT }}>
          <p className="mos-charts__empty">No MOS values in this window.</p>
        </div>
      )}
      <h3>{MULTIPLES_TITLE}</h3>
      <AgentMosSmallMultiples
        matrix={matrix}
        summaries={summaries}
        timeZone={timeZone}
        onFocusAgent={onFocusAgent}
        focusedAgentId={focusedAgentId}
        pageSize={pageSize}
        agentLocationOf={agentLocationOf}
        attributions={attributions}
      />
    </section>
  );
}, sameProps);

function sameProps(before: MosChartsProps, after: MosChartsProps): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof MosChartsProps)[]);
  return [...keys].every((key) =>
    key === 'pngExport'
      ? before.pngExport?.title === after.pngExport?.title &&
        before.pngExport?.fileName === after.pngExport?.fileName
      : Object.is(before[key], after[key]),
  );
}

export default MosCharts;
