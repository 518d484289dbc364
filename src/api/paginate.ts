// Following `next` links: only as the Earshot server rewrote them, in order, to the end, with a
// cap that ends in an error rather than a silent truncation.
import { ApiError, type ApiClient } from './fetch-client.ts';

/** More pages than this is a runaway (or a loop the server did not notice): an error, not data. */
export const MAX_PAGES = 500;

export interface PaginateOptions<Page> {
  client: ApiClient;
  firstPath: string;
  signal?: AbortSignal | undefined;
  /** Checks one body and returns the page; throws an ApiError when the body is wrong. */
  parsePage: (body: unknown, path: string) => Page;
  /** The page's next link as sent, or undefined when it is the last page. */
  nextLink: (page: Page) => string | undefined;
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

/** Every page from `firstPath` on, in order. */
export async function fetchAllPages<Page>(options: PaginateOptions<Page>): Promise<Page[]> {
  const { client, firstPath, signal, parsePage, nextLink, allowedPrefix } = options;
  const maxPages = options.maxPages ?? MAX_PAGES;
  const pages: Page[] = [];
  const seen = new Set<string>();
  let path: string | undefined = firstPath;
  while (path !== undefined) {
    if (pages.length >= maxPages) {
      throw new ApiError({
        kind: 'invalid-response',
        path: firstPath,
        detail: `more than ${maxPages} pages of results; pick a shorter window`,
      });
    }
    seen.add(path);
    const body = await client.getJson(path, signal);
    const page = parsePage(body, path);
    pages.push(page);
    const next = nextLink(page);
    if (next === undefined || next === '') break;
    checkNextLink(next, allowedPrefix, path);
    if (seen.has(next)) {
      throw new ApiError({
        kind: 'invalid-response',
        path,
        detail: `the next page link points back to a page already read (${next.slice(0, 120)})`,
      });
    }
    path = next;
  }
  return pages;
}
