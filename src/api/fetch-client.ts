// The one fetch client for Earshot's `/api`: every request, error and rate limit passes here, and
// leaves as parsed JSON or a typed ApiError — never a crash, never an untyped throw.
// Over 300 lines: the one client with its error model (kinds, retry-at, messages a person can act
// on), kept in one place so every request fails the same way.
import {
  ROUND_COLUMNS_MEDIA_TYPE,
  RoundColumnsBytes,
} from '../../common/result-rows/round-columns-bytes.ts';
import { now as clockNow } from '../lib/clock.ts';

export type ApiErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'upstream-unavailable'
  | 'unfollowable-next-page'
  | 'network'
  | 'invalid-response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** What the upstream (or the Earshot server) said, or what was wrong with the body. */
  readonly detail: string;
  /** Rate-limited only: epoch ms from which a retry may succeed. */
  readonly retryAtMs: number | undefined;
  /** The `/api/…` path that failed. */
  readonly path: string;

  constructor(init: {
    kind: ApiErrorKind;
    path: string;
    detail: string;
    status?: number | undefined;
    retryAtMs?: number | undefined;
  }) {
    super(`${init.kind}${init.status ? ` (${init.status})` : ''} for ${init.path}: ${init.detail}`);
    this.kind = init.kind;
    this.path = init.path;
    this.detail = init.detail;
    this.status = init.status;
    this.retryAtMs = init.retryAtMs;
  }
}

/**
 * How the Earshot server's 502 begins when ThousandEyes' next page is one it will not follow
 * (another host, a path outside the allow-list, …): the same words as UNFOLLOWABLE_NEXT_PAGE in
 * server/proxy/links.ts, which the browser cannot import.
 */
export const UNFOLLOWABLE_NEXT_PAGE = 'ThousandEyes returned a next page Earshot will not follow';

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Transient failures that are worth asking again; a 4xx asked again only repeats itself. */
export function isTransientApiError(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.kind === 'network' ||
      error.kind === 'upstream-unavailable' ||
      error.kind === 'rate-limited')
  );
}

/**
 * Errors that asking again cannot fix (a rejected token, a foreign account group, no such test, a
 * refused request, a next page Earshot will not follow, which ThousandEyes sends again the same):
 * polling stops on these, so a wall screen never hammers ThousandEyes with 401s.
 */
export function isPermanentApiError(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.kind === 'unauthorized' ||
      error.kind === 'forbidden' ||
      error.kind === 'not-found' ||
      error.kind === 'bad-request' ||
      error.kind === 'unfollowable-next-page')
  );
}

export interface ApiClient {
  /**
   * GET an `/api/…` path (relative to the Earshot server) and return its JSON body.
   * `onHeaders` sees a successful response's headers as soon as they arrive, before the body;
   * when it returns a promise, the body is read once that has resolved (the bytes wait in the
   * browser's buffer, and beyond it at the server), and a rejection fails the request.
   * `accept` asks for a form of the server's own before plain JSON (round columns): an answer in
   * that media type is returned as its bytes (RoundColumnsBytes), not parsed.
   */
  getJson(
    path: string,
    signal?: AbortSignal,
    onHeaders?: (headers: Headers) => void | Promise<void>,
    accept?: string,
  ): Promise<unknown>;
}

export interface ApiClientOptions {
  /** Origin of the Earshot server; '' (the default) means the page's own origin. */
  baseUrl?: string;
  /** Defaults to the global fetch, looked up at request time (so tests may stub it). */
  fetch?: typeof fetch;
  /** The clock, for rate-limit arithmetic. */
  now?: () => number;
}

const FALLBACK_RATE_LIMIT_WAIT_MS = 60_000;
/** As response.text() decodes: UTF-8, a byte-order mark dropped, bad bytes replaced. */
const UTF8 = new TextDecoder('utf-8');
/** The organisation's limit rolls over every minute; a header promising more is not believed. */
const MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;

