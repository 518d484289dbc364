// Rewrites the API's own links in a response body so the browser follows them through the proxy:
// an href to the upstream API (absolute, however its origin is spelled, or relative, as HAL
// allows) becomes `/api/…` with its query byte-exact, once the proxy's own request guard accepts
// it; any other href in an API-link place is dropped (and reported), never followed. A next page
// that cannot be followed is not dropped: the page is refused, so no window ends silently short.
// Permalinks into the ThousandEyes web app (v6 `permalink`, v7 `_links.appLink`) are data, not
// API links, and are left as they are.
import type { ApiVersion } from '../../common/earshot-config.ts';
import { guardApiRequest } from './request-guard.ts';

/** Deeper bodies are refused: no ThousandEyes body comes near, and the walk stays bounded. */
export const MAX_BODY_DEPTH = 64;

export const UNFOLLOWABLE_NEXT_PAGE = 'ThousandEyes returned a next page Earshot will not follow:';

export type LinkRewrite =
  | {
      ok: true;
      body: unknown;
      /** Hrefs that pointed outside the upstream API (or that the guard refused) and were removed. */
      dropped: string[];
      /** The next page's link as the browser will ask for it (`/api/…`), if any. */
      nextPage: string | undefined;
    }
  | { ok: false; detail: string };

export interface LinkContext {
  apiVersion: ApiVersion;
  /** The origin the proxy forwards to (TE_API_URL or the simulator's URL), with no trailing slash. */
  upstreamBase: string;
  /** The upstream URL of the page being rewritten: relative links resolve against it. */
  pageUrl: string;
}

type ProxyPath = { ok: true; path: string } | { ok: false; why: string };

/** Where an href of the upstream API goes through the proxy, or why it cannot. */
export function proxyPathFor(href: unknown, context: LinkContext): ProxyPath {
  const { apiVersion } = context;
  if (typeof href !== 'string') return { ok: false, why: 'its link is not a string.' };
  if (href.length > 8192) return { ok: false, why: 'its link is longer than 8,192 characters.' };
  if (/[\0-\x20\x7f-\uffff]/.test(href)) {
    return { ok: false, why: 'its link holds spaces, control or non-ASCII characters.' };
  }
  if (href.includes('\\')) return { ok: false, why: 'its link holds a backslash.' };
  const hashAt = href.indexOf('#');
  const withoutFragment = hashAt === -1 ? href : href.slice(0, hashAt);
  const queryAt = withoutFragment.indexOf('?');
  const rawQuery = queryAt === -1 ? '' : withoutFragment.slice(queryAt);
  const rawPathPart = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(rawPathPart.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''))) {
    return { ok: false, why: 'its path has dot segments (. or ..).' };
  }
  let target: URL;
  let base: URL;
  try {
    base = new URL(context.upstreamBase + '/');
    target = new URL(withoutFragment, context.pageUrl);
  } catch {
    return { ok: false, why: 'its link is not a readable URL.' };
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    return { ok: false, why: `its link is not http(s) but ${target.protocol.slice(0, 20)}` };
  }
  // Earshot never calls the link's origin (it takes the path and query to its own upstream),
  // so http against https or an upper-case host is the same API; another host or port is not.
  if (target.hostname !== base.hostname || target.port !== base.port) {
    return { ok: false, why: `its link points at another host (${target.host.slice(0, 100)}).` };
  }
  const prefix = `${base.pathname.replace(/\/$/, '')}/${apiVersion}/`;
  if (!target.pathname.startsWith(prefix)) {
    return { ok: false, why: `its path is outside the ThousandEyes API ${apiVersion}.` };
  }
  const path = `/api${target.pathname.slice(prefix.length - apiVersion.length - 2)}${rawQuery}`;
  const guarded = guardApiRequest('GET', path, apiVersion);
  if (!guarded.ok) return { ok: false, why: guarded.problem.detail };
  return { ok: true, path };
}

/**
 * Rewrites `body` in place (it must be the caller's own parsed copy). The walk is iterative and
 * refuses a body nested deeper than MAX_BODY_DEPTH, so a hostile body cannot exhaust the stack.
 */
export function rewriteLinks(body: unknown, context: LinkContext): LinkRewrite {
  const { apiVersion } = context;
  const dropped: string[] = [];
  let nextPage: string | undefined;
  let nextPageRefused: string | undefined;

  function toProxy(href: unknown): string | undefined {
    const proxied = proxyPathFor(href, context);
    if (proxied.ok) return proxied.path;
    dropped.push(typeof href === 'string' ? href : String(typeof href));
    return undefined;
  }

  function topLevelNext(href: unknown): string | undefined {
    const proxied = proxyPathFor(href, context);
    if (proxied.ok) {
      nextPage = proxied.path;
      return proxied.path;
    }
    nextPageRefused = proxied.why;
    return undefined;
  }

  function rewriteHalLinks(links: Record<string, unknown>, topLevel: boolean): unknown[] {
    const appLinks: unknown[] = [];
    for (const [rel, link] of Object.entries(links)) {
      if (rel === 'appLink') {
        appLinks.push(link);
      } else if (Array.isArray(link)) {
        links[rel] = link.flatMap((entry: unknown) => {
          const rewritten = rewriteHalLink(entry, false);
          return rewritten === undefined ? [] : [rewritten];
        });
      } else {
        const rewritten = rewriteHalLink(link, topLevel && rel === 'next');
        if (rewritten === undefined) delete links[rel];
        else links[rel] = rewritten;
      }
    }
    return appLinks;
  }

  function rewriteHalLink(link: unknown, isNextPage: boolean): unknown {
    if (!isRecord(link) || !('href' in link)) return link;
    const href = isNextPage ? topLevelNext(link.href) : toProxy(link.href);
    return href === undefined ? undefined : { ...link, href };
  }

  // In place: the body is the proxy's own freshly parsed copy, and copying every object of a
  // 5,000-row page took longer than parsing it.
  const pending: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (depth > MAX_BODY_DEPTH) {
      return {
        ok: false,
        detail: `ThousandEyes answered JSON nested too deeply (more than ${MAX_BODY_DEPTH} levels).`,
      };
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'object' && item !== null)
          pending.push({ value: item, depth: depth + 1 });
      }
      continue;
    }
    if (!isRecord(value)) continue;
    for (const key in value) {
      const child = value[key];
      if (typeof child !== 'object' || child === null) continue;
      if (apiVersion === 'v7' && key === '_links' && isRecord(child)) {
        for (const appLink of rewriteHalLinks(child, depth === 0)) {
          pending.push({ value: appLink, depth: depth + 2 });
        }
      } else if (apiVersion === 'v6' && key === 'pages' && isRecord(child) && depth === 0) {
        if ('next' in child) {
          const next = topLevelNext(child.next);
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
        pending.push({ value: child, depth: depth + 1 });
      }
    }
  }
  if (nextPageRefused !== undefined) {
    return { ok: false, detail: `${UNFOLLOWABLE_NEXT_PAGE} ${nextPageRefused}` };
  }
  return { ok: true, body, dropped, nextPage };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
