// Closed intervals of voice results, answered whole and kept for everyone. A results request with
// an explicit range that ended long enough ago (common/result-intervals.ts decides) can no longer
// change: the server follows all its pages itself, joins them into one body of the same version's
// shape, and keeps that in the closed-interval cache, so a reload, a second viewer, a shared link
// and every wall get it without an upstream call. Pagination is followed here, not in the browser,
// so that the cache holds whole intervals: one entry, evicted at once, never a cursor that has gone
// stale mid-chain. Its rows are read once and kept as round columns, the form Earshot's browser asks
// for (closed-interval-columns.ts); upstream's shape is kept only once a client asks for it
// (closed-interval-cache.ts says why). Every other request goes on to the proxy's ordinary path.
import { createHash } from 'node:crypto';
import {
  closedBeforeMs,
  isClosedRange,
  LONGEST_TEST_INTERVAL_SECONDS,
} from '../../common/result-intervals.ts';
import { parseIsoUtc, parseUtcDateTime } from '../../common/time-window.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import {
  formFor,
  storeInterval,
  withFormsOf,
  type CacheSize,
  type ClosedIntervalCache,
  type IntervalForm,
  type StoredInterval,
} from './closed-interval-cache.ts';
import { ROUND_COLUMNS_FORMAT } from '../../common/result-rows/round-columns-bytes.ts';
import { readIntervalColumns } from './closed-interval-columns.ts';
import { joinPageTexts, pageEnvelope, RowsList } from './closed-interval-join.ts';
import type { WalkedRows } from './closed-interval-page.ts';
import { SharedBufferPool } from './shared-buffer-pool.ts';
import { problem, type Problem } from './problem.ts';
import { guardApiRequest, type ForwardableRequest } from './request-guard.ts';
import type { CachedAnswer } from './response-cache.ts';
import type { SharedAnswers } from './shared-state.ts';
import { problemAnswer } from './upstream-answer.ts';

export type ClosedIntervalOutcome = 'interval-hit' | 'interval-miss' | 'interval-coalesced';

/**
 * A kept (or just joined) closed interval, sent from its compressed forms (closed-interval-send.ts);
 * or an ordinary answer: the interval failed (a problem), or the range turned out open (`miss`,
 * `coalesced`: its first page, answered as any page).
 */
export type ClosedIntervalAnswer =
  | { interval: StoredInterval; outcome: ClosedIntervalOutcome }
  | { answer: CachedAnswer; outcome: ClosedIntervalOutcome | 'miss' | 'coalesced' };

export interface ClosedIntervalsOptions {
  apiVersion: ApiVersion;
  /** A hash of the credentials, so that different credentials never share an answer. */
  credentialId: string;
  cache: ClosedIntervalCache;
  /**
   * The proxy's upstream call for one page: within the organisation's budget (reserved before it
   * leaves), the 401 hold-back and the bound on calls in flight; shaped, links rewritten and
   * checked (an unfollowable next link is a 502), body limit applied. Its rows checked as bytes,
   * unless they are read as columns only (closed-interval-page.ts, `WalkedRows`).
   */
  fetchPage: (request: ForwardableRequest, rows: WalkedRows) => Promise<CachedAnswer>;
  /** Keeps the first page of a range that turned out open, as the proxy keeps any page. */
  keepOpenPage: (request: ForwardableRequest, answer: CachedAnswer) => void;
  /** Closed intervals kept by every server (Redis); absent for one server alone. */
  shared?: Pick<SharedAnswers, 'interval' | 'keepInterval'>;
  /** The largest joined body answered (a guard: the browser asks for a few pages at a time). */
  maxJoinedBytes: number;
  /** The credential scrub, for the round columns written from a joined body. */
  scrubBytes: (bytes: Buffer) => Buffer;
  nowMs: () => number;
}

/**
 * Each method takes the form the client reads (round columns, or upstream's shape): an interval
 * kept in the other form only is not an answer for it (closed-interval-cache.ts).
 */
