// Following `next` links: only as the Earshot server rewrote them, in order, to the end, with a
// cap that ends in an error rather than a silent truncation.
import { ApiError, type ApiClient } from './fetch-client.ts';

/** More pages than this is a runaway (or a loop the server did not notice): an error, not data. */
export const MAX_PAGES = 500;

/** A page's envelope, checked: its next link, and its rows still to be read. */
export interface PageEnvelope<Page> {
  /** The next link as sent, or undefined (or '') on the last page. */
  next: string | undefined;
  /** Reads the page (the costly part: every row), while the next page is already on its way. */
  read: () => Page;
}

export interface PaginateOptions<Page> {
  client: ApiClient;
  firstPath: string;
  signal?: AbortSignal | undefined;
  /** Checks one body's envelope; throws an ApiError when the body is wrong. */
  openPage: (body: unknown, path: string) => PageEnvelope<Page>;
  /** Every next link must start with this (e.g. `/api/v7/`): the proxy rewrote it so. */
  allowedPrefix: string;
  maxPages?: number;
  /** A form of the server's own to ask for first (see ApiClient.getJson). */
  accept?: string;
  /**
   * Waited for before each page's body is read, once its headers are in (and its next page asked
   * for), with that page's abort: an older closed interval's bodies wait for the page's urgent
   * work (src/lib/background-work.ts).
   */
  beforeBody?: (signal: AbortSignal) => Promise<void>;
  /** Told after each page is read, with the page and how many pages have been read. */
  onPage?: (page: Page, pagesRead: number) => void;
}

/** How many pages past the one being read may be on their way at once (each is ~3 MB of text). */
export const MAX_PAGES_AHEAD = 2;

function isAllowedNextLink(next: string, allowedPrefix: string): boolean {
  const path = next.split('?')[0] ?? '';
  return (
    next.startsWith(allowedPrefix) &&
    !next.includes('//') &&
    !next.includes('\\') &&
    !/(^|\/)\.\.?(\/|$|\?)/.test(path) &&
    // `%2e` is a dot to a URL parser: `/api/v7/%2e%2e/x` would leave the API.
    !/%2e/i.test(path)
  );
}

function checkNextLink(next: string, allowedPrefix: string, from: string): void {
  if (!isAllowedNextLink(next, allowedPrefix)) {
    throw new ApiError({
      kind: 'invalid-response',
      path: from,
      detail: `the next page link '${next.slice(0, 120)}' does not start with ${allowedPrefix}; it was not followed`,
    });
  }
}

/**
 * The `Link: <…>; rel="next"` header the Earshot server sends with a page that has a next page
 * (the same link as in the body, rewritten), or undefined.
 */
export function nextLinkFromHeaders(headers: Headers): string | undefined {
  const link = headers.get('link');
  if (link === null) return undefined;
  // Each link is `<uri>` and its parameters, up to the next `<`.
  for (const [, uri, params] of link.matchAll(/<([^<>]*)>([^<]*)/g)) {
    if (/;\s*rel\s*=\s*"?next"?\s*(;|,|$)/i.test(params ?? '')) return uri;
  }
  return undefined;
}

/**
 * Every page from `firstPath` on, in order. The body's next link is the one followed, and is
 * checked; it is requested as soon as the body's envelope has been checked, so its download
 * overlaps reading the current page's rows. Earlier still, a page's `Link: rel="next"` header
 * (checked the same way) starts the next request as the headers arrive, so the next page travels
 * while this one's body is parsed: at most MAX_PAGES_AHEAD pages past the one being read. When a
 * header names another page than its body, every page it started is dropped and no header is
 * followed again. A failure anywhere, or the caller's abort, aborts every request on its way.
 */
