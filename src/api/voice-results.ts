// Voice results of one test over a time range, every page joined: v7 /test-results/{id}/rtp-server,
// v6 /voice/rtp-stream/{id}.json. How a window is cut into such ranges: window-results.ts.
import {
  formatIsoUtc,
  parseIsoUtc,
  timeRangeToUpstreamParams,
  type TimeRange,
} from '../../common/time-window.ts';
import { formatWindow } from '../../common/window-text.ts';
import { readV6MetricRows } from '../../common/result-rows/v6.ts';
import { readV7ResultRows } from '../../common/result-rows/v7.ts';
import { adaptVoiceTest } from './adapters/voice-test.ts';
import { addSkippedRows, noSkippedRows } from '../../common/result-rows/skipped-rows.ts';
import {
  ColumnsRow,
  decodeRoundColumns,
  isRoundColumnsBody,
} from '../../common/result-rows/round-columns.ts';
import { ROUND_COLUMNS_MEDIA_TYPE } from '../../common/result-rows/round-columns-bytes.ts';
import { RowsRefused } from '../../common/result-rows/row-fields.ts';
import { ApiError, apiClient, type ApiClient } from './fetch-client.ts';
import { aidQuery, requireId } from './ids.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { RoundResult, SkippedRows, VoiceResults, VoiceTest } from '../lib/model.ts';
import { fetchAllPages, type PageEnvelope } from './paginate.ts';
import { parseBody } from './schemas/parse.ts';
import { v6VoiceResultsSchema } from './schemas/v6.ts';
import { v7VoiceResultsSchema } from './schemas/v7.ts';

export interface VoiceResultsParams {
  apiVersion: ApiVersion;
  aid: string | undefined;
  testId: string;
  range: TimeRange;
}

export interface ResultsPage {
  rows: RoundResult[];
  /** Rows the page left out (no agent, no round): counted, never dropped silently. */
  skippedRows?: SkippedRows;
  test: VoiceTest | undefined;
  startMs: number | undefined;
  endMs: number | undefined;
}

/** The first page's path, exactly as the Earshot server expects it. */
export function voiceResultsPath({ apiVersion, aid, testId, range }: VoiceResultsParams): string {
  const base =
    apiVersion === 'v7'
      ? `/api/v7/test-results/${requireId('test id', testId, '/api/v7/test-results')}/rtp-server`
      : `/api/v6/voice/rtp-stream/${requireId('test id', testId, '/api/v6/voice/rtp-stream')}.json`;
  const query = [
    aidQuery(aid, base),
    ...timeRangeToUpstreamParams(range, apiVersion).map(
      ([name, value]) => `${name}=${encodeURIComponent(value)}`,
    ),
  ].filter((part) => part !== '');
  return `${base}?${query.join('&')}`;
}

/** Rows that would mislead refuse the body as any invalid response does: named, never shown. */
function readingRows<T>(read: () => T): () => T {
  return () => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof RowsRefused)) throw error;
      throw new ApiError({ kind: 'invalid-response', path: error.path, detail: error.detail });
    }
  };
}

/**
 * A closed interval the server sent as round columns: its envelope checked by the version's schema
 * as any page's, its rows by the columns' decoder (the same field readers); one page, no next.
 */
function openColumnsPage(
  body: unknown,
  path: string,
  openEnvelope: (envelope: unknown, path: string) => PageEnvelope<ResultsPage>,
): PageEnvelope<ResultsPage> {
  return {
    next: undefined,
    read: readingRows(() => {
      // The envelope is parsed JSON: never columns again (only the fetch client makes those).
      const { envelope, rows, skippedRows } = decodeRoundColumns(body, path);
      const page = openEnvelope(envelope, path);
      if (page.next !== undefined) {
        throw new RowsRefused(path, "the Earshot server's columns name a next page");
      }
      return { ...page.read(), rows, skippedRows };
    }),
  };
}