export interface ClosedIntervals {
  /** A closed interval already kept for this request: free, asked before any governor. */
  stored(request: ForwardableRequest, form: IntervalForm): ClosedIntervalAnswer | undefined;
  /** One another server kept (Redis), then kept here too; free like `stored`. */
  storedElsewhere(
    request: ForwardableRequest,
    form: IntervalForm,
  ): Promise<ClosedIntervalAnswer | undefined>;
  /** The answer for an explicit results range that may be closed, or undefined: go on as today. */
  answer(
    request: ForwardableRequest,
    form: IntervalForm,
  ): Promise<ClosedIntervalAnswer | undefined>;
  /** The memory kept to join the next intervals into (shared-buffer-pool.ts). */
  joinMemory(): CacheSize;
}

/** More pages than this in one interval is a loop upstream, not data. */
const MAX_PAGES = 2000;

type Walk =
  | { kind: 'closed'; entry: StoredInterval }
  | { kind: 'open'; answer: CachedAnswer }
  | { kind: 'failed'; answer: CachedAnswer };

export function createClosedIntervals(options: ClosedIntervalsOptions): ClosedIntervals {
  const { apiVersion, cache, nowMs } = options;
  const walks = new Map<string, Promise<Walk>>();
  const joinedBuffers = new SharedBufferPool();

  // The columns' form is in the key: servers of another version sharing Redis, during a rolling
  // deploy, keep their intervals apart rather than send a browser a form it does not read.
  function keyOf(request: ForwardableRequest): string {
    return createHash('sha256')
      .update(
        `${options.credentialId}\n${apiVersion}\n${ROUND_COLUMNS_FORMAT}\n${request.upstreamPath}${request.search}`,
      )
      .digest('hex');
  }

  function stored(
    request: ForwardableRequest,
    form: IntervalForm,
  ): ClosedIntervalAnswer | undefined {
    if (!explicitResultsRange(request, apiVersion)) return undefined;
    const entry = cache.get(keyOf(request));
    return entry && formFor(entry, form) ? closedAnswer(entry, 'interval-hit') : undefined;
  }

  async function storedElsewhere(
    request: ForwardableRequest,
    form: IntervalForm,
  ): Promise<ClosedIntervalAnswer | undefined> {
    const range = options.shared && explicitResultsRange(request, apiVersion);
    if (!options.shared || !range) return undefined;
    const key = keyOf(request);
    const entry = await options.shared.interval(key);
    if (!entry) return undefined;
    const kept = keep(key, entry, range.endMs);
    return formFor(kept, form) ? closedAnswer(kept, 'interval-hit') : undefined;
  }

  /** Keeps an entry, with the forms of one already kept for the key; returns what is kept. */
  function keep(key: string, entry: StoredInterval, dataEndMs: number): StoredInterval {
    const known = cache.get(key);
    const kept = known ? withFormsOf(entry, known) : entry;
    cache.set(key, kept, dataEndMs);
    return kept;
  }

  async function answer(
    request: ForwardableRequest,
    form: IntervalForm,
  ): Promise<ClosedIntervalAnswer | undefined> {
    const range = explicitResultsRange(request, apiVersion);
    if (!range) return undefined;
    const key = keyOf(request);
    const stored = cache.get(key);
    if (stored && formFor(stored, form)) return closedAnswer(stored, 'interval-hit');
    // Open whatever the test's interval: no need to read a page to know.
    if (range.endMs > closedBeforeMs(nowMs(), 0)) return undefined;
    // A walk for upstream's shape keeps both forms, one for columns only the columns: readers of
    // each form share a walk of their own.
    const walkKey = `${form}\n${key}`;
    const pending = walks.get(walkKey);
    if (pending) return walkAnswer(await pending, true);
    const walk = walkInterval(request, range.endMs, nowMs(), form).finally(() =>
      walks.delete(walkKey),
    );
    walks.set(walkKey, walk);
    const walked = await walk;
    if (walked.kind === 'closed') {
      const kept = keep(key, walked.entry, range.endMs);
      await options.shared?.keepInterval(key, kept);
    }
    if (walked.kind === 'open' && walked.answer.status === 200) {
      options.keepOpenPage(request, walked.answer);
    }
    return walkAnswer(walked, false);
  }

  async function walkInterval(
    request: ForwardableRequest,
    endMs: number,
    askedAtMs: number,
    form: IntervalForm,
    firstPageChecked = false,
  ): Promise<Walk> {
    // Pages read as columns only are not checked, so their joined body is never kept or sent.
    const rows: WalkedRows = form === 'columns' ? 'columns-only' : 'sent';
    // The first page of a range that may still be open may be sent and kept as any page: checked.
    // A range that ended before the longest test interval (and the delays) is closed whatever the
    // test says, so for columns its first page is read as columns only, as the others are (its
    // check was ~0.3 s of the serving thread's CPU a cold week at 500 agents).
    const closedForAnyTest = isClosedRange(endMs, askedAtMs, LONGEST_TEST_INTERVAL_SECONDS);
    const firstRows = closedForAnyTest && !firstPageChecked ? rows : 'sent';
    const first = await options.fetchPage(request, firstRows);
    if (first.status !== 200) return { kind: 'failed', answer: first };
    const intervalSeconds = testIntervalSeconds(pageEnvelope(first.body, apiVersion), apiVersion);
    if (!isClosedRange(endMs, askedAtMs, intervalSeconds)) {
      // A test interval longer than any ThousandEyes offers: this page cannot be sent as it is.
      if (first.walkedRows) return walkInterval(request, endMs, askedAtMs, form, true);
      return { kind: 'open', answer: first };
    }

    const pages: (Buffer | RowsList)[] = [first.body];
    let joinedBytes = first.body.length;
    if (first.walkedRows) {
      pages.push(new RowsList(first.walkedRows));
      joinedBytes += first.walkedRows.length;
    }
    let page = first;
    const followed = new Set<string>();
    for (;;) {
      const next = page.nextPage;
      if (next === undefined) break;
      const guarded = guardApiRequest('GET', next, apiVersion);
      if (
        !guarded.ok ||
        resultsTestId(guarded.request.upstreamPath) !== resultsTestId(request.upstreamPath)
      ) {
        return failed(unfollowable(next));
      }
      if (followed.has(next) || pages.length >= MAX_PAGES) {
        return failed(
          problem(
            502,
            'Bad gateway',
            `ThousandEyes kept answering next pages (${pages.length}); Earshot stopped following them. Ask for a smaller range.`,
          ),
        );
      }
      followed.add(next);
      page = await options.fetchPage(guarded.request, rows);
      if (page.status !== 200) return { kind: 'failed', answer: page };
      const text = page.walkedRows ? new RowsList(page.walkedRows) : page.body;
      joinedBytes += text.length;
      if (joinedBytes > options.maxJoinedBytes) return failed(tooLarge(options.maxJoinedBytes));
      pages.push(text);
    }
    const pooled = pages.length > 1;
    const joined = pooled
      ? joinPageTexts(pages, apiVersion, (length) => joinedBuffers.take(length))
      : first.body;
    if (!joined) {
      return failed(
        problem(
          502,
          'Bad gateway',
          'ThousandEyes answered a page of results without its list of results; Earshot cannot join the interval. Try again later.',
        ),
      );
    }
    try {
      const columns = await readIntervalColumns(
        joined,
        apiVersion,
        request.upstreamPath + request.search,
        options.scrubBytes,
      );
      if (columns || rows === 'sent' || pages.length === 1) {
        const entry = await storeInterval({
          status: 200,
          headers: first.headers,
          body: joined,
          columns,
          keepUpstreamShape: form === 'upstream',
        });
        return { kind: 'closed', entry };
      }
    } finally {
      // Read and compressed: the next interval is joined into the same memory. (Should one
      // compression fail while the other still reads it, that one's output is thrown away.)
      if (pooled) joinedBuffers.give(joined);
    }
    // Rows the readers refuse: the browser gets upstream's shape and names the bad field, and
    // rows that were not checked are never sent, so the pages are walked again, checked (an
    // interval whose first page was read as columns only costs its pages twice: only where upstream
    // sent rows no reader accepts). A single page kept above went the checked way.
    return walkInterval(request, endMs, askedAtMs, 'upstream');
  }

  return { stored, storedElsewhere, answer, joinMemory: () => joinedBuffers.size };
}

