// Earshot's URL contract (DESIGN.md, "URLs") read and written as plain data: validated, normalised,
// with a message a person can act on for every bad value. The hooks in src/hooks wrap these.
// Over 300 lines: the test page's whole URL contract (range, zone, view, filter, pinning) read and
// written in one place, so a link's parameters have one definition.
import {
  DEFAULT_WINDOW_SECONDS,
  parseTimeRange,
  timeRangeToUrlParams,
  type TimeRange,
} from '../../common/time-window.ts';
import type { TimeZoneChoice } from './format.ts';
import {
  parseFilterText,
  parseIdParam,
  quote,
  withParams,
  type ReadableParams,
} from './url-params.ts';
import { COMPARE_PERIODS, type ComparePeriod } from './period-comparison.ts';
import { HEATMAP_METRICS, type HeatmapMetric } from './metrics.ts';

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', windowSeconds: DEFAULT_WINDOW_SECONDS };
export const DEFAULT_TIME_ZONE: TimeZoneChoice = 'utc';

// Round ids are epoch seconds: 2000-01-01 to 2100-01-01 covers every round ThousandEyes keeps.
const MIN_ROUND_ID = 946_684_800;
const MAX_ROUND_ID = 4_102_444_800;

export function parseRange(params: ReadableParams, problems: string[]): TimeRange {
  const parsed = parseTimeRange({
    window: params.get('window'),
    from: params.get('from'),
    to: params.get('to'),
  });
  if (!parsed.ok) {
    problems.push(parsed.message);
    return DEFAULT_RANGE;
  }
  return parsed.value ?? DEFAULT_RANGE;
}

export function parseTimeZone(params: ReadableParams, problems: string[]): TimeZoneChoice {
  const value = params.get('tz');
  if (value === null || value === '') return DEFAULT_TIME_ZONE;
  const lower = value.toLowerCase();
  if (lower === 'utc' || lower === 'local') return lower;
  problems.push(`tz '${quote(value)}': use utc or local`);
  return DEFAULT_TIME_ZONE;
}

/**
 * `paused=1` stops the page's refresh (Grafana's refresh picker set to off); absent or `0`, the
 * page refreshes each round.
 */
