// The one proxy module: forwards the dashboard's read-only API calls to ThousandEyes (or the
// embedded simulator) with the server's credentials, sharing the organisation's rate limit
// between every screen through coalescing, a short cache and a budget read from the headers.
// The production server, the Vite dev/preview servers and the tests all mount this.
// The decision chain reads top to bottom in `answerFor`; calling upstream within the shared
// limits is upstream-caller.ts, shaping its answers upstream-answer.ts, and what several servers
// must share (budget, 401 hold-back, calls in flight) shared-state.ts.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { Credentials } from '../config.ts';
import { compress, sendBody, type ContentEncoding } from '../static/compression.ts';
import { ClientPacing } from './client-pacing.ts';
import {
  ClosedIntervalCache,
  DEFAULT_INTERVAL_CACHE_BYTES,
  type CacheSize,
  type StoredInterval,
} from './closed-interval-cache.ts';
import { sendStoredInterval } from './closed-interval-send.ts';
import { createClosedIntervals, type ClosedIntervalOutcome } from './closed-intervals.ts';
import { problem } from './problem.ts';
import { rateLimitHeaders } from './rate-limit.ts';
import { guardApiRequest, type ForwardableRequest } from './request-guard.ts';
import { ResponseCache, type CachedAnswer, type RefusedBy } from './response-cache.ts';
import { createInProcessState, type SharedState } from './shared-state.ts';
import {
  credentialScrubber,
  failureAnswer,
  problemAnswer,
  shapeResultsPage,
} from './upstream-answer.ts';
import { createUpstreamCaller, rateLimitedAnswer } from './upstream-caller.ts';

export interface ApiProxyOptions {
  apiVersion: ApiVersion;
  /** Upstream origin (TE_API_URL or the simulator's URL), without a trailing slash. */
  upstreamBase: string;
  credentials: Credentials;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  cacheMaxBytes?: number;
  maxBodyBytes?: number;
  /** Fetch a page's next page while the browser reads it (default on); see readAhead below. */
  readAhead?: boolean;
  /** Closed-interval cache bound (EARSHOT_INTERVAL_CACHE_MB); see closed-intervals.ts. */
  intervalCacheMaxBytes?: number;
  /** The largest joined closed interval answered; larger ones are a 502 asking a smaller range. */
  maxJoinedIntervalBytes?: number;
  /** Budget, 401 hold-back and calls in flight (default: this process's own). */
  sharedState?: SharedState;
  /** How long a 401 holds the credential back for everyone (default 60 s; 0 = never). */
  holdBackMs?: number;
  /** Who is asking, for per-client pacing (default: the socket's remote address). */
  clientOf?: (req: IncomingMessage) => string;
  log?: (line: string) => void;
  nowMs?: () => number;
}

export interface ApiProxy {
  /** Answers a request whose path starts with `/api/`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The caches' sizes, for /healthz and the log. */
  cacheSizes(): { pages: CacheSize; intervals: CacheSize };
}

type Outcome =
  | 'miss'
  | 'hit'
  | 'coalesced'
  | 'read-ahead'
  | 'paced'
  | SharedOutcome
  | RefusedBy
  | ClosedIntervalOutcome;

/** Answered through Redis: kept by another server, or its call in flight joined. */
type SharedOutcome = 'shared-hit' | 'shared-coalesced';

/** An answer, or a closed interval sent from the compressed forms it is kept in. */
type Answered =
  | { answer: CachedAnswer; outcome: Outcome }
  | { interval: StoredInterval; outcome: ClosedIntervalOutcome };

const DEFAULT_TIMEOUT_MS = 20_000;
/** A page read ahead waits this long for the browser to ask for it, then is dropped. */
const READ_AHEAD_TTL_MS = 30_000;
/** At most this many pages read ahead and not yet asked for. */
const READ_AHEAD_MAX_PAGES = 16;
/** No read-ahead once the organisation has this few requests left in the minute. */
const READ_AHEAD_MIN_REMAINING = 20;