function closedAnswer(entry: StoredInterval, outcome: ClosedIntervalOutcome): ClosedIntervalAnswer {
  return { interval: entry, outcome };
}

function walkAnswer(walk: Walk, joined: boolean): ClosedIntervalAnswer {
  if (walk.kind === 'closed') {
    return closedAnswer(walk.entry, joined ? 'interval-coalesced' : 'interval-miss');
  }
  if (walk.kind === 'open') return { answer: walk.answer, outcome: joined ? 'coalesced' : 'miss' };
  return { answer: walk.answer, outcome: joined ? 'interval-coalesced' : 'interval-miss' };
}

function failed(body: Problem): Walk {
  return { kind: 'failed', answer: problemAnswer(body) };
}

function unfollowable(href: string): Problem {
  return problem(
    502,
    'Bad gateway',
    `ThousandEyes returned a next page Earshot will not follow: ${describeHref(href)}. The interval is not shown in part; report this upstream answer.`,
  );
}

function tooLarge(maxBytes: number): Problem {
  return problem(
    502,
    'Bad gateway',
    `This range of results is larger than ${Math.round(maxBytes / (1024 * 1024))} MB joined; ask for a smaller range (fewer hours at a time).`,
  );
}

export interface ExplicitRange {
  startMs: number;
  endMs: number;
}

