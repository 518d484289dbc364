// The "MOS vs codec maximum" region: the all-agents overview above per-agent small multiples.
// Default export so the page can React.lazy() it and keep recharts out of the first paint.
import { useId } from 'react';
import type { AgentLocationOf, AgentSummary, RoundSummary, RoundsMatrix } from '../../lib/model.ts';
import type { TimeZoneChoice } from '../../lib/format.ts';
import { AgentMosSmallMultiples } from './agent-mos-small-multiples.tsx';
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
}

export function MosCharts({
  matrix,
  summaries,
  rounds,
  timeZone,
  loading = false,
  onFocusAgent,
  focusedAgentId,
  pageSize,
  agentLocationOf,
}: MosChartsProps) {
  const headingId = useId();
  if (!matrix || !summaries || !rounds) {
    return <MosChartsSkeleton />;
  }
  const hasMos = rounds.some((round) => round.mosMedian !== undefined);
  return (
    <section className="mos-charts" aria-labelledby={headingId} aria-busy={loading}>
      <h2 id={headingId}>{MOS_CHARTS_TITLE}</h2>
      <h3>{OVERVIEW_TITLE}</h3>
      {hasMos ? (
        <MosOverviewChart rounds={rounds} timeZone={timeZone} />
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
      />
    </section>
  );
}

export default MosCharts;
