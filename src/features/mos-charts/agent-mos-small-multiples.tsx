// One small chart per agent, worst headroom first, a page at a time so a 500-agent test draws
// only one page of SVG.
// Just over 300 lines: the grid, its paging and the one small chart it repeats, which share props.
import { useMemo, useRef, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { agentNameWithLocation } from '../../api/adapters/agents.ts';
import type { AgentLocationOf, AgentSummary, RoundsMatrix } from '../../lib/model.ts';
import { healthOf } from '../../lib/palettes.ts';
import {
  formatDateTime,
  formatHeadroom,
  formatMetric,
  formatNumber,
  type TimeZoneChoice,
} from '../../lib/format.ts';
import {
  ceilingLineProps,
  measuredLineProps,
  mosTooltipContent,
  mosYAxisProps,
  timeXAxisProps,
} from './mos-chart-parts.tsx';
import {
  AGENTS_PER_PAGE,
  MOS_COLORS,
  MULTIPLE_CARD_HEIGHT,
  MULTIPLE_CHART_HEIGHT,
} from './mos-chart-style.ts';
import {
  MAX_CHART_POINTS,
  agentMosSeries,
  agentsByHeadroom,
  lowestMosPoint,
  matrixMosDomain,
  mosTicks,
  timeTicks,
  type AgentMosPoint,
} from './mos-series.ts';
import { useSeenOnce } from '../../hooks/use-seen-once.ts';
import {
  describeAgentAttribution,
  describeDominantCause,
  type AgentAttribution,
} from '../../lib/window-attribution.ts';

export interface AgentMosSmallMultiplesProps {
  matrix: RoundsMatrix;
  summaries: readonly AgentSummary[];
  timeZone: TimeZoneChoice;
  onFocusAgent?: (agentId: string) => void;
  focusedAgentId?: string;
  pageSize?: number;
  /** Fixed chart width instead of following the grid cell (tests, print). */
  chartWidth?: number;
  maxPoints?: number;
  /** Where each agent is (the rows' location, else /agents), shown with its name. */
  agentLocationOf?: AgentLocationOf;
  /** Each agent's dominant cause over the window (E-model): a small label on its card. */
  attributions?: ReadonlyMap<string, AgentAttribution> | undefined;
}

export function AgentMosSmallMultiples({
  matrix,
  summaries,
  timeZone,
  onFocusAgent,
  focusedAgentId,
  pageSize = AGENTS_PER_PAGE,
  chartWidth,
  maxPoints = MAX_CHART_POINTS,
  agentLocationOf,
  attributions,
}: AgentMosSmallMultiplesProps) {
  const order = useMemo(() => agentsByHeadroom(matrix, summaries), [matrix, summaries]);
  const summaryById = useMemo(
    () => new Map(summaries.map((summary) => [summary.agentId, summary])),
    [summaries],
  );
  const domain = useMemo(() => matrixMosDomain(matrix), [matrix]);
  const pageCount = Math.max(1, Math.ceil(order.length / pageSize));

  // Follow a newly focused agent to its page (state adjusted during render, not in an effect).
  const pageOf = (agentId: string | undefined): number | undefined => {
    if (agentId === undefined) return undefined;
    const position = order.findIndex((i) => matrix.agents[i]?.agentId === agentId);
    return position >= 0 ? Math.floor(position / pageSize) : undefined;
  };
  const [pageState, setPageState] = useState(() => ({
    page: pageOf(focusedAgentId) ?? 0,
    followed: focusedAgentId,
  }));
  if (pageState.followed !== focusedAgentId) {
    setPageState({ page: pageOf(focusedAgentId) ?? pageState.page, followed: focusedAgentId });
  }
  const page = Math.min(pageState.page, pageCount - 1);
  const setPage = (next: number) => setPageState((state) => ({ ...state, page: next }));

  const first = page * pageSize;
  const pageAgents = useMemo(() => order.slice(first, first + pageSize), [order, first, pageSize]);
  // Only the visible page is shaped; memoised so a hover elsewhere does not re-shape 24 series.
  const pageSeries = useMemo(
    () => pageAgents.map((agentIndex) => agentMosSeries(matrix, agentIndex, maxPoints)),
    [matrix, pageAgents, maxPoints],
  );
  const startMs = (matrix.roundIds[0] ?? 0) * 1000;
  const endMs = (matrix.roundIds[matrix.roundIds.length - 1] ?? 0) * 1000;
  const xTicks = useMemo(() => timeTicks(startMs, endMs, 4), [startMs, endMs]);
  const yTicks = useMemo(() => mosTicks(domain), [domain]);

  if (order.length === 0) {
    return <p className="mos-charts__empty">No agents reported in this window.</p>;
  }

  const rangeText = `Agents ${formatNumber(first + 1)}–${formatNumber(first + pageAgents.length)} of ${formatNumber(order.length)}`;
  return (
    <div className="mos-multiples">
      {pageCount > 1 && (
        <nav className="mos-multiples__pager" aria-label="Agent pages">
          <button type="button" onClick={() => setPage(page - 1)} disabled={page === 0}>
            Previous
          </button>
          <span aria-live="polite">{rangeText}</span>
          <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pageCount - 1}>
            Next
          </button>
        </nav>
      )}
      <ul className="mos-multiples__list" aria-label="MOS per agent">
        {pageAgents.map((agentIndex, position) => {
          const agent = matrix.agents[agentIndex];
          if (!agent) return null;
          return (
            <AgentMosMultiple
              key={agent.agentId}
              agentId={agent.agentId}
              agentName={agent.agentName}
              agentLocation={agentLocationOf?.(agent.agentId)}
              summary={summaryById.get(agent.agentId)}
              attribution={attributions?.get(agent.agentId)}
              showCause={attributions !== undefined}
              series={pageSeries[position] ?? []}
              domain={domain}
              xTicks={xTicks}
              yTicks={yTicks}
              startMs={startMs}
              endMs={endMs}
              timeZone={timeZone}
              focused={agent.agentId === focusedAgentId}
              onFocusAgent={onFocusAgent}
              chartWidth={chartWidth}
            />
          );
        })}
      </ul>
    </div>
  );
}