export function parsePaused(params: ReadableParams, problems: string[]): boolean {
  const value = params.get('paused');
  if (value === null || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  problems.push(`paused '${quote(value)}': use paused=1 to stop refreshing, or remove it`);
  return false;
}

export interface TestPageUrlState {
  testId: string | undefined;
  aid: string | undefined;
  range: TimeRange;
  /** The agent focused or drilled into. */
  agent: string | undefined;
  /** With `agent`, the round whose details are open (epoch seconds). */
  round: number | undefined;
  tz: TimeZoneChoice;
  /** compare=1d|1w: the same window a day or a week earlier beside this one (opt-in). */
  compare: ComparePeriod | undefined;
  /** No refresh requests while true (the page keeps the data it has). */
  paused: boolean;
  /** How the page is looked at: heatmap metrics, sorts, the agent filter (parseDashboardView). */
  view: DashboardView;
  problems: string[];
}

/** `compare`: absent (no comparison), 1d or 1w; anything else is a problem. */
export function parseCompare(
  params: ReadableParams,
  problems: string[],
): ComparePeriod | undefined {
  const value = params.get('compare');
  if (value === null || value === '') return undefined;
  const period = COMPARE_PERIODS.find((option) => option === value.toLowerCase());
  if (period) return period;
  problems.push(
    `compare '${quote(value)}': use 1d (the same window a day earlier) or 1w (a week earlier), or remove it`,
  );
  return undefined;
}

export function parseTestPageUrl(
  testIdParam: string | undefined,
  params: ReadableParams,
): TestPageUrlState {
  const problems: string[] = [];
  const testId = parseIdParam('test id', testIdParam, problems);
  if (testIdParam === undefined || testIdParam === '') {
    problems.push('no test id in the address: pick a test, such as /tests/6627');
  }
  const aid = parseIdParam('account group', params.get('aid'), problems);
  const range = parseRange(params, problems);
  const agent = parseIdParam('agent', params.get('agent'), problems);
  let round: number | undefined;
  const roundText = params.get('round');
  if (roundText !== null && roundText !== '') {
    const value = Number(roundText);
    if (!/^\d+$/.test(roundText) || value < MIN_ROUND_ID || value > MAX_ROUND_ID) {
      problems.push(
        `round '${quote(roundText)}': use the round's start in epoch seconds, such as 1407374700`,
      );
    } else if (agent === undefined) {
      problems.push(`round '${roundText}' needs an agent: add agent=<agent id> or remove round`);
    } else {
      round = value;
    }
  }
  const tz = parseTimeZone(params, problems);
  const compare = parseCompare(params, problems);
  const paused = parsePaused(params, problems);
  const view = parseDashboardView(params, problems);
  return { testId, aid, range, agent, round, tz, compare, paused, view, problems };
}

/** The param changes that put `range` into the URL, in its one spelling. */
export function rangeParamChanges(range: TimeRange): Record<string, string | undefined> {
  return { window: undefined, from: undefined, to: undefined, ...timeRangeToUrlParams(range) };
}

// ---- The view on screen: what a link must carry besides the time so its reader sees the same.

/** How the heatmaps' rows are ordered: one order for both, under "Sort agents". */
export type AgentOrder = 'worst' | 'name' | 'country';
export const AGENT_ORDERS: readonly AgentOrder[] = ['worst', 'name', 'country'];

/** The agents table's sortable columns, as the URL spells them (`tableSort=lossMean.desc`). */
export const TABLE_SORT_KEYS = [
  'agentName',
  'countryId',
  'mosMean',
  'mosMin',
  'mosHeadroom',
  'lossMean',
  'lossMax',
  'latencyP50',
  'latencyP95',
  'pdvMean',
  'errorRounds',
  'roundsReported',
] as const;
export type TableSortKey = (typeof TABLE_SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';
export interface TableSort {
  key: TableSortKey;
  direction: SortDirection;
}

/** Which agents every view shows: `cloud` or `enterprise` (clusters count as enterprise). */
export type AgentKindChoice = 'all' | 'cloud' | 'enterprise';

export interface AgentFilter {
  /** Matches an agent's name, country, location or type; '' = every agent. */
  text: string;
  kind: AgentKindChoice;
  /** An ISO 3166 alpha-2 code, upper case; undefined = every country. */
  country: string | undefined;
}

export interface DashboardView {
  heatmapMetrics: readonly [HeatmapMetric, HeatmapMetric];
  agentOrder: AgentOrder;
  tableSort: TableSort;
  agentFilter: AgentFilter;
  /** The agents table split into cloud and enterprise agents. */
  groupByKind: boolean;
}

export const DEFAULT_VIEW: DashboardView = {
  heatmapMetrics: ['loss', 'latency'],
  agentOrder: 'worst',
  // Worst first: the agents furthest below their codec's ceiling lead.
  tableSort: { key: 'mosHeadroom', direction: 'descending' },
  agentFilter: { text: '', kind: 'all', country: undefined },
  groupByKind: false,
};

function parseHeatmapMetrics(
  params: ReadableParams,
  problems: string[],
): DashboardView['heatmapMetrics'] {
  const value = params.get('heatmaps');
  if (value === null || value === '') return DEFAULT_VIEW.heatmapMetrics;
  const names = value.toLowerCase().split(',');
  const known = (name: string | undefined): name is HeatmapMetric =>
    (HEATMAP_METRICS as readonly string[]).includes(name ?? '');
  const [first, second] = names;
  if (names.length === 2 && known(first) && known(second)) return [first, second];
  problems.push(
    `heatmaps '${quote(value)}': name two of ${HEATMAP_METRICS.join(', ')}, comma-separated, such as loss,latency`,
  );
  return DEFAULT_VIEW.heatmapMetrics;
}

function parseAgentOrder(params: ReadableParams, problems: string[]): AgentOrder {
  const value = params.get('sort');
  if (value === null || value === '') return DEFAULT_VIEW.agentOrder;
  const lower = value.toLowerCase();
  const order = AGENT_ORDERS.find((candidate) => candidate === lower);
  if (order) return order;
  problems.push(`sort '${quote(value)}': use worst, name or country`);
  return DEFAULT_VIEW.agentOrder;
}

const DIRECTION_SPELLING: Record<string, SortDirection> = { asc: 'ascending', desc: 'descending' };

function parseTableSort(params: ReadableParams, problems: string[]): TableSort {
  const value = params.get('tableSort');
  if (value === null || value === '') return DEFAULT_VIEW.tableSort;
  const [column, direction = 'desc', ...rest] = value.split('.');
  const key = TABLE_SORT_KEYS.find((candidate) => candidate === column);
  const sortDirection = DIRECTION_SPELLING[direction.toLowerCase()];
  if (key && sortDirection && rest.length === 0) return { key, direction: sortDirection };
  problems.push(
    `tableSort '${quote(value)}': use a column (${TABLE_SORT_KEYS.join(', ')}) and .asc or .desc, such as lossMean.desc`,
  );
  return DEFAULT_VIEW.tableSort;
}

function parseAgentKind(params: ReadableParams, problems: string[]): AgentKindChoice {
  const value = params.get('agentType');
  if (value === null || value === '') return 'all';
  const lower = value.toLowerCase();
  if (lower === 'cloud' || lower === 'enterprise') return lower;
  problems.push(`agentType '${quote(value)}': use cloud or enterprise, or leave it out for both`);
  return 'all';
}

function parseCountry(params: ReadableParams, problems: string[]): string | undefined {
  const value = params.get('country');
  if (value === null || value === '') return undefined;
  if (/^[A-Za-z]{2}$/.test(value)) return value.toUpperCase();
  problems.push(`country '${quote(value)}': use a two-letter country code, such as DE`);
  return undefined;
}

/** The view part of the test page's URL; each bad value is a problem and falls back to its default. */
export function parseDashboardView(params: ReadableParams, problems: string[]): DashboardView {
  const group = params.get('group');
  if (group !== null && group !== '' && group !== 'type') {
    problems.push(
      `group '${quote(group)}': use type (cloud and enterprise apart), or leave it out`,
    );
  }
  return {
    heatmapMetrics: parseHeatmapMetrics(params, problems),
    agentOrder: parseAgentOrder(params, problems),
    tableSort: parseTableSort(params, problems),
    agentFilter: {
      text: parseFilterText(params, problems),
      kind: parseAgentKind(params, problems),
      country: parseCountry(params, problems),
    },
    groupByKind: group === 'type',
  };
}

/** A change to the view: any of its parts, and any part of the agent filter. */
export type ViewChange = Partial<Omit<DashboardView, 'agentFilter'>> & {
  agentFilter?: Partial<AgentFilter>;
};

/**
 * The param changes that put `change` into the URL. A default is written as absent, so a link
 * carries only what its sender changed, and a plain link keeps following the defaults.
 */
export function viewParamChanges(change: ViewChange): Record<string, string | undefined> {
  const changes: Record<string, string | undefined> = {};
  if (change.heatmapMetrics) {
    const [first, second] = change.heatmapMetrics;
    const [defaultFirst, defaultSecond] = DEFAULT_VIEW.heatmapMetrics;
    changes['heatmaps'] =
      first === defaultFirst && second === defaultSecond ? undefined : `${first},${second}`;
  }
  if (change.agentOrder) {
    changes['sort'] = change.agentOrder === DEFAULT_VIEW.agentOrder ? undefined : change.agentOrder;
  }
  if (change.tableSort) {
    const { key, direction } = change.tableSort;
    const isDefault =
      key === DEFAULT_VIEW.tableSort.key && direction === DEFAULT_VIEW.tableSort.direction;
    changes['tableSort'] = isDefault
      ? undefined
      : `${key}.${direction === 'ascending' ? 'asc' : 'desc'}`;
  }
  // Only the parts of the filter that changed: two quick changes in a row must not undo each other.
  const filter = change.agentFilter;
  if (filter && 'text' in filter) {
    changes['filter'] = (filter.text ?? '').trim() === '' ? undefined : filter.text;
  }
  if (filter && 'kind' in filter) {
    changes['agentType'] = filter.kind === 'all' ? undefined : filter.kind;
  }
  if (filter && 'country' in filter) changes['country'] = filter.country;
  if (change.groupByKind !== undefined) changes['group'] = change.groupByKind ? 'type' : undefined;
  return changes;
}

/**
 * This view with its time pinned: `from`/`to` in place of a relative window, so the link shows
 * the same rounds whenever it is opened (an incident link). Seconds are widened outwards, so the
 * pinned range holds every round that was on screen.
 */
export function pinnedSearch(
  params: URLSearchParams,
  window: { startMs: number; endMs: number },
): URLSearchParams {
  const fromMs = Math.floor(window.startMs / 1000) * 1000;
  const toMs = Math.max(fromMs + 1000, Math.ceil(window.endMs / 1000) * 1000);
  return withParams(params, rangeParamChanges({ kind: 'absolute', fromMs, toMs }));
}
