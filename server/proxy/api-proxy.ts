// The one proxy module: forwards the dashboard's read-only API calls to ThousandEyes (or the
// embedded simulator) with the server's credentials, sharing the organisation's rate limit
// between every screen through coalescing, a short cache and a budget read from the headers.
// The production server, the Vite dev/preview servers and the tests all mount this.
import { createHash } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ApiVersion, Credentials } from '../config.ts';
import { sendBody, type ContentEncoding } from '../static/compression.ts';
import { ClosedIntervalCache, type CacheSize } from './closed-interval-cache.ts';
import {
  createClosedIntervals,
  upstreamNextHref,
  withRefusedNextPage,
  type ClosedIntervalOutcome,
} from './closed-intervals.ts';
import { nextPageLink, rewriteLinks } from './links.ts';
import { problem, type Problem } from './problem.ts';
import { RateLimitBudget } from './rate-limit.ts';
import { guardApiRequest, type ForwardableRequest } from './request-guard.ts';
import { ResponseCache, type CachedAnswer } from './response-cache.ts';
import { callUpstream, UpstreamFailure, type UpstreamAnswer } from './upstream-call.ts';

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
  log?: (line: string) => void;
  nowMs?: () => number;
}

export interface ApiProxy {
  /** Answers a request whose path starts with `/api/`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  readonly budget: RateLimitBudget;
  /** The caches' sizes, for /healthz. */
  cacheSizes(): { pages: CacheSize; intervals: CacheSize };
}

type Outcome = 'miss' | 'hit' | 'coalesced' | 'read-ahead' | 'rate-limited' | ClosedIntervalOutcome;