function describePoint(point: AgentMosPoint) {
  return {
    lines: [
      { label: 'MOS', value: point.mos, color: MOS_COLORS.mos },
      { label: 'Codec maximum', value: point.ceiling, color: MOS_COLORS.ceiling },
    ],
  };
}

function AgentMosMultiple({
  agentId,
  agentName,
  agentLocation,
  summary,
  attribution,
  showCause,
  series,
  domain,
  xTicks,
  yTicks,
  startMs,
  endMs,
  timeZone,
  focused,
  onFocusAgent,
  chartWidth,
}: {
  agentId: string;
  agentName: string;
  agentLocation: string | undefined;
  summary: AgentSummary | undefined;
  attribution: AgentAttribution | undefined;
  showCause: boolean;
  series: AgentMosPoint[];
  domain: [number, number];
  xTicks: number[];
  yTicks: number[];
  startMs: number;
  endMs: number;
  timeZone: TimeZoneChoice;
  focused: boolean;
  onFocusAgent: ((agentId: string) => void) | undefined;
  chartWidth: number | undefined;
}) {
  const stats = `Mean MOS ${formatMetric('mos', summary?.mosMean)} · ${formatHeadroom(summary?.mosHeadroom)}`;
  // The same headroom bands as the MOS heatmap, so a card and a cell never disagree.
  const health = healthOf('mos', summary?.mosMean, summary?.codecMaxMos);
  const lowest = lowestMosPoint(series);
  const named = agentNameWithLocation(agentName, agentLocation);
  const chartLabel = lowest
    ? `${named}: MOS against the codec maximum; lowest ${formatMetric('mos', lowest.mos ?? undefined)} at ${formatDateTime(lowest.roundId * 1000, timeZone)}`
    : `${named}: no MOS values in this window`;
  const focus = onFocusAgent ? () => onFocusAgent(agentId) : undefined;
  // The chart is drawn once the card comes near the screen; the card keeps its size until then.
  const chartRef = useRef<HTMLDivElement>(null);
  const drawn = useSeenOnce(chartRef);
  return (
    <li className="mos-multiple" data-focused={focused} style={{ height: MULTIPLE_CARD_HEIGHT }}>
      {focus ? (
        <button
          type="button"
          className="mos-multiple__title"
          onClick={focus}
          aria-pressed={focused}
          title={named}
        >
          {named}
        </button>
      ) : (
        <span className="mos-multiple__title" title={named}>
          {named}
        </span>
      )}
      <p className="mos-multiple__stats">
        {stats}
        {health && (
          <>
            {' · '}
            <span className="mos-multiple__health" data-health={health}>
              {health}
            </span>
          </>
        )}
      </p>
      {showCause && (
        <p
          className="mos-multiple__cause"
          data-testid="agent-cause"
          title={describeAgentAttribution(attribution)}
        >
          Main cause: {describeDominantCause(attribution)}
        </p>
      )}
      {/* The button above is the keyboard path; a click anywhere on the chart is a shortcut. */}
      <div
        ref={chartRef}
        className="mos-multiple__chart"
        data-drawn={drawn}
        data-clickable={focus !== undefined}
        onClick={focus}
        style={{ height: MULTIPLE_CHART_HEIGHT }}
        role="img"
        aria-label={chartLabel}
      >
        {drawn && (
          <LineChart
            data={series}
            responsive={chartWidth === undefined}
            width={chartWidth}
            height={MULTIPLE_CHART_HEIGHT}
            style={
              chartWidth === undefined
                ? { width: '100%', height: MULTIPLE_CHART_HEIGHT }
                : undefined
            }
            margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={MOS_COLORS.grid} vertical={false} />
            <XAxis
              {...timeXAxisProps({
                startMs,
                endMs,
                ticks: xTicks,
                timeZone,
                fontPx: 11,
                minTickGap: 8,
              })}
              height={20}
            />
            <YAxis {...mosYAxisProps({ domain, ticks: yTicks, width: 30, fontPx: 11 })} />
            <Tooltip
              isAnimationActive={false}
              content={mosTooltipContent(timeZone, describePoint)}
            />
            <Line {...ceilingLineProps(1.5, 'Codec maximum')} />
            <Line
              {...measuredLineProps({
                data: series,
                dataKey: 'mos',
                name: 'MOS',
                color: MOS_COLORS.mos,
                strokeWidth: 1.5,
              })}
            />
          </LineChart>
        )}
      </div>
    </li>
  );
}