/**
 * The range of a first request for voice results with an explicit start and end (v7
 * `startDate` + `endDate`, v6 `from` + `to`), or undefined for anything else: a window, an open
 * end, a next page (`cursor`, `lastRoundId`), another path.
 */
export function explicitResultsRange(
  request: ForwardableRequest,
  apiVersion: ApiVersion,
): ExplicitRange | undefined {
  if (resultsTestId(request.upstreamPath) === undefined) return undefined;
  const params = new URLSearchParams(request.search);
  const [startName, endName, pageNames] =
    apiVersion === 'v7'
      ? ['startDate', 'endDate', ['cursor', 'window']]
      : ['from', 'to', ['lastRoundId', 'page', 'window']];
  if (pageNames.some((name) => params.has(name))) return undefined;
  const start = params.get(startName);
  const end = params.get(endName);
  if (start === null || end === null) return undefined;
  const startMs = apiVersion === 'v7' ? parseIsoUtc(start) : readUtc(start);
  const endMs = apiVersion === 'v7' ? parseIsoUtc(end) : readUtc(end);
  if (startMs === undefined || endMs === undefined || endMs <= startMs) return undefined;
  return { startMs, endMs };
}

function readUtc(text: string): number | undefined {
  const parsed = parseUtcDateTime('', text);
  return parsed.ok ? parsed.value : undefined;
}

/** The test id of a voice results path (v7 rtp-server, v6 rtp-stream or metrics), else undefined. */
export function resultsTestId(upstreamPath: string): string | undefined {
  const match =
    /^\/v7\/test-results\/([^/]+)\/rtp-server$/.exec(upstreamPath) ??
    /^\/v6\/voice\/(?:rtp-stream|metrics)\/(\d+)(?:\.json)?$/.exec(upstreamPath);
  return match?.[1];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The test's interval from a results page (v7 `test.interval`, v6 `voice.test.interval`). */
export function testIntervalSeconds(body: unknown, apiVersion: ApiVersion): number {
  const holder = apiVersion === 'v7' ? body : isRecord(body) ? body.voice : undefined;
  const test = isRecord(holder) ? holder.test : undefined;
  const interval = isRecord(test) ? test.interval : undefined;
  return typeof interval === 'number' && Number.isFinite(interval) && interval > 0
    ? interval
    : LONGEST_TEST_INTERVAL_SECONDS;
}

/** The href as a log or a person can read it: no query (a cursor says nothing), printable only. */
function describeHref(href: string): string {
  return (href.split('?')[0] ?? '').slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
}
