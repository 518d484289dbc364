// The one proxy module: forwards the dashboard's read-only API calls to ThousandEyes (or the
// embedded simulator) with the server's credentials, sharing the organisation's rate limit
// between every screen through coalescing, a short cache and a budget read from the headers.
// The production server, the Vite dev/preview servers and the tests all mount this.
// The decision chain reads top to bottom in `answerFor`; calling upstream within the shared
// limits is upstream-caller.ts, shaping its answers upstream-answer.ts, sending them
// proxy-send.ts, reading the next page ahead read-ahead.ts, and what several servers must share
// (budget, 401 hold-back, calls in flight) shared-state.ts.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { Credentials } from '../config.ts';
import { ClientPacing } from './client-pacing.ts';
import {
  ClosedIntervalCache,
  DEFAULT_INTERVAL_CACHE_BYTES,
  type CacheSize,
  type IntervalForm,
  type StoredInterval,
} from './closed-interval-cache.ts';
import { createClosedIntervals, type ClosedIntervalOutcome } from './closed-intervals.ts';
import { problem } from './problem.ts';
import { acceptsRoundColumns, createAnswerSender } from './proxy-send.ts';
import { createReadAhead } from './read-ahead.ts';
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
  cacheSizes(): CacheSizes;
}

/** Each cache's entries and bytes; `joinMemory`: free memory kept to join closed intervals into. */
export interface CacheSizes {
  pages: CacheSize;
  intervals: CacheSize;
  joinMemory: CacheSize;
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
    fetchPage: (page, rows) =>
      fetchFromUpstream(page, (answer, context) => shapeResultsPage(answer, context, rows)).catch(
        (error: unknown) => failureAnswer(error, scrub),
      ),
    keepOpenPage: (page, answer) => cache.set(cacheKey(page), answer),
    ...(answers ? { shared: answers } : {}),
    maxJoinedBytes: options.maxJoinedIntervalBytes ?? 64 * 1024 * 1024,
    scrubBytes: scrub.bytes,
    nowMs,
  });
  const cacheSizes = (): CacheSizes => ({
    pages: cache.size,
    intervals: intervalCache.size,
    joinMemory: closedIntervals.joinMemory(),
  });

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

  const readAheadPages = createReadAhead({
    apiVersion,
    budget,
    cache,
    cacheKey,
    isInFlight: (key) => inFlight.has(key),
    callOnce,
    log,
    nowMs,
  });
  const { send, sendInterval } = createAnswerSender(cache);

  async function answerFor(
    request: ForwardableRequest,
    client: string,
    form: IntervalForm,
  ): Promise<Answered> {
    const key = cacheKey(request);
    const readAheadPage = readAheadPages.take(key);
    if (readAheadPage) return { answer: readAheadPage, outcome: 'read-ahead' };
    const cached = cache.get(key);
    if (cached) return { answer: cached, outcome: 'hit' };
    const keptInterval = closedIntervals.stored(request, form);
    if (keptInterval) return keptInterval;
    const pending = inFlight.get(key);
    if (pending) return { answer: (await pending).answer, outcome: 'coalesced' };
    const sharedPage = await answers?.page(key);
    if (sharedPage) {
      cache.set(key, sharedPage.answer, sharedPage.ttlMs);
      return { answer: sharedPage.answer, outcome: 'shared-hit' };
    }
    const sharedInterval = await closedIntervals.storedElsewhere(request, form);
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
    const interval = await closedIntervals.answer(request, form);
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
    // Earshot's browser reads a closed interval as round columns; any other client gets upstream's
    // shape, as it would from ThousandEyes.
    const form = acceptsRoundColumns(req.headers.accept) ? 'columns' : 'upstream';
    const answered = await answerFor(request, clientOf(req), form);
    const status = 'interval' in answered ? answered.interval.status : answered.answer.status;
    log(
      `earshot api: ${req.method} ${request.upstreamPath}${request.search} ${status} ${nowMs() - started}ms ${answered.outcome} (${describeCacheSizes(cacheSizes())})`,
    );
    if ('interval' in answered) {
      await sendInterval(req, res, answered, form, await budget.snapshot());
      return;
    }
    const { answer, outcome } = answered;
    if (readAhead && answer.status === 200 && answer.nextPage !== undefined) {
      readAheadPages.readAhead(answer.nextPage).catch((error: unknown) => {
        log(
          `earshot api: read-ahead failed: ${error instanceof Error ? error.message : 'unknown'}`,
        );
      });
    }
    send(req, res, answer, await budget.snapshot(), outcome);
  }

  return { handle, cacheSizes };
}

/** The caches' sizes as the per-call log line says them. */
function describeCacheSizes(sizes: CacheSizes): string {
  const { pages, intervals, joinMemory } = sizes;
  return `pages ${pages.entries} entries ${pages.bytes} B, intervals ${intervals.entries} entries ${intervals.bytes} B, join memory ${joinMemory.bytes} B`;
}