const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_REDIRECTS = 3;
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
    log = (line: string) => console.log(line),
    nowMs = Date.now,
    readAhead = true,
  } = options;
  const upstreamBase = options.upstreamBase.replace(/\/+$/, '');
  const budget = new RateLimitBudget(nowMs);
  const cache = new ResponseCache({
    ttlMs: options.cacheTtlMs ?? 15_000,
    maxEntries: options.cacheMaxEntries ?? 500,
    maxBytes: options.cacheMaxBytes ?? 64 * 1024 * 1024,
    nowMs,
  });
  const inFlight = new Map<string, Promise<CachedAnswer>>();
  const readAheadPages = new Map<string, { answer: CachedAnswer; expiresAtMs: number }>();
  const credentialId = createHash('sha256')
    .update(JSON.stringify(credentials))
    .digest('hex')
    .slice(0, 16);
  const authorization =
    credentials.kind === 'bearer'
      ? `Bearer ${credentials.token}`
      : `Basic ${Buffer.from(`${credentials.email}:${credentials.basicToken}`).toString('base64')}`;
  // #12 closed intervals: explicit, closed results ranges are joined and kept (closed-intervals.ts).
  const intervalCache = new ClosedIntervalCache(options.intervalCacheMaxBytes ?? 256 * 1024 * 1024);
  const closedIntervals = createClosedIntervals({
    apiVersion,
    credentialId,
    cache: intervalCache,
    fetchPage: (page) => fetchFromUpstream(page),
    secondsUntilAllowed: () => budget.secondsUntilAllowed(),
    keepOpenPage: (page, answer) => cache.set(cacheKey(page), answer),
    maxJoinedBytes: options.maxJoinedIntervalBytes ?? 64 * 1024 * 1024,
    nowMs,
  });
  const cacheSizes = () => ({ pages: cache.size, intervals: intervalCache.size });

  async function fetchFromUpstream(request: ForwardableRequest): Promise<CachedAnswer> {
    let path = request.upstreamPath + request.search;
    for (let hop = 0; ; hop += 1) {
      let answer: UpstreamAnswer;
      try {
        answer = await callUpstream({
          url: new URL(upstreamBase + path),
          method: 'GET',
          headers: {
            Authorization: authorization,
            // v6 picks its format from Accept when the path has no .json suffix.
            Accept:
              apiVersion === 'v7'
                ? 'application/hal+json, application/json;q=0.9, application/problem+json;q=0.8'
                : 'application/json',
            'Accept-Encoding': 'gzip, br',
            'User-Agent': 'Earshot (ThousandEyes voice dashboard)',
          },
          connectTimeoutMs,
          totalTimeoutMs,
          maxBodyBytes,
        });
      } catch (error) {
        return failureAnswer(error);
      }
      budget.observe(answer.headers, answer.status);
      if (answer.status >= 300 && answer.status < 400 && answer.status !== 304) {
        const next = redirectTarget(answer.headers.location, hop);
        if (typeof next !== 'string') return problemAnswer(next);
        path = next;
        continue;
      }
      return shapeAnswer(answer);
    }
  }

  /** A v6 301 (`/voice/metrics` → `/voice/rtp-stream`) is followed here, inside the allow-list. */
  function redirectTarget(location: string | undefined, hop: number): string | Problem {
    if (hop >= MAX_REDIRECTS) {
      return problem(502, 'Bad gateway', 'ThousandEyes redirected too many times.');
    }
    if (!location) {
      return problem(502, 'Bad gateway', 'ThousandEyes answered a redirect with no Location.');
    }
    let target: URL;
    try {
      target = new URL(location, upstreamBase + '/');
    } catch {
      return problem(502, 'Bad gateway', 'ThousandEyes redirected to an unreadable Location.');
    }
    const base = new URL(upstreamBase);
    if (target.origin !== base.origin) {
      log(`earshot api: refused a redirect to another origin (${target.origin})`);
      return problem(502, 'Bad gateway', 'ThousandEyes redirected outside its API; not followed.');
    }
    const relative = target.pathname.slice(base.pathname.replace(/\/$/, '').length);
    const guarded = guardApiRequest('GET', `/api${relative}${target.search}`, apiVersion);
    if (!guarded.ok) {
      return problem(
        502,
        'Bad gateway',
        `ThousandEyes redirected to a path Earshot does not forward.`,
      );
    }
    return guarded.request.upstreamPath + guarded.request.search;
  }

  function shapeAnswer(answer: UpstreamAnswer): CachedAnswer {
    const contentType = answer.headers['content-type'] ?? '';
    const isJson = /json/i.test(contentType);
    if (answer.status >= 400) return upstreamErrorAnswer(answer, isJson);
    if (answer.status === 204 || answer.body.length === 0) {
      return { status: answer.status, headers: {}, body: Buffer.alloc(0) };
    }
    if (!isJson) {
      return problemAnswer(
        problem(502, 'Bad gateway', `ThousandEyes answered ${contentType || 'no type'}, not JSON.`),
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body.toString('utf8'));
    } catch {
      return problemAnswer(problem(502, 'Bad gateway', 'ThousandEyes answered malformed JSON.'));
    }
    const upstreamNext = upstreamNextHref(parsed, apiVersion); // #12: read before the rewrite
    const { body, dropped } = rewriteLinks(parsed, apiVersion, upstreamBase);
    for (const href of dropped) {
      log(`earshot api: dropped a link to another origin: ${describeHref(href)}`);
    }
    return withRefusedNextPage(upstreamNext, {
      status: answer.status,
      headers: { 'Content-Type': contentType },
      body: Buffer.from(JSON.stringify(body)),
      nextPage: nextPageLink(body, apiVersion),
    });
  }

  function upstreamErrorAnswer(answer: UpstreamAnswer, isJson: boolean): CachedAnswer {
    const status = answer.status;
    let message: string | undefined;
    let upstreamTitle: string | undefined;
    if (isJson) {
      try {
        const parsed = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
        message = firstString(
          parsed.detail,
          parsed.error_description,
          parsed.errorMessage,
          parsed.message,
        );
        upstreamTitle = firstString(parsed.title, parsed.error);
      } catch {
        message = undefined;
      }
    } else if (
      answer.body.length > 0 &&
      /^text\/plain/i.test(answer.headers['content-type'] ?? '')
    ) {
      message = answer.body.toString('utf8').slice(0, 500).trim() || undefined;
    }
    const title = upstreamTitle ?? STATUS_CODES[status] ?? 'Upstream error';
    const detail = `ThousandEyes answered ${status}${message ? `: ${message}` : ` ${STATUS_CODES[status] ?? ''}`.trimEnd()}`;
    const headers: Record<string, string> = {};
    if (status === 429) headers['Retry-After'] = `${budget.retryAfterSeconds()}`;
    return problemAnswer(problem(status, title, detail), headers);
  }

  function failureAnswer(error: unknown): CachedAnswer {
    if (error instanceof UpstreamFailure) {
      if (error.kind === 'timeout') {
        return problemAnswer(
          problem(504, 'Gateway timeout', `ThousandEyes did not answer in time: ${error.message}.`),
        );
      }
      return problemAnswer(
        problem(502, 'Bad gateway', `ThousandEyes could not be read: ${error.message}.`),
      );
    }
    return problemAnswer(problem(502, 'Bad gateway', 'ThousandEyes could not be reached.'));
  }

  function cacheKey(request: ForwardableRequest): string {
    return `GET ${request.upstreamPath}${request.search} ${credentialId}`;
  }

  /**
   * Read-ahead: a browser reading a window of results asks for page after page, each only once
   * it has the one before (the cursor is in it). The proxy knows the next link first, so it asks
   * upstream for the next page while the browser downloads and reads this one; the browser's
   * request then finds it ready, or joins it in flight. Only while the rate-limit budget has room:
   * the request is one the browser makes anyway, unless the person leaves mid-way.
   */
  function readPageAhead(path: string): void {
    const guarded = guardApiRequest('GET', path, apiVersion);
    if (!guarded.ok) return;
    const key = cacheKey(guarded.request);
    const now = nowMs();
    for (const [oldKey, entry] of readAheadPages) {
      if (entry.expiresAtMs <= now) readAheadPages.delete(oldKey);
    }
    const { remaining } = budget.snapshot();
    if (
      readAheadPages.has(key) ||
      inFlight.has(key) ||
      cache.get(key) ||
      readAheadPages.size >= READ_AHEAD_MAX_PAGES ||
      budget.secondsUntilAllowed() > 0 ||
      (remaining !== undefined && remaining < READ_AHEAD_MIN_REMAINING)
    ) {
      return;
    }
    const started = nowMs();
    const call = fetchFromUpstream(guarded.request).finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    void call.then((answer) => {
      log(
        `earshot api: GET ${guarded.request.upstreamPath}${guarded.request.search} ${answer.status} ${nowMs() - started}ms read ahead`,
      );
      if (answer.status !== 200) return;
      readAheadPages.set(key, { answer, expiresAtMs: nowMs() + READ_AHEAD_TTL_MS });
      cache.set(key, answer);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = nowMs();
    const guarded = guardApiRequest(req.method, req.url ?? '/', apiVersion);
    if (!guarded.ok) {
      const headers: Record<string, string> =
        guarded.problem.status === 405 ? { Allow: 'GET, HEAD' } : {};
      send(req, res, problemAnswer(guarded.problem, headers));
      return;
    }
    const request = guarded.request;
    const key = cacheKey(request);
    let outcome: Outcome;
    let closedInterval: Awaited<ReturnType<typeof closedIntervals.answer>>; // #12
    const readAheadPage = readAheadPages.get(key);
    if (readAheadPage) readAheadPages.delete(key); // served once; the cache may keep it longer
    let answer =
      readAheadPage && readAheadPage.expiresAtMs > nowMs() ? readAheadPage.answer : undefined;
    if (answer) {
      outcome = 'read-ahead';
    } else if ((answer = cache.get(key))) {
      outcome = 'hit';
    } else if ((closedInterval = await closedIntervals.answer(request))) {
      ({ answer, outcome } = closedInterval); // #12
    } else {
      const pending = inFlight.get(key);
      if (pending) {
        outcome = 'coalesced';
        answer = await pending;
      } else {
        const waitSeconds = budget.secondsUntilAllowed();
        if (waitSeconds > 0) {
          outcome = 'rate-limited';
          answer = problemAnswer(
            problem(
              429,
              'Too many requests',
              `The organisation's ThousandEyes rate limit is spent; Earshot will ask again in ${waitSeconds} s.`,
            ),
            { 'Retry-After': `${waitSeconds}` },
          );
        } else {
          outcome = 'miss';
          const call = fetchFromUpstream(request).finally(() => inFlight.delete(key));
          inFlight.set(key, call);
          answer = await call;
          if (answer.status === 200) cache.set(key, answer);
        }
      }
    }
    log(
      `earshot api: ${req.method} ${request.upstreamPath}${request.search} ${answer.status} ${nowMs() - started}ms ${outcome} (${describeCacheSizes(cacheSizes())})`,
    );
    if (readAhead && answer.status === 200 && answer.nextPage !== undefined) {
      readPageAhead(answer.nextPage);
    }
    send(req, res, answer, outcome, closedInterval?.precompressed);
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    answer: CachedAnswer,
    outcome?: Outcome,
    precompressed?: (encoding: ContentEncoding) => Buffer,
  ): void {
    if (res.headersSent || res.destroyed) return;
    sendBody(
      req,
      res,
      answer.status,
      {
        'Cache-Control': 'no-store',
        ...budget.headers(),
        ...answer.headers,
        ...(outcome ? { 'X-Earshot-Cache': outcome } : {}),
        ...nextPageHeader(answer),
      },
      answer.body,
      precompressed,
    );
  }

  return { handle, budget, cacheSizes };
}

/** #12: the caches' sizes as the per-call log line says them. */
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

function problemAnswer(body: Problem, headers: Record<string, string> = {}): CachedAnswer {
  return {
    status: body.status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 500);
  }
  return undefined;
}

function describeHref(href: string): string {
  try {
    const url = new URL(href);
    return `${url.origin}${url.pathname}`.slice(0, 200);
  } catch {
    return href.slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
  }
}
