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
}

function checkNextLink(next: string, allowedPrefix: string, from: string): void {
  const safe =
    next.startsWith(allowedPrefix) &&
    !next.includes('//') &&
    !next.includes('\\') &&
    !/(^|\/)\.\.?(\/|$|\?)/.test(next.split('?')[0] ?? '');
  if (!safe) {
    throw new ApiError({
      kind: 'invalid-response',
      path: from,
      detail: `the next page link '${next.slice(0, 120)}' does not start with ${allowedPrefix}; it was not followed`,
    });
  }
}

/**
 * Every page from `firstPath` on, in order. Each next page is requested as soon as the current
 * page's envelope has been checked, so its download overlaps reading the current page's rows;
 * a failure anywhere aborts the request read ahead.
 */
export async function fetchAllPages<Page>(options: PaginateOptions<Page>): Promise<Page[]> {
  const { client, firstPath, signal, openPage, allowedPrefix } = options;
  const maxPages = options.maxPages ?? MAX_PAGES;
  const pages: Page[] = [];
  const seen = new Set<string>([firstPath]);
  const requests = new AbortController();
  const abort = () => requests.abort(signal?.reason);
  if (signal?.aborted) abort();
  else signal?.addEventListener('abort', abort, { once: true });
  try {
    let path = firstPath;
    let body = client.getJson(path, requests.signal);
    for (;;) {
      const envelope = openPage(await body, path);
      const next = envelope.next === '' ? undefined : envelope.next;
      let nextBody: Promise<unknown> | undefined;
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
        nextBody = client.getJson(next, requests.signal);
        // Awaited on the next turn; until then a failure must not count as unhandled.
        nextBody.catch(() => {});
      }
      pages.push(envelope.read());
      if (nextBody === undefined || next === undefined) return pages;
      path = next;
      body = nextBody;
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    // Nothing is in flight after the last page; after a failure, this drops the read-ahead.
    requests.abort();
  }
}