/**
 * Epoch ms from which a 429 may be retried: Retry-After, else the organisation's reset, else a
 * minute; never more than ten minutes away (a timer that long would overflow or look dead).
 */
export function retryAtFromHeaders(headers: Headers, nowMs: number): number {
  return Math.min(nowMs + MAX_RATE_LIMIT_WAIT_MS, headerRetryAt(headers, nowMs));
}

function headerRetryAt(headers: Headers, nowMs: number): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const text = retryAfter.trim();
    if (/^\d+$/.test(text)) return nowMs + Number(text) * 1000;
    const dateMs = Date.parse(text);
    if (Number.isFinite(dateMs)) return Math.max(nowMs, dateMs);
  }
  const reset = headers.get('x-organization-rate-limit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) {
    // Documented as epoch seconds of the next rollover.
    return Math.max(nowMs, Number(reset.trim()) * 1000);
  }
  return nowMs + FALLBACK_RATE_LIMIT_WAIT_MS;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The message in any error body we know: Earshot's, v7 problem+json, v7 OAuth, v6. */
export function errorMessageFromBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const title = text(record['title']);
  const detail = text(record['detail']);
  const fieldErrors = Array.isArray(record['errors'])
    ? record['errors']
        .map((entry: unknown) =>
          typeof entry === 'object' && entry !== null
            ? [
                text((entry as Record<string, unknown>)['field']),
                text((entry as Record<string, unknown>)['message']),
              ]
                .filter(Boolean)
                .join(': ')
            : '',
        )
        .filter((line: string) => line !== '')
    : [];
  const parts = [
    detail && title && detail !== title ? `${title}: ${detail}` : (detail ?? title),
    text(record['error_description']) ?? text(record['error']),
    text(record['errorMessage']) ?? text(record['message']),
    ...fieldErrors,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The `detail` of a problem+json body, when it has one. */
function problemDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  return text((body as Record<string, unknown>)['detail']);
}

function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'upstream-unavailable';
  return 'bad-request';
}

