// Rewrites the API's own links in a response body so the browser follows them through the proxy:
// an href on the upstream base becomes `/api/…`; an href to any other origin in an API-link place
// is dropped (and reported), never followed. Permalinks into the ThousandEyes web app (v6
// `permalink`, v7 `_links.appLink`) are data, not API links, and are left as they are.
import type { ApiVersion } from '../config.ts';

export interface LinkRewrite {
  body: unknown;
  /** Hrefs that pointed outside the upstream API and were removed. */
  dropped: string[];
}

/**
 * Rewrites `body` in place (it must be the caller's own parsed copy) and returns it.
 * `upstreamBase` is the origin the proxy forwards to (TE_API_URL or the simulator's URL), with no
 * trailing slash; an href is ours when it starts with `${upstreamBase}/${apiVersion}/`.
 */
export function rewriteLinks(
  body: unknown,
  apiVersion: ApiVersion,
  upstreamBase: string,
): LinkRewrite {
  const dropped: string[] = [];
  const prefix = `${upstreamBase}/${apiVersion}/`;

  function toProxy(href: unknown): string | undefined {
    if (typeof href !== 'string') return undefined;
    if (href.startsWith(prefix) && !/[\r\n]/.test(href)) {
      return `/api${href.slice(upstreamBase.length)}`;
    }
    if (href.startsWith(`/api/${apiVersion}/`)) return href; // already rewritten
    dropped.push(href);
    return undefined;
  }

  // In place: the body is the proxy's own freshly parsed copy, and copying every object of a
  // 5,000-row page took longer than parsing it.
  function rewriteHalLinks(links: Record<string, unknown>): void {
    for (const [rel, link] of Object.entries(links)) {
      if (rel === 'appLink') {
        walk(link);
      } else if (Array.isArray(link)) {
        links[rel] = link.flatMap((entry: unknown) => {
          const rewritten = rewriteHalLink(entry);
          return rewritten === undefined ? [] : [rewritten];
        });
      } else {
        const rewritten = rewriteHalLink(link);
        if (rewritten === undefined) delete links[rel];
        else links[rel] = rewritten;
      }
    }
  }

  function rewriteHalLink(link: unknown): unknown {
    if (!isRecord(link) || !('href' in link)) return link;
    const href = toProxy(link.href);
    return href === undefined ? undefined : { ...link, href };
  }

  function walk(value: unknown): unknown {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return value;
    }
    if (!isRecord(value)) return value;
    for (const key in value) {
      const child = value[key];
      if (typeof child !== 'object' || child === null) continue;
      if (apiVersion === 'v7' && key === '_links' && isRecord(child)) {
        rewriteHalLinks(child);
      } else if (apiVersion === 'v6' && key === 'pages' && isRecord(child)) {
        if ('next' in child) {
          const next = toProxy(child.next);
          if (next === undefined) delete child.next;
          else child.next = next;
        }
      } else if (apiVersion === 'v6' && key === 'apiLinks' && Array.isArray(child)) {
        value[key] = child.flatMap((link: unknown) => {
          if (!isRecord(link) || !('href' in link)) return [link];
          const href = toProxy(link.href);
          return href === undefined ? [] : [{ ...link, href }];
        });
      } else {
        walk(child);
      }
    }
    return value;
  }

  return { body: walk(body), dropped };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The next page's link in a body whose links rewriteLinks has rewritten (`/api/…`), if any. */
export function nextPageLink(body: unknown, apiVersion: ApiVersion): string | undefined {
  if (!isRecord(body)) return undefined;
  const next =
    apiVersion === 'v7'
      ? isRecord(body._links) && isRecord(body._links.next)
        ? body._links.next.href
        : undefined
      : isRecord(body.pages)
        ? body.pages.next
        : undefined;
  return typeof next === 'string' && next.startsWith(`/api/${apiVersion}/`) ? next : undefined;
}