export async function fetchAllPages<Page>(options: PaginateOptions<Page>): Promise<Page[]> {
  const { client, firstPath, signal, openPage, allowedPrefix } = options;
  const maxPages = options.maxPages ?? MAX_PAGES;
  const pages: Page[] = [];
  const seen = new Set<string>([firstPath]);
  /** Pages requested and not read yet, by path, each with its own abort. */
  const onTheirWay = new Map<string, { body: Promise<unknown>; abort: AbortController }>();
  /** The page each page's header named as its next. */
  const namedByHeader = new Map<string, string>();
  let headersTrusted = true;
  /** A header's page held back because enough pages were on their way: asked once one is read. */
  let heldHint: string | undefined;
  /** Aborted by the caller, or as the download ends. */
  const download = new AbortController();
  const stop = (reason?: unknown) => {
    download.abort(reason);
    for (const { abort } of onTheirWay.values()) abort.abort(reason);
  };
  const onCallerAbort = () => stop(signal?.reason);
  if (signal?.aborted) onCallerAbort();
  else signal?.addEventListener('abort', onCallerAbort, { once: true });

  function request(path: string): Promise<unknown> {
    const already = onTheirWay.get(path);
    if (already) return already.body;
    const abort = new AbortController();
    if (download.signal.aborted) abort.abort(download.signal.reason);
    // Registered before the request starts, so a header that arrives at once finds it here.
    const body = Promise.resolve().then(() =>
      client.getJson(
        path,
        abort.signal,
        (headers) => {
          followNextHeader(path, headers);
          return options.beforeBody?.(abort.signal);
        },
        options.accept,
      ),
    );
    // Awaited when its turn comes (or dropped); until then a failure must not count as unhandled.
    body.catch(() => {});
    onTheirWay.set(path, { body, abort });
    return body;
  }

  function followHint(next: string | undefined): void {
    if (
      next === undefined ||
      !headersTrusted ||
      download.signal.aborted ||
      seen.has(next) ||
      onTheirWay.has(next) ||
      seen.size + onTheirWay.size >= maxPages ||
      !isAllowedNextLink(next, allowedPrefix)
    ) {
      return;
    }
    if (onTheirWay.size > MAX_PAGES_AHEAD) {
      heldHint = next;
      return;
    }
    request(next);
  }

  function followNextHeader(path: string, headers: Headers): void {
    const next = nextLinkFromHeaders(headers);
    if (next === undefined) return;
    namedByHeader.set(path, next);
    followHint(next);
  }

  try {
    let path = firstPath;
    for (;;) {
      const body = await request(path);
      onTheirWay.delete(path);
      download.signal.throwIfAborted();
      const envelope = openPage(body, path);
      const next = envelope.next === '' ? undefined : envelope.next;
      const namedNext = namedByHeader.get(path);
      namedByHeader.delete(path);
      if (namedNext !== undefined && namedNext !== next) {
        // The header and the body disagree: the body wins, and headers are not trusted again.
        headersTrusted = false;
        heldHint = undefined;
        for (const [waiting, { abort }] of onTheirWay) {
          if (waiting === next) continue;
          abort.abort();
          onTheirWay.delete(waiting);
        }
      }
      if (next !== undefined) {
        if (pages.length + 1 >= maxPages) {
          throw new ApiError({
            kind: 'invalid-response',
            path: firstPath,
            detail: `more than ${maxPages} pages of results; pick a shorter window`,
          });
        }
        checkNextLink(next, allowedPrefix, path);
        if (seen.has(next)) {
          throw new ApiError({
            kind: 'invalid-response',
            path,
            detail: `the next page link points back to a page already read (${next.slice(0, 120)})`,
          });
        }
        seen.add(next);
        request(next);
      }
      const page = envelope.read();
      pages.push(page);
      options.onPage?.(page, pages.length);
      if (next === undefined) return pages;
      const hint = heldHint;
      heldHint = undefined;
      followHint(hint);
      path = next;
    }
  } finally {
    signal?.removeEventListener('abort', onCallerAbort);
    // Nothing is in flight after the last page; after a failure, this drops the pages ahead.
    stop();
  }
}