export function openV7Page(body: unknown, path: string): PageEnvelope<ResultsPage> {
  if (isRoundColumnsBody(body)) return openColumnsPage(body, path, openV7Page);
  const page = parseBody(v7VoiceResultsSchema, body, path);
  return {
    next: page._links?.next?.href ?? undefined,
    read: readingRows(() => {
      const skippedRows = noSkippedRows();
      return {
        rows: readV7ResultRows(page.results, path, skippedRows),
        skippedRows,
        test: page.test ? adaptVoiceTest(page.test) : undefined,
        startMs: page.startDate === undefined ? undefined : parseIsoUtc(page.startDate),
        endMs: page.endDate === undefined ? undefined : parseIsoUtc(page.endDate),
      };
    }),
  };
}

export function openV6Page(body: unknown, path: string): PageEnvelope<ResultsPage> {
  if (isRoundColumnsBody(body)) return openColumnsPage(body, path, openV6Page);
  const page = parseBody(v6VoiceResultsSchema, body, path);
  return {
    next: page.pages?.next ?? undefined,
    read: readingRows(() => {
      const skippedRows = noSkippedRows();
      return {
        rows: readV6MetricRows(page.voice.metrics, path, skippedRows),
        skippedRows,
        test: page.voice.test ? adaptVoiceTest(page.voice.test) : undefined,
        startMs: undefined,
        endMs: undefined,
      };
    }),
  };
}

/**
 * Joins pages in order, keeps the first row for each (agent, round), and puts rows in time order
 * (stable, so agents keep upstream's order within a round). Rows nearly always come in round
 * order, pages breaking anywhere; then a duplicate can only be in the same round, and only that
 * round's agents are remembered (a week at 500 agents is a million rows: a key per row for the
 * whole window was most of this function's time). Rows out of order are joined the general way.
 */
export function joinResultRows(pages: readonly { rows: readonly RoundResult[] }[]): RoundResult[] {
  const rows: RoundResult[] = [];
  const roundAgents = new Set<string>();
  let roundId = -Infinity;
  for (const page of pages) {
    for (const row of page.rows) {
      if (row.roundId !== roundId) {
        if (row.roundId < roundId) return joinUnorderedRows(pages);
        roundId = row.roundId;
        roundAgents.clear();
      }
      if (roundAgents.has(row.agentId)) continue;
      roundAgents.add(row.agentId);
      rows.push(row);
    }
  }
  return rows;
}

