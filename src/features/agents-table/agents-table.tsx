// Per-agent summaries of one test's window: sortable, filterable, and the way to focus an agent.
// Just over 300 lines: the table, its column table and its row, which share the sort and focus.
import { memo, useMemo, useState, type ReactNode } from 'react';
import type { AgentSummary } from '../../lib/model.ts';
import type { HeatmapMetric } from '../../lib/metrics.ts';
import { formatHeadroom, formatMetric, formatNumber, formatPartOf } from '../../lib/format.ts';
import { healthOf } from '../../lib/palettes.ts';
import { HealthBadge } from '../health-badge/health-badge.tsx';
import {
  AGENT_KIND_LABELS,
  AGENT_ROWS_PAGE,
  DEFAULT_AGENT_SORT,
  groupByKind,
  type AgentPlace,
  sortSummaries,
  type AgentSort,
  type AgentSortKey,
} from './agents-table-model.ts';
import {
  describeAgentChange,
  type AgentChange,
  type ComparePeriod,
} from '../../lib/period-comparison.ts';
import {
  describeAgentAttribution,
  describeDominantCause,
  type AgentAttribution,
} from '../../lib/window-attribution.ts';
import styles from './agents-table.module.css';

export interface AgentsTableProps {
  /** The agents that pass the page's agent filter. */
  summaries: AgentSummary[];
  /** Each agent's location and type (agentPlaces): shown and grouped on. */
  places?: ReadonlyMap<string, AgentPlace>;
  focusedAgentId?: string;
  /** Called with the agent a person picked, or undefined when they un-pick the focused one. */
  onFocusAgent(agentId: string | undefined): void;
  /** The column and direction (the URL's `tableSort`); default worst headroom first. */
  sort?: AgentSort;
  /**
   * A column header was clicked: the owner sorts by it, or turns its direction when it is the
   * sort already (`nextSort`), from the sort it holds at that moment.
   */
  onSortColumn?(key: AgentSortKey): void;
  /** Cloud and enterprise agents apart (the URL's `group=type`). */
  grouped?: boolean;
  /** The grouping box was clicked: the owner turns grouping over. */
  onGroupedToggle?(): void;
  /** True when the page's agent filter leaves some agents out: an empty table says so. */
  filterActive?: boolean;
  /** Each agent's dominant cause over the window (E-model); the column shows once it is here. */
  attributions?: ReadonlyMap<string, AgentAttribution> | undefined;
  /** compare=1d|1w: each agent's change since the earlier window, in a column of its own. */
  comparison?: { period: ComparePeriod; changes: ReadonlyMap<string, AgentChange> | undefined };
}

/** The columns after the sortable ones, in the table's words. */
function extraColumns(props: Pick<AgentsTableProps, 'attributions' | 'comparison'>): string[] {
  const columns: string[] = [];
  if (props.attributions) columns.push('Main cause');
  if (props.comparison) {
    columns.push(props.comparison.period === '1d' ? 'vs yesterday' : 'vs last week');
  }
  return columns;
}

function NoValue() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">no value</span>
    </>
  );
}

function metricCell(metric: HeatmapMetric, value: number | undefined): ReactNode {
  return value === undefined || Number.isNaN(value) ? <NoValue /> : formatMetric(metric, value);
}

/** Headroom below the codec's ceiling: a colour cue, and the same verdict in words. */
function HeadroomCell({ summary }: { summary: AgentSummary }) {
  const { mosHeadroom, mosMean, codecMaxMos } = summary;
  if (mosHeadroom === undefined || Number.isNaN(mosHeadroom)) return <NoValue />;
  const health = healthOf('mos', mosMean, codecMaxMos);
  return (
    <HealthBadge health={health} className={styles.headroom}>
      {formatHeadroom(mosHeadroom)}
      {health && <span className={styles.healthWord}>({health})</span>}
    </HealthBadge>
  );
}

interface Column {
  key: AgentSortKey;
  label: string;
  numeric: boolean;
  cell(summary: AgentSummary): ReactNode;
}

const COLUMNS: readonly Column[] = [
  { key: 'agentName', label: 'Agent', numeric: false, cell: () => null },
  {
    key: 'countryId',
    label: 'Country',
    numeric: false,
    cell: (s) => (s.countryId === '' ? <NoValue /> : s.countryId),
  },
  { key: 'mosMean', label: 'Mean MOS', numeric: true, cell: (s) => metricCell('mos', s.mosMean) },
  { key: 'mosMin', label: 'Min MOS', numeric: true, cell: (s) => metricCell('mos', s.mosMin) },
  {
    key: 'mosHeadroom',
    label: 'Headroom to codec max',
    numeric: false,
    cell: (s) => <HeadroomCell summary={s} />,
  },
  {
    key: 'lossMean',
    label: 'Loss mean',
    numeric: true,
    cell: (s) => metricCell('loss', s.lossMean),
  },
  { key: 'lossMax', label: 'Loss max', numeric: true, cell: (s) => metricCell('loss', s.lossMax) },
  {
    key: 'latencyP50',
    label: 'Latency p50',
    numeric: true,
    cell: (s) => metricCell('latency', s.latencyP50),
  },
  {
    key: 'latencyP95',
    label: 'Latency p95',
    numeric: true,
    cell: (s) => metricCell('latency', s.latencyP95),
  },
  { key: 'pdvMean', label: 'PDV mean', numeric: true, cell: (s) => metricCell('pdv', s.pdvMean) },
  {
    key: 'errorRounds',
    label: 'Error rounds',
    numeric: true,
    cell: (s) => formatNumber(s.errorRounds),
  },
  {
    key: 'roundsReported',
    label: 'Rounds',
    numeric: true,
    cell: (s) => formatNumber(s.roundsReported),
  },
];

