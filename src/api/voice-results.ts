// Voice results of one test over a time range, every page joined: v7 /test-results/{id}/rtp-server,
// v6 /voice/rtp-stream/{id}.json. Relative windows refresh at round boundaries; ranges never.
import { keepPreviousData, queryOptions, skipToken, useQuery } from '@tanstack/react-query';
import {
  DEFAULT_PROCESSING_DELAY_MS,
  formatIsoUtc,
  formatWindow,
  nextRoundRefreshDelayMs,
  parseIsoUtc,
  timeRangeToUpstreamParams,
  type TimeRange,
} from '../lib/time-window.ts';
import { readV6MetricRows } from './adapters/v6.ts';
import { readV7ResultRows } from './adapters/v7.ts';
import { adaptVoiceTest } from './adapters/shared.ts';
import { addSkippedRows, noSkippedRows } from './adapters/skipped-rows.ts';
import { apiClient, isPermanentApiError, type ApiClient } from './fetch-client.ts';
import { aidQuery, requireId } from './ids.ts';
import type { ApiVersion, RoundResult, SkippedRows, VoiceResults, VoiceTest } from './model.ts';
import { fetchAllPages, type PageEnvelope } from './paginate.ts';
import { apiRetryOptions } from './query-client.ts';
import { parseBody } from './schemas/parse.ts';
import { v6VoiceResultsSchema } from './schemas/v6.ts';
import { v7VoiceResultsSchema } from './schemas/v7.ts';

export interface VoiceResultsParams {
  apiVersion: ApiVersion;
  aid: string | undefined;
  testId: string;
  range: TimeRange;
}

export interface VoiceResultsQueryParams extends VoiceResultsParams {
  /** The test's round interval: when a relative window refreshes. */
  intervalSeconds: number;
  /** Wall screens keep polling while the tab is hidden; a person's tab does not. */
  wall?: boolean;
  /** How long after a round boundary its results are expected upstream. */
  processingDelayMs?: number;
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

export function openV7Page(body: unknown, path: string): PageEnvelope<ResultsPage> {
  const page = parseBody(v7VoiceResultsSchema, body, path);
  return {
    next: page._links?.next?.href ?? undefined,
    read: () => {
      const skippedRows = noSkippedRows();
      return {
        rows: readV7ResultRows(page.results, path, skippedRows),
        skippedRows,
        test: page.test ? adaptVoiceTest(page.test) : undefined,
        startMs: page.startDate === undefined ? undefined : parseIsoUtc(page.startDate),
        endMs: page.endDate === undefined ? undefined : parseIsoUtc(page.endDate),
      };
    },
  };
}

export function openV6Page(body: unknown, path: string): PageEnvelope<ResultsPage> {
  const page = parseBody(v6VoiceResultsSchema, body, path);
  return {
    next: page.pages?.next ?? undefined,
    read: () => ({
      rows: readV6MetricRows(page.voice.metrics, path),
      test: page.voice.test ? adaptVoiceTest(page.voice.test) : undefined,
      startMs: undefined,
      endMs: undefined,
    }),
  };
}

/**
 * Joins pages in order, keeps the first row for each (agent, round), and puts rows in time order
 * (stable, so agents keep upstream's order within a round).
 */
export function joinResultRows(pages: readonly { rows: readonly RoundResult[] }[]): RoundResult[] {
  const seen = new Set<string>();
  const rows: RoundResult[] = [];
  let ordered = true;
  let lastRoundId = -Infinity;
  for (const page of pages) {
    for (const row of page.rows) {
      const key = `${row.agentId}\u0000${row.roundId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (row.roundId < lastRoundId) ordered = false;
      lastRoundId = row.roundId;
      rows.push(row);
    }
  }
  return ordered ? rows : rows.sort((a, b) => a.roundId - b.roundId);
}

/** How far a download of results has come: shown while a long window loads page by page. */
export interface ResultsProgress {
  pagesRead: number;
  rowsRead: number;
}

export async function fetchVoiceResults(
  params: VoiceResultsParams,
  options: {
    signal?: AbortSignal;
    client?: ApiClient;
    maxPages?: number;
    onProgress?: (progress: ResultsProgress) => void;
  } = {},
): Promise<VoiceResults> {
  const { signal, client = apiClient, maxPages, onProgress } = options;
  let rowsRead = 0;
  const pages = await fetchAllPages<ResultsPage>({
    client,
    firstPath: voiceResultsPath(params),
    signal,
    openPage: params.apiVersion === 'v7' ? openV7Page : openV6Page,
    allowedPrefix: `/api/${params.apiVersion}/`,
    maxPages,
    onPage: (page, pagesRead) => {
      rowsRead += page.rows.length;
      onProgress?.({ pagesRead, rowsRead });
    },
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

/**
 * Where a results download reports its progress: a query of its own in the same cache, reset as
 * a download starts and written page by page (garbage-collected like every other query).
 */
export function resultsProgressQueryKey(params: VoiceResultsParams) {
  return ['voice-results-progress', ...voiceResultsQueryKey(params).slice(1)] as const;
}

export function voiceResultsQueryOptions(params: VoiceResultsQueryParams) {
  const { apiVersion, aid, testId, range, intervalSeconds, wall = false } = params;
  const processingDelayMs = params.processingDelayMs ?? DEFAULT_PROCESSING_DELAY_MS;
  // An absolute range with an end is history: it never changes, so it is never refetched. A range
  // with no end grows like a window.
  const isLive = range.kind === 'relative' || range.toMs === undefined;
  return queryOptions({
    queryKey: voiceResultsQueryKey({ apiVersion, aid, testId, range }),
    queryFn: ({ signal, client }) => {
      const progressKey = resultsProgressQueryKey({ apiVersion, aid, testId, range });
      const report = (progress: ResultsProgress) =>
        client.setQueryData<ResultsProgress>(progressKey, progress);
      report({ pagesRead: 0, rowsRead: 0 });
      return fetchVoiceResults({ apiVersion, aid, testId, range }, { signal, onProgress: report });
    },
    staleTime: isLive
      ? (query) =>
          nextRoundRefreshDelayMs(intervalSeconds, query.state.dataUpdatedAt, processingDelayMs)
      : Infinity,
    refetchInterval: isLive
      ? (query) =>
          isPermanentApiError(query.state.error)
            ? false
            : nextRoundRefreshDelayMs(intervalSeconds, Date.now(), processingDelayMs)
      : false,
    refetchIntervalInBackground: wall,
    placeholderData: keepPreviousData,
    ...apiRetryOptions,
  });
}

/** The progress of the results download running now for these params, if any. */
export function useResultsProgress(params: VoiceResultsParams): ResultsProgress | undefined {
  return useQuery<ResultsProgress>({
    queryKey: resultsProgressQueryKey(params),
    queryFn: skipToken,
  }).data;
}

export function useVoiceResults(params: VoiceResultsQueryParams) {
  return useQuery(voiceResultsQueryOptions(params));
}
