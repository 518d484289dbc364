// Sorting, filtering and paging of per-agent summaries: pure, so the table stays a thin view.
import { ColumnsRow } from '../../../common/result-rows/round-columns.ts';
import type { AgentInfo, AgentSummary, AgentType, RoundResult } from '../../lib/model.ts';
import {
  DEFAULT_VIEW,
  type AgentFilter,
  type SortDirection,
  type TableSort,
  type TableSortKey,
} from '../../lib/url-state.ts';

/** The sortable columns are the URL's (`tableSort`), so every sort on screen can be linked. */
export type AgentSortKey = TableSortKey;
export type { SortDirection };
export type AgentSort = TableSort;

/** Worst first: the agents furthest below their codec's ceiling lead. */
export const DEFAULT_AGENT_SORT: AgentSort = DEFAULT_VIEW.tableSort;

/** The direction a column starts in when first clicked: the worst end of it first. */
export function firstDirectionOf(key: AgentSortKey): SortDirection {
  switch (key) {
    case 'agentName':
    case 'countryId':
    case 'mosMean':
    case 'mosMin':
      return 'ascending';
    default:
      return 'descending';
  }
}

/** Clicking the active column flips it; another column starts at its first direction. */
export function nextSort(current: AgentSort, key: AgentSortKey): AgentSort {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { key, direction: firstDirectionOf(key) };
}

function valueOf(summary: AgentSummary, key: AgentSortKey): string | number | undefined {
  const value = summary[key];
  if (typeof value === 'number' && Number.isNaN(value)) return undefined;
  if (value === '') return undefined;
  return value;
}

/**
 * A sorted copy. Agents with no value for the column always go last, whichever the direction:
 * "no value" is neither the best nor the worst. Ties keep name order, so the table is stable.
 */
export function sortSummaries(
  summaries: readonly AgentSummary[],
  { key, direction }: AgentSort,
): AgentSummary[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const byName = (a: AgentSummary, b: AgentSummary) =>
    a.agentName.localeCompare(b.agentName) || a.agentId.localeCompare(b.agentId);
  return [...summaries].sort((a, b) => {
    const left = valueOf(a, key);
    const right = valueOf(b, key);
    if (left === undefined || right === undefined) {
      if (left === right) return byName(a, b);
      return left === undefined ? 1 : -1;
    }
    const order =
      typeof left === 'number' && typeof right === 'number'
        ? left - right
        : String(left).localeCompare(String(right));
    return order !== 0 ? sign * order : byName(a, b);
  });
}

/** How many rows the table draws before it asks: a 500-agent test stays quick to render. */
export const AGENT_ROWS_PAGE = 100;

/** Where an agent is and what kind it is: from /agents, with the rows' `agent.location` as backup. */
export interface AgentPlace {
  location: string | undefined;
  agentType: AgentType;
}

/**
 * Every agent's place: /agents (type, location) first, then a row's location for an agent /agents
 * did not place (or has not answered yet). An agent neither names is 'unknown', with no location.
 */
export function agentPlaces(
  rows: readonly Pick<RoundResult, 'agentId' | 'agentLocation'>[],
  agents: ReadonlyMap<string, AgentInfo> | undefined,
): Map<string, AgentPlace> {
  const places = new Map<string, AgentPlace>();
  for (const agent of agents?.values() ?? []) {
    places.set(agent.agentId, { location: agent.location, agentType: agent.agentType });
  }
  // The first location wins.
  const place = (agentId: string, location: string | undefined) => {
    if (location === undefined) return;
    const known = places.get(agentId);
    if (known === undefined) {
      places.set(agentId, { location, agentType: 'unknown' });
    } else if (known.location === undefined) {
      known.location = location;
    }
  };
  // A closed interval's rows are views over its columns, which name each of its agents once with
  // its one location: the agents of an interval are placed at its first row, and its other rows
  // are passed over (a week at 500 agents is a million rows and ~57 intervals). An agent whose
  // rows of that interval all lie outside the window is placed too: the map is read by agent id.
  let placedColumns: ColumnsRow['columns'] | undefined;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    if (!(row instanceof ColumnsRow)) {
      place(row.agentId, row.agentLocation);
    } else if (row.columns !== placedColumns) {
      placedColumns = row.columns;
      for (const agent of row.columns.agents) place(agent.agentId, agent.location);
    }
  }
  return places;
}

/** "Is it us or the internet": enterprise agents and clusters are ours, cloud agents are not. */
export type AgentKind = 'cloud' | 'enterprise' | 'unknown';
export const AGENT_KIND_LABELS: Record<AgentKind, string> = {
  cloud: 'Cloud agents',
  enterprise: 'Enterprise agents',
  unknown: 'Agents of unknown type',
};

export function agentKindOf(agentType: AgentType | undefined): AgentKind {
  if (agentType === 'cloud') return 'cloud';
  if (agentType === 'enterprise' || agentType === 'enterprise-cluster') return 'enterprise';
  return 'unknown';
}

/** The summaries split by kind (cloud, enterprise, unknown), each keeping the order it had. */
export function groupByKind(
  summaries: readonly AgentSummary[],
  places: ReadonlyMap<string, AgentPlace>,
): { kind: AgentKind; summaries: AgentSummary[] }[] {
  const groups: { kind: AgentKind; summaries: AgentSummary[] }[] = [
    { kind: 'cloud', summaries: [] },
    { kind: 'enterprise', summaries: [] },
    { kind: 'unknown', summaries: [] },
  ];
  for (const summary of summaries) {
    const kind = agentKindOf(places.get(summary.agentId)?.agentType);
    groups.find((group) => group.kind === kind)?.summaries.push(summary);
  }
  return groups.filter((group) => group.summaries.length > 0);
}

/**
 * Whether an agent passes the page's agent filter: its text in the name, country, location or type
 * ("cloud", "enterprise-cluster", …; any case), and the chosen type and country. The heatmaps,
 * the MOS charts, the headline figures and the table all show only the agents that pass.
 */
export function agentPassesFilter(
  agent: { agentId: string; agentName: string; countryId: string },
  filter: AgentFilter,
  places: ReadonlyMap<string, AgentPlace>,
): boolean {
  const place = places.get(agent.agentId);
  if (filter.kind !== 'all' && agentKindOf(place?.agentType) !== filter.kind) return false;
  if (filter.country !== undefined && agent.countryId.toUpperCase() !== filter.country) {
    return false;
  }
  const needle = filter.text.trim().toLocaleLowerCase();
  if (needle === '') return true;
  const matches = (text: string | undefined) =>
    text !== undefined && text.toLocaleLowerCase().includes(needle);
  return (
    matches(agent.agentName) ||
    matches(agent.countryId) ||
    matches(place?.location) ||
    (place !== undefined && place.agentType !== 'unknown' && matches(place.agentType))
  );
}

/** Whether a filter lets every agent through (nothing chosen). */
export function isOpenFilter(filter: AgentFilter): boolean {
  return filter.text.trim() === '' && filter.kind === 'all' && filter.country === undefined;
}

/** The countries the agents are in, A→Z, for the country picker; agents with none add nothing. */
export function countriesOf(agents: readonly { countryId: string }[]): string[] {
  const codes = new Set<string>();
  for (const agent of agents) if (agent.countryId !== '') codes.add(agent.countryId.toUpperCase());
  return [...codes].sort();
}
