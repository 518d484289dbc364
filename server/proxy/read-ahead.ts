// Read-ahead: a browser reading a window of results asks for page after page, each only once it
// has the one before (the cursor is in it). The proxy knows the next link first, so it asks
// upstream for the next page while the browser downloads and reads this one; the browser's
// request then finds it ready, or joins it in flight. Only while the rate-limit budget has room:
// the request is one the browser makes anyway, unless the person leaves mid-way.
import type { ApiVersion } from '../../common/earshot-config.ts';
import { guardApiRequest, type ForwardableRequest } from './request-guard.ts';
import type { CachedAnswer, ResponseCache } from './response-cache.ts';
import type { BudgetStore } from './shared-state.ts';

/** A page read ahead waits this long for the browser to ask for it, then is dropped. */
const READ_AHEAD_TTL_MS = 30_000;
/** At most this many pages read ahead and not yet asked for. */
const READ_AHEAD_MAX_PAGES = 16;
/** No read-ahead once the organisation has this few requests left in the minute. */
const READ_AHEAD_MIN_REMAINING = 20;

export interface ReadAheadOptions {
  apiVersion: ApiVersion;
  budget: BudgetStore;
  cache: ResponseCache;
  cacheKey: (request: ForwardableRequest) => string;
  /** A call for this key is on its way upstream already. */
  isInFlight: (key: string) => boolean;
  /** The proxy's one call per key (joined by any asker while in flight). */
  callOnce: (key: string, request: ForwardableRequest) => Promise<{ answer: CachedAnswer }>;
  log: (line: string) => void;
  nowMs: () => number;
}

export function createReadAhead(options: ReadAheadOptions) {
  const { apiVersion, budget, cache, cacheKey, isInFlight, callOnce, log, nowMs } = options;
  const pages = new Map<string, { answer: CachedAnswer; expiresAtMs: number }>();

  /** The page read ahead for this key, if it is still fresh: served once, then forgotten. */
  function take(key: string): CachedAnswer | undefined {
    const page = pages.get(key);
    if (page) pages.delete(key); // served once; the cache may keep it longer
    return page && page.expiresAtMs > nowMs() ? page.answer : undefined;
  }

  /** Asks upstream for `path` (a page's next link) now, if the budget has room for it. */
  async function readAhead(path: string): Promise<void> {
    const guarded = guardApiRequest('GET', path, apiVersion);
    if (!guarded.ok) return;
    const key = cacheKey(guarded.request);
    const now = nowMs();
    for (const [oldKey, entry] of pages) {
      if (entry.expiresAtMs <= now) pages.delete(oldKey);
    }
    const { remaining } = await budget.snapshot();
    if (
      pages.has(key) ||
      isInFlight(key) ||
      cache.get(key) ||
      pages.size >= READ_AHEAD_MAX_PAGES ||
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
    pages.set(key, { answer, expiresAtMs: nowMs() + READ_AHEAD_TTL_MS });
    cache.set(key, answer);
  }

  return { take, readAhead };
}