function joinUnorderedRows(pages: readonly { rows: readonly RoundResult[] }[]): RoundResult[] {
  const seen = new Set<string>();
  const rows: RoundResult[] = [];
  for (const page of pages) {
    for (const row of page.rows) {
      const key = `${row.agentId}\u0000${row.roundId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  return rows.sort((a, b) => a.roundId - b.roundId);
}

export async function fetchVoiceResults(
  params: VoiceResultsParams,
  options: {
    signal?: AbortSignal;
    client?: ApiClient;
    maxPages?: number;
  } = {},
): Promise<VoiceResults> {
  const { signal, client = apiClient, maxPages } = options;
  const pages = await fetchAllPages<ResultsPage>({
    client,
    firstPath: voiceResultsPath(params),
    signal,
    openPage: params.apiVersion === 'v7' ? openV7Page : openV6Page,
    allowedPrefix: `/api/${params.apiVersion}/`,
    maxPages,
  });
  const first = pages[0];
  return {
    test: first?.test,
    rows: joinResultRows(pages),
    startMs: first?.startMs,
    endMs: pages[pages.length - 1]?.endMs ?? first?.endMs,
    pagesFetched: pages.length,
    skippedRows: addSkippedRows(pages.map((page) => page.skippedRows)),
  };
}

/** What is asked, never when: a relative window keeps one key however often it refreshes. */
function rangeKey(range: TimeRange) {
  return range.kind === 'relative'
    ? { window: formatWindow(range.windowSeconds) }
    : {
        from: formatIsoUtc(range.fromMs),
        to: range.toMs === undefined ? null : formatIsoUtc(range.toMs),
      };
}

export function voiceResultsQueryKey({ apiVersion, aid, testId, range }: VoiceResultsParams) {
  return ['voice-results', apiVersion, { aid: aid ?? null }, testId, rangeKey(range)] as const;
}

/** Which test's results, without a range: the part every results key starts with. */
export type ResultsSource = Omit<VoiceResultsParams, 'range'>;

/**
 * The path for the results in [startMs, endMs) (no end: up to now), in each version's spelling:
 * v7 `startDate`/`endDate`, v6 `from`/`to` with `to` inclusive, so one second before the end.
 */
export function resultsRangePath(source: ResultsSource, startMs: number, endMs?: number): string {
  const toMs = endMs === undefined ? undefined : source.apiVersion === 'v6' ? endMs - 1000 : endMs;
  return voiceResultsPath({ ...source, range: { kind: 'absolute', fromMs: startMs, toMs } });
}

/**
 * The rows of a range answered as one body of round columns (a closed interval from the server's
 * cache), as they were decoded, when joining and cutting them to the range would change nothing:
 * in round order, no agent twice in a round, every round in [startRound, endRound). Checked on
 * the columns themselves, with no row's field read and no copy of the list (a week at 500 agents
 * is a million rows, and joining them a row at a time was most of each interval's reading).
 * Undefined when any of that does not hold: the rows are then joined the general way.
 */
export function rowsAsDecoded(
  pages: readonly { rows: readonly RoundResult[] }[],
  startRound: number,
  endRound: number,
): RoundResult[] | undefined {
  const rows = pages.length === 1 ? (pages[0]?.rows as RoundResult[]) : undefined;
  const columns = rows?.[0] instanceof ColumnsRow ? rows[0].columns : undefined;
  if (!rows || !columns || columns.roundId.length !== rows.length) return undefined;
  // Two of the body's agents with one id would be one agent to the join.
  if (new Set(columns.agents.map((agent) => agent.agentId)).size !== columns.agents.length) {
    return undefined;
  }
  // The round each agent was last seen in: a second row of an agent in one round is a duplicate.
  const lastRoundOfAgent = new Float64Array(columns.agents.length).fill(-1);
  let roundId = -Infinity;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (!(row instanceof ColumnsRow) || row.columns !== columns || row.index !== index) {
      return undefined;
    }
    const rowRound = columns.roundId.valueAt(index);
    if (rowRound < roundId || !(rowRound >= startRound && rowRound < endRound)) return undefined;
    roundId = rowRound;
    const agent = columns.agent[index] as number;
    if (lastRoundOfAgent[agent] === roundId) return undefined;
    lastRoundOfAgent[agent] = roundId;
  }
  return rows;
}

/**
 * The results of one range, every page, keeping only the rounds that start in [start, end). A
 * closed range comes from the server's interval cache, as round columns (a few numbers a row,
 * not upstream's ~560 bytes); any other answer is upstream's pages, as ever.
 */
export async function fetchResultsRange(
  source: ResultsSource,
  startMs: number,
  endMs: number | undefined,
  options: {
    signal?: AbortSignal;
    client?: ApiClient;
    /** Waited for before each page's body is read (see PaginateOptions.beforeBody). */
    beforeBody?: (signal: AbortSignal) => Promise<void>;
  } = {},
): Promise<VoiceResults> {
  const { signal, client = apiClient, beforeBody } = options;
  const pages = await fetchAllPages<ResultsPage>({
    client,
    firstPath: resultsRangePath(source, startMs, endMs),
    signal,
    beforeBody,
    openPage: source.apiVersion === 'v7' ? openV7Page : openV6Page,
    allowedPrefix: `/api/${source.apiVersion}/`,
    accept: ROUND_COLUMNS_MEDIA_TYPE,
  });
  const first = pages[0];
  const startRound = startMs / 1000;
  const endRound = endMs === undefined ? Infinity : endMs / 1000;
  return {
    test: first?.test,
    rows:
      rowsAsDecoded(pages, startRound, endRound) ??
      // A range may include a round that began just before its start.
      joinResultRows(pages).filter((row) => row.roundId >= startRound && row.roundId < endRound),
    startMs,
    endMs: pages[pages.length - 1]?.endMs ?? first?.endMs ?? endMs,
    pagesFetched: pages.length,
    skippedRows: addSkippedRows(pages.map((page) => page.skippedRows)),
  };
}
