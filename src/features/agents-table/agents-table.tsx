// Per-agent summaries of one test's window: sortable, filterable, and the way to focus an agent.
import { useDeferredValue, useId, useMemo, useState, type ReactNode } from 'react';
import type { AgentSummary } from '../../lib/model.ts';
import type { HeatmapMetric } from '../../lib/metrics.ts';
import { formatHeadroom, formatMetric } from '../../lib/format.ts';
import { healthOf, type Health } from '../../lib/palettes.ts';
import {
  AGENT_KIND_LABELS,
  AGENT_ROWS_PAGE,
  DEFAULT_AGENT_SORT,
  filterByKind,
  filterSummaries,
  groupByKind,
  type AgentKind,
  type AgentPlace,
  nextSort,
  sortSummaries,
  type AgentSort,
  type AgentSortKey,
} from './agents-table-model.ts';
import styles from './agents-table.module.css';

export interface AgentsTableProps {
  summaries: AgentSummary[];
  /** Each agent's location and type (agentPlaces): shown, filtered and grouped on. */
  places?: ReadonlyMap<string, AgentPlace>;
  focusedAgentId?: string;
  /** Called with the agent a person picked, or undefined when they un-pick the focused one. */
  onFocusAgent(agentId: string | undefined): void;
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

const HEALTH_CLASS: Record<Health, string | undefined> = {
  good: styles.good,
  fair: styles.fair,
  poor: styles.poor,
};

/** Headroom below the codec's ceiling: a colour cue, and the same verdict in words. */
function HeadroomCell({ summary }: { summary: AgentSummary }) {
  const { mosHeadroom, mosMean, codecMaxMos } = summary;
  if (mosHeadroom === undefined || Number.isNaN(mosHeadroom)) return <NoValue />;
  const health = healthOf('mos', mosMean, codecMaxMos);
  return (
    <span className={styles.headroom}>
      {health && (
        <span className={`${styles.swatch} ${HEALTH_CLASS[health] ?? ''}`} aria-hidden="true" />
      )}
      {formatHeadroom(mosHeadroom)}
      {health && <span className={styles.healthWord}>({health})</span>}
    </span>
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
  { key: 'errorRounds', label: 'Error rounds', numeric: true, cell: (s) => s.errorRounds },
  { key: 'roundsReported', label: 'Rounds', numeric: true, cell: (s) => s.roundsReported },
];

const NO_PLACES: ReadonlyMap<string, AgentPlace> = new Map();

export function AgentsTable({
  summaries,
  places = NO_PLACES,
  focusedAgentId,
  onFocusAgent,
}: AgentsTableProps) {
  const filterId = useId();
  const kindId = useId();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<AgentKind | 'all'>('all');
  const [grouped, setGrouped] = useState(false);
  const [sort, setSort] = useState<AgentSort>(DEFAULT_AGENT_SORT);
  const [showAll, setShowAll] = useState(false);
  // Typing stays instant; a 500-row re-render follows when React has time.
  const deferredQuery = useDeferredValue(query);

  const sorted = useMemo(() => sortSummaries(summaries, sort), [summaries, sort]);
  const filtered = useMemo(
    () => filterByKind(filterSummaries(sorted, deferredQuery, places), kind, places),
    [sorted, deferredQuery, kind, places],
  );
  const visible = useMemo(() => {
    if (showAll || filtered.length <= AGENT_ROWS_PAGE) return filtered;
    const page = filtered.slice(0, AGENT_ROWS_PAGE);
    // An agent focused elsewhere (the heatmap, a shared link) stays in view even past the page.
    const focusedIndex = filtered.findIndex((summary) => summary.agentId === focusedAgentId);
    const focused = filtered[focusedIndex];
    return focusedIndex >= AGENT_ROWS_PAGE && focused ? [...page, focused] : page;
  }, [filtered, showAll, focusedAgentId]);
  const hidden = filtered.length - visible.length;

  return (
    <div className={styles.wrapper}>
      <div className={styles.toolbar}>
        <label htmlFor={filterId}>Filter agents</label>
        <input
          id={filterId}
          type="search"
          value={query}
          placeholder="Name, country, location or type"
          onChange={(event) => setQuery(event.target.value)}
        />
        <label htmlFor={kindId}>Agent type</label>
        <select
          id={kindId}
          value={kind}
          onChange={(event) => setKind(event.target.value as AgentKind | 'all')}
        >
          <option value="all">All</option>
          <option value="cloud">Cloud</option>
          <option value="enterprise">Enterprise</option>
        </select>
        <label>
          <input
            type="checkbox"
            checked={grouped}
            onChange={(event) => setGrouped(event.target.checked)}
          />{' '}
          Group cloud and enterprise
        </label>
        <span className={styles.count} aria-live="polite">
          {filtered.length === summaries.length
            ? `${summaries.length} agents`
            : `${filtered.length} of ${summaries.length} agents`}
        </span>
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
                      onClick={() => setSort((current) => nextSort(current, column.key))}
                    >
                      {column.label}
                      <span aria-hidden="true" className={styles.sortMark}>
                        {active ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          {(grouped ? groupByKind(visible, places) : [{ kind: undefined, summaries: visible }]).map(
            (group) => (
              <tbody key={group.kind ?? 'all'}>
                {group.kind !== undefined && (
                  <tr className={styles.groupRow}>
                    <th scope="rowgroup" colSpan={COLUMNS.length}>
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
                  />
                ))}
              </tbody>
            ),
          )}
        </table>
      </div>
      {summaries.length === 0 && <p className={styles.empty}>No agents reported in this window.</p>}
      {summaries.length > 0 && filtered.length === 0 && (
        <p className={styles.empty}>
          {deferredQuery.trim() === ''
            ? 'No agents of this type reported in this window.'
            : `No agents match “${deferredQuery.trim()}”.`}
        </p>
      )}
      {hidden > 0 && (
        <p className={styles.more}>
          Showing {visible.length} of {filtered.length} agents.{' '}
          <button type="button" onClick={() => setShowAll(true)}>
            Show all {filtered.length}
          </button>
        </p>
      )}
    </div>
  );
}

function AgentRow({
  summary,
  location,
  focused,
  onFocusAgent,
}: {
  summary: AgentSummary;
  location: string | undefined;
  focused: boolean;
  onFocusAgent(agentId: string | undefined): void;
}) {
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
    </tr>
  );
}