const NO_PLACES: ReadonlyMap<string, AgentPlace> = new Map();

/**
 * Memoised: the test page renders on every interval a long window's download brings, and the
 * table's rows only change when its summaries, sort or extra columns do.
 */
export const AgentsTable = memo(function AgentsTable({
  summaries,
  places = NO_PLACES,
  focusedAgentId,
  onFocusAgent,
  sort = DEFAULT_AGENT_SORT,
  onSortColumn,
  grouped = false,
  onGroupedToggle,
  filterActive = false,
  attributions,
  comparison,
}: AgentsTableProps) {
  const extras = extraColumns({ attributions, comparison });
  const [showAll, setShowAll] = useState(false);

  const sorted = useMemo(() => sortSummaries(summaries, sort), [summaries, sort]);
  const visible = useMemo(() => {
    if (showAll || sorted.length <= AGENT_ROWS_PAGE) return sorted;
    const page = sorted.slice(0, AGENT_ROWS_PAGE);
    // An agent focused elsewhere (the heatmap, a shared link) stays in view even past the page.
    const focusedIndex = sorted.findIndex((summary) => summary.agentId === focusedAgentId);
    const focused = sorted[focusedIndex];
    return focusedIndex >= AGENT_ROWS_PAGE && focused ? [...page, focused] : page;
  }, [sorted, showAll, focusedAgentId]);
  const hidden = sorted.length - visible.length;

  return (
    <div className={styles.wrapper}>
      <div className={styles.toolbar}>
        <label>
          <input type="checkbox" checked={grouped} onChange={() => onGroupedToggle?.()} /> Group
          cloud and enterprise
        </label>
      </div>
      <div className={styles.scroller} role="region" aria-label="Agents table" tabIndex={0}>
        <table className={styles.table}>
          <caption className="visually-hidden">Agents</caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => {
                const active = sort.key === column.key;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    aria-sort={active ? sort.direction : undefined}
                    className={column.numeric ? styles.numeric : undefined}
                  >
                    <button
                      type="button"
                      className={styles.sortButton}
                      onClick={() => onSortColumn?.(column.key)}
                    >
                      {column.label}
                      <span aria-hidden="true" className={styles.sortMark}>
                        {active ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
              {extras.map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          {(grouped ? groupByKind(visible, places) : [{ kind: undefined, summaries: visible }]).map(
            (group) => (
              <tbody key={group.kind ?? 'all'}>
                {group.kind !== undefined && (
                  <tr className={styles.groupRow}>
                    <th scope="rowgroup" colSpan={COLUMNS.length + extras.length}>
                      {AGENT_KIND_LABELS[group.kind]} ({group.summaries.length})
                    </th>
                  </tr>
                )}
                {group.summaries.map((summary) => (
                  <AgentRow
                    key={summary.agentId}
                    summary={summary}
                    location={places.get(summary.agentId)?.location}
                    focused={summary.agentId === focusedAgentId}
                    onFocusAgent={onFocusAgent}
                    attributions={attributions}
                    comparison={comparison}
                  />
                ))}
              </tbody>
            ),
          )}
        </table>
      </div>
      {summaries.length === 0 && (
        <p className={styles.empty}>
          {filterActive
            ? 'No agents pass the agent filter: clear it or change it above the heatmaps.'
            : 'No agents reported in this window.'}
        </p>
      )}
      {hidden > 0 && (
        <p className={styles.more}>
          Showing {formatPartOf(visible.length, sorted.length, 'agents')}.{' '}
          <button type="button" onClick={() => setShowAll(true)}>
            Show all {formatNumber(sorted.length)}
          </button>
        </p>
      )}
    </div>
  );
});

function AgentRow({
  summary,
  location,
  focused,
  onFocusAgent,
  attributions,
  comparison,
}: {
  summary: AgentSummary;
  location: string | undefined;
  focused: boolean;
  onFocusAgent(agentId: string | undefined): void;
} & Pick<AgentsTableProps, 'attributions' | 'comparison'>) {
  const attribution = attributions?.get(summary.agentId);
  return (
    <tr
      aria-current={focused ? 'true' : undefined}
      className={focused ? styles.focused : undefined}
    >
      <th scope="row">
        <button
          type="button"
          className={styles.agentButton}
          aria-pressed={focused}
          onClick={() => onFocusAgent(focused ? undefined : summary.agentId)}
        >
          {summary.agentName}
        </button>
        {location !== undefined && <span className={styles.location}>{location}</span>}
      </th>
      {COLUMNS.slice(1).map((column) => (
        <td key={column.key} className={column.numeric ? styles.numeric : undefined}>
          {column.cell(summary)}
        </td>
      ))}
      {attributions && (
        <td title={describeAgentAttribution(attribution)}>{describeDominantCause(attribution)}</td>
      )}
      {comparison && (
        <td className={styles.change}>
          {comparison.changes === undefined
            ? 'loading…'
            : describeAgentChange(comparison.changes.get(summary.agentId), comparison.period)}
        </td>
      )}
    </tr>
  );
}