function isAbort(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AbortError'
  );
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
  const now = options.now ?? clockNow;
  return {
    async getJson(path, signal, onHeaders, accept) {
      if (!path.startsWith('/api/') || path.includes('//') || path.includes('\\')) {
        // Only the Earshot server's own API is ever asked; anything else is a bug or an attack.
        throw new ApiError({
          kind: 'invalid-response',
          path,
          detail: `refusing to fetch '${path}': not an /api/ path`,
        });
      }
      const doFetch = options.fetch ?? globalThis.fetch;
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${path}`, {
          signal,
          headers: { Accept: accept ? `${accept}, application/json;q=0.9` : 'application/json' },
          credentials: 'same-origin',
        });
      } catch (error) {
        if (isAbort(error) || signal?.aborted) throw error; // react-query cancelled it: not a failure
        throw new ApiError({
          kind: 'network',
          path,
          detail: error instanceof Error ? error.message : String(error),
        });
      }
      if (response.ok) await onHeaders?.(response.headers);
      let bodyBytes: ArrayBuffer;
      try {
        // Through a Blob: Chromium then hands over the whole body at once. response.arrayBuffer()
        // grew a buffer chunk by chunk on the page's main thread: ~1 s of a reload of a week at
        // 500 agents (bench/profile-datapath-browser.ts), ~0.1 s this way.
        bodyBytes = await (await response.blob()).arrayBuffer();
      } catch (error) {
        if (isAbort(error) || signal?.aborted) throw error;
        throw new ApiError({
          kind: 'network',
          path,
          status: response.status,
          detail: 'the connection broke while reading the response',
        });
      }
      // Round columns, asked for and answered: bytes the caller decodes (round-columns.ts).
      if (
        response.ok &&
        accept === ROUND_COLUMNS_MEDIA_TYPE &&
        mediaType(response.headers) === ROUND_COLUMNS_MEDIA_TYPE
      ) {
        return new RoundColumnsBytes(new Uint8Array(bodyBytes));
      }
      // The bytes decoded in one pass: response.text() decodes as the body streams in, on the
      // page's main thread, several times slower (a 10 MB interval: ~300 ms against ~50).
      const bodyText = UTF8.decode(bodyBytes);
      let body: unknown;
      let parsed = false;
      try {
        body = JSON.parse(bodyText);
        parsed = true;
      } catch {
        body = undefined;
      }
      if (!response.ok) {
        const unfollowable = problemDetail(body);
        if (response.status === 502 && unfollowable?.startsWith(UNFOLLOWABLE_NEXT_PAGE)) {
          throw new ApiError({
            kind: 'unfollowable-next-page',
            path,
            status: response.status,
            detail: unfollowable,
          });
        }
        const kind = kindForStatus(response.status);
        const detail =
          errorMessageFromBody(body) ??
          (!parsed &&
          bodyText.trim() !== '' &&
          bodyText.length < 300 &&
          !bodyText.trimStart().startsWith('<')
            ? bodyText.trim()
            : `${response.status} ${response.statusText}`.trim());
        throw new ApiError({
          kind,
          path,
          status: response.status,
          detail,
          retryAtMs:
            kind === 'rate-limited' ? retryAtFromHeaders(response.headers, now()) : undefined,
        });
      }
      if (!parsed) {
        const start = bodyText.trim().slice(0, 40);
        throw new ApiError({
          kind: 'invalid-response',
          path,
          status: response.status,
          detail:
            bodyText.trim() === ''
              ? 'the response was empty, not JSON'
              : `the response was not JSON (it began '${start}')`,
        });
      }
      return body;
    },
  };
}

/** A response's media type, without its parameters, in lower case. */
function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The client the app uses: same origin as the page. */
export const apiClient: ApiClient = createApiClient();

function utcClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** What went wrong and what a person can do about it, for any error a query may hold. */
export function describeApiError(error: unknown): { title: string; action: string } {
  if (!isApiError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { title: 'Something went wrong', action: `Reload the page. (${message})` };
  }
  switch (error.kind) {
    case 'unauthorized':
      return {
        title: 'ThousandEyes rejected the token',
        action:
          'Check TE_TOKEN (or TE_EMAIL and TE_BASIC_TOKEN for v6) on the Earshot server, then restart it. ' +
          'Earshot does not retry: repeated rejections lock the address out.',
      };
    case 'forbidden':
      return {
        title: 'That account group is not yours',
        action: 'Pick another account group: this token has no access to this one.',
      };
    case 'not-found':
      return {
        title: 'No such test',
        action: 'Check the test id in the address, or pick a test from the list.',
      };
    case 'bad-request':
      return {
        title: 'ThousandEyes refused the request',
        action: `It said: ${error.detail}. Check the time window and the address.`,
      };
    case 'rate-limited':
      return {
        title: 'Rate-limited by ThousandEyes',
        action:
          error.retryAtMs !== undefined
            ? `Retrying at ${utcClock(error.retryAtMs)} UTC. The limit is shared by every screen of the organisation.`
            : 'Retrying shortly. The limit is shared by every screen of the organisation.',
      };
    case 'upstream-unavailable':
      return {
        title: 'ThousandEyes is unavailable',
        action: `Retrying. It said: ${error.detail}`,
      };
    case 'unfollowable-next-page':
      return {
        title: UNFOLLOWABLE_NEXT_PAGE,
        action:
          `${error.detail.replace(/\.?$/, '.')} Earshot does not ask again (the same answer ` +
          'would come back): report it to ThousandEyes, or try another time window.',
      };
    case 'network':
      return {
        title: 'The Earshot server cannot be reached',
        action: 'Retrying. Check that the Earshot server is running and this screen is online.',
      };
    case 'invalid-response':
      return {
        title: 'ThousandEyes sent data Earshot cannot read',
        action: `What was wrong: ${error.detail}`,
      };
  }
}