export function createApiProxy(options: ApiProxyOptions): ApiProxy {
  const {
    apiVersion,
    credentials,
    connectTimeoutMs = DEFAULT_TIMEOUT_MS,
    totalTimeoutMs = DEFAULT_TIMEOUT_MS,
    maxBodyBytes = 32 * 1024 * 1024,
    nowMs = Date.now,
    readAhead = true,
    clientOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown',
  } = options;
  const scrub = credentialScrubber(credentials);
  const rawLog = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => rawLog(scrub(line));
  const upstreamBase = options.upstreamBase.replace(/\/+$/, '');
  const shared =
    options.sharedState ?? createInProcessState({ nowMs, holdBackMs: options.holdBackMs });
  const { budget, answers } = shared;
  const cacheTtlMs = options.cacheTtlMs ?? 15_000;
  const pacing = new ClientPacing(nowMs);
  const cache = new ResponseCache({
    ttlMs: cacheTtlMs,
    maxEntries: options.cacheMaxEntries ?? 500,
    maxBytes: options.cacheMaxBytes ?? 64 * 1024 * 1024,
    nowMs,
  });
  const inFlight = new Map<string, Promise<{ answer: CachedAnswer; joined: boolean }>>();
  const readAheadPages = new Map<string, { answer: CachedAnswer; expiresAtMs: number }>();
  const credentialId = createHash('sha256')
    .update(JSON.stringify(credentials))
    .digest('hex')
    .slice(0, 16);
  const fetchFromUpstream = createUpstreamCaller({
    apiVersion,
    upstreamBase,
    credentials,
    credentialId,
    shared,
    connectTimeoutMs,
    totalTimeoutMs,
    maxBodyBytes,
    scrub,
    log,
  });

  // Explicit, closed results ranges: followed to the end here, joined and kept for everyone.
  const intervalCache = new ClosedIntervalCache(
    options.intervalCacheMaxBytes ?? DEFAULT_INTERVAL_CACHE_BYTES,
  );
  const closedIntervals = createClosedIntervals({
    apiVersion,
    credentialId,
    cache: intervalCache,
    fetchPage: (page) =>
      fetchFromUpstream(page, shapeResultsPage).catch((error: unknown) =>
        failureAnswer(error, scrub),
      ),
    keepOpenPage: (page, answer) => cache.set(cacheKey(page), answer),
    ...(answers ? { shared: answers } : {}),
    maxJoinedBytes: options.maxJoinedIntervalBytes ?? 64 * 1024 * 1024,
    nowMs,
  });
  const cacheSizes = () => ({ pages: cache.size, intervals: intervalCache.size });

  function cacheKey(request: ForwardableRequest): string {
    return `GET ${request.upstreamPath}${request.search} ${credentialId}`;
  }

  /**
   * One upstream call per key at a time: a second asker joins the first, here or (with Redis) on
   * another server (`joined`).
   */
  function callOnce(
    key: string,
    request: ForwardableRequest,
  ): Promise<{ answer: CachedAnswer; joined: boolean }> {
    const callHere = () =>
      fetchFromUpstream(request).catch((error: unknown) => failureAnswer(error, scrub));
    const call = (
      answers
        ? answers.once(key, callHere, cacheTtlMs)
        : callHere().then((answer) => ({ answer, joined: false }))
    ).finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    return call;
  }

  /**
   * Read-ahead: a browser reading a window of results asks for page after page, each only once
   * it has the one before (the cursor is in it). The proxy knows the next link first, so it asks
   * upstream for the next page while the browser downloads and reads this one; the browser's
   * request then finds it ready, or joins it in flight. Only while the rate-limit budget has room:
   * the request is one the browser makes anyway, unless the person leaves mid-way.
   */
  async function readPageAhead(path: string): Promise<void> {
    const guarded = guardApiRequest('GET', path, apiVersion);
    if (!guarded.ok) return;
    const key = cacheKey(guarded.request);
    const now = nowMs();
    for (const [oldKey, entry] of readAheadPages) {
      if (entry.expiresAtMs <= now) readAheadPages.delete(oldKey);
    }
    const { remaining } = await budget.snapshot();
    if (
      readAheadPages.has(key) ||
      inFlight.has(key) ||
      cache.get(key) ||
      readAheadPages.size >= READ_AHEAD_MAX_PAGES ||
      (await budget.secondsUntilAllowed()) > 0 ||
      (remaining !== undefined && remaining < READ_AHEAD_MIN_REMAINING)
    ) {
      return;
    }
    const started = nowMs();
    const { answer } = await callOnce(key, guarded.request);
    log(
      `earshot api: GET ${guarded.request.upstreamPath}${guarded.request.search} ${answer.status} ${nowMs() - started}ms read ahead`,
    );
    if (answer.status !== 200) return;
    readAheadPages.set(key, { answer, expiresAtMs: nowMs() + READ_AHEAD_TTL_MS });
    cache.set(key, answer);
  }

  async function answerFor(request: ForwardableRequest, client: string): Promise<Answered> {
    const key = cacheKey(request);
    const readAheadPage = readAheadPages.get(key);
    if (readAheadPage) readAheadPages.delete(key); // served once; the cache may keep it longer
    if (readAheadPage && readAheadPage.expiresAtMs > nowMs()) {
      return { answer: readAheadPage.answer, outcome: 'read-ahead' };
    }
    const cached = cache.get(key);
    if (cached) return { answer: cached, outcome: 'hit' };
    const keptInterval = closedIntervals.stored(request);
    if (keptInterval) return keptInterval;
    const pending = inFlight.get(key);
    if (pending) return { answer: (await pending).answer, outcome: 'coalesced' };
    const sharedPage = await answers?.page(key);
    if (sharedPage) {
      cache.set(key, sharedPage.answer, sharedPage.ttlMs);
      return { answer: sharedPage.answer, outcome: 'shared-hit' };
    }
    const sharedInterval = await closedIntervals.storedElsewhere(request);
    if (sharedInterval) return sharedInterval;
    const waitSeconds = await budget.secondsUntilAllowed();
    if (waitSeconds > 0) return { answer: rateLimitedAnswer(waitSeconds), outcome: 'rate-limited' };
    const pace = pacing.check(client, await budget.snapshot());
    if (!pace.allowed) {
      const answer = problemAnswer(
        problem(
          429,
          'Too many requests from this screen',
          `This browser asked ThousandEyes for far more than a screen needs in the last minute; Earshot slows it down so the organisation's shared rate limit lasts for everyone. Try again in ${pace.retryAfterSeconds} s.`,
        ),
        { 'Retry-After': `${pace.retryAfterSeconds}` },
      );
      return { answer, outcome: 'paced' };
    }
    pacing.record(client);
    const interval = await closedIntervals.answer(request);
    if (interval) return interval;
    const { answer, joined } = await callOnce(key, request);
    if (answer.status === 200) cache.set(key, answer);
    return { answer, outcome: joined ? 'shared-coalesced' : (answer.refusedBy ?? 'miss') };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = nowMs();
    const guarded = guardApiRequest(req.method, req.url ?? '/', apiVersion);
    if (!guarded.ok) {
      const headers: Record<string, string> =
        guarded.problem.status === 405 ? { Allow: 'GET, HEAD' } : {};
      send(req, res, problemAnswer(guarded.problem, headers), await budget.snapshot());
      return;
    }
    const request = guarded.request;
    const answered = await answerFor(request, clientOf(req));
    const status = 'interval' in answered ? answered.interval.status : answered.answer.status;
    log(
      `earshot api: ${req.method} ${request.upstreamPath}${request.search} ${status} ${nowMs() - started}ms ${answered.outcome} (${describeCacheSizes(cacheSizes())})`,
    );
    if ('interval' in answered) {
      await sendInterval(req, res, answered.interval, answered.outcome, await budget.snapshot());
      return;
    }
    const { answer, outcome } = answered;
    if (readAhead && answer.status === 200 && answer.nextPage !== undefined) {
      readPageAhead(answer.nextPage).catch((error: unknown) => {
        log(
          `earshot api: read-ahead failed: ${error instanceof Error ? error.message : 'unknown'}`,
        );
      });
    }
    send(req, res, answer, await budget.snapshot(), outcome);
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    answer: CachedAnswer,
    budgetState: Parameters<typeof rateLimitHeaders>[0],
    outcome?: Outcome,
  ): void {
    if (res.headersSent || res.destroyed) return;
    sendBody(
      req,
      res,
      answer.status,
      {
        'Cache-Control': 'no-store',
        ...rateLimitHeaders(budgetState),
        ...answer.headers,
        ...(outcome ? { 'X-Earshot-Cache': outcome } : {}),
        ...nextPageHeader(answer),
      },
      answer.body,
      (encoding) => encodedOnce(answer, encoding),
    );
  }

  function sendInterval(
    req: IncomingMessage,
    res: ServerResponse,
    interval: StoredInterval,
    outcome: ClosedIntervalOutcome,
    budgetState: Parameters<typeof rateLimitHeaders>[0],
  ): Promise<void> {
    if (res.headersSent || res.destroyed) return Promise.resolve();
    return sendStoredInterval(
      req,
      res,
      {
        'Cache-Control': 'no-store',
        ...rateLimitHeaders(budgetState),
        ...interval.headers,
        'X-Earshot-Cache': outcome,
      },
      interval,
    );
  }

  /** A cached answer is compressed once per encoding, and the cache counts those bytes too. */
  function encodedOnce(answer: CachedAnswer, encoding: ContentEncoding): Buffer {
    if (encoding === 'identity') return answer.body;
    const known = answer.encoded?.[encoding];
    if (known) return known;
    const encoded = compress(answer.body, encoding);
    cache.keepEncoded(answer, encoding, encoded);
    return encoded;
  }

  return { handle, cacheSizes };
}

/** The caches' sizes as the per-call log line says them. */
function describeCacheSizes(sizes: { pages: CacheSize; intervals: CacheSize }): string {
  const { pages, intervals } = sizes;
  return `pages ${pages.entries} entries ${pages.bytes} B, intervals ${intervals.entries} entries ${intervals.bytes} B`;
}

/**
 * `Link: <next>; rel="next"` on a page that has a next page: the browser can ask for it as the
 * headers arrive, before parsing this body (the body's link stays the one it checks and follows).
 */
function nextPageHeader(answer: CachedAnswer): Record<string, string> {
  const next = answer.nextPage;
  // Only printable ASCII, no angle brackets: anything else stays in the body alone.
  if (answer.status !== 200 || next === undefined || !/^[\x21-\x3b\x3d\x3f-\x7e]+$/.test(next)) {
    return {};
  }
  return { Link: `<${next}>; rel="next"` };
}
