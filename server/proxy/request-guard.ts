// Decides what the proxy may forward: read-only methods, the dashboard's own paths of the
// configured API version, and the query parameters the API defines. Everything else is refused
// here with a problem that says what was wrong, before any upstream is involved.
import type { ApiVersion } from '../../common/earshot-config.ts';
import { problem, type Problem } from './problem.ts';

export interface ForwardableRequest {
  /** The upstream path with its version, e.g. `/v7/tests/voice`. */
  upstreamPath: string;
  /** The normalised query string, `''` or starting with `?`. */
  search: string;
  method: 'GET' | 'HEAD';
}

export type GuardResult =
  { ok: true; request: ForwardableRequest } | { ok: false; problem: Problem };

const V7_ID = '[0-9A-Za-z_-]{1,64}';
const V6_ID = '\\d{1,20}';

/** What the dashboard reads, per version; nothing else is ever forwarded. */
const ALLOWED_PATHS: Record<ApiVersion, RegExp[]> = {
  v7: [
    /^\/tests$/,
    /^\/tests\/voice$/,
    new RegExp(`^/tests/voice/${V7_ID}$`),
    new RegExp(`^/test-results/${V7_ID}/rtp-server$`),
    /^\/account-groups$/,
    /^\/agents$/,
  ],
  v6: [
    /^\/tests(\.json)?$/,
    /^\/tests\/voice(\.json)?$/,
    new RegExp(`^/tests/${V6_ID}(\\.json)?$`),
    new RegExp(`^/tests/voice/${V6_ID}(\\.json)?$`),
    new RegExp(`^/voice/rtp-stream/${V6_ID}(\\.json)?$`),
    new RegExp(`^/voice/metrics/${V6_ID}(\\.json)?$`),
    /^\/account-groups(\.json)?$/,
    /^\/agents(\.json)?$/,
    /^\/status(\.json)?$/,
  ],
};

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const V6_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}$/;

/**
 * The query parameters the ThousandEyes API defines for these paths, with their shapes. A `raw`
 * rule checks the value as written, before any decoding: an opaque token such as a cursor.
 */
const ALLOWED_PARAMS: Record<string, { pattern: RegExp; expected: string; raw?: true }> = {
  aid: { pattern: /^[0-9A-Za-z_-]{1,64}$/, expected: 'an account group id' },
  window: { pattern: /^\d{1,10}[smhdw]?$/, expected: 'a number followed by s, m, h, d or w' },
  from: { pattern: V6_DATE_TIME, expected: 'YYYY-MM-DDTHH:MM:SS (UTC)' },
  to: { pattern: V6_DATE_TIME, expected: 'YYYY-MM-DDTHH:MM:SS (UTC)' },
  startDate: { pattern: ISO_UTC, expected: 'an ISO 8601 UTC time such as 2025-01-31T12:00:00Z' },
  endDate: { pattern: ISO_UTC, expected: 'an ISO 8601 UTC time such as 2025-01-31T12:00:00Z' },
  // Opaque: forwarded byte-exact as upstream wrote it (raw `+`, `/`, `=` or %-escapes).
  cursor: {
    pattern: /^(?:[A-Za-z0-9\-._~!$'()*+,;=:@/]|%[0-9A-Fa-f]{2}){1,4096}$/,
    expected: 'the cursor exactly as a next link gave it (at most 4,096 URL characters)',
    raw: true,
  },
  lastRoundId: { pattern: /^\d{1,20}$/, expected: 'a round id (epoch seconds)' },
  // v6 `pages.next` links carry the page number beside lastRoundId (the simulator's do too).
  page: { pattern: /^\d{1,6}$/, expected: 'a page number from pages.next' },
  format: { pattern: /^json$/, expected: 'json (Earshot reads JSON only)' },
  agentTypes: { pattern: /^[A-Za-z_,-]{1,200}$/, expected: 'agent types such as enterprise,cloud' },
  expand: { pattern: /^[A-Za-z_,-]{1,200}$/, expected: 'a list of expansions' },
};

const ENCODED_CONTROL = /%(0[0-9a-f]|1[0-9a-f]|7f)/i;

/** The characters RFC 3986 allows in a query, with well-formed %-escapes only. */
const QUERY_TEXT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

export function guardApiRequest(
  method: string | undefined,
  rawUrl: string,
  apiVersion: ApiVersion,
): GuardResult {
  const refuse = (status: number, title: string, detail: string): GuardResult => ({
    ok: false,
    problem: problem(status, title, detail),
  });

  if (/[\r\n\0]/.test(rawUrl) || ENCODED_CONTROL.test(rawUrl)) {
    return refuse(400, 'Bad request', 'The URL contains a line break or control character.');
  }
  if (method !== 'GET' && method !== 'HEAD') {
    return refuse(
      405,
      'Method not allowed',
      `Earshot only reads from ThousandEyes: use GET or HEAD, not ${method ?? 'no method'}.`,
    );
  }

  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);

  if (rawPath.includes('\\') || /%5c/i.test(rawPath)) {
    return refuse(400, 'Bad path', 'Backslashes are not allowed in an API path.');
  }
  if (rawPath.includes('..') || /%2e/i.test(rawPath) || /\/\.(\/|$)/.test(rawPath)) {
    return refuse(400, 'Bad path', 'Dot segments (.., %2e) are not allowed in an API path.');
  }
  if (/%2f/i.test(rawPath)) {
    return refuse(400, 'Bad path', 'Encoded slashes (%2f) are not allowed in an API path.');
  }
  if (rawPath.includes('//')) {
    return refuse(400, 'Bad path', 'Empty path segments (//) are not allowed in an API path.');
  }
  if (!/^\/api\/[A-Za-z0-9._/-]*$/.test(rawPath)) {
    return refuse(
      400,
      'Bad path',
      'An API path holds only letters, digits, "-", "_", "." and "/" (no URLs, no escapes).',
    );
  }

  const match = /^\/api\/(v\d+)(\/.*)?$/.exec(rawPath);
  const version = match?.[1];
  const rest = match?.[2] ?? '';
  if (version !== apiVersion) {
    const other = version === 'v6' || version === 'v7';
    return refuse(
      404,
      'Not found',
      other
        ? `This Earshot server speaks ThousandEyes API ${apiVersion}, not ${version} (set TE_API_VERSION to change it).`
        : `Unknown API path; this Earshot server forwards /api/${apiVersion}/… only.`,
    );
  }
  if (!ALLOWED_PATHS[apiVersion].some((allowed) => allowed.test(rest))) {
    return refuse(
      404,
      'Not found',
      `Earshot does not forward ${apiVersion}${rest || '/'}: only the read-only paths the dashboard uses (tests, voice tests, voice results, account groups, agents${apiVersion === 'v6' ? ', status' : ''}).`,
    );
  }

  if (!QUERY_TEXT.test(rawQuery)) {
    return refuse(
      400,
      'Bad query',
      'The query holds characters a URL does not allow there (or a broken %-escape): send it URL-encoded.',
    );
  }
  // The query goes upstream exactly as written (an opaque cursor must stay byte-exact); each
  // parameter is checked first, by its decoded value, or by its raw text for opaque tokens.
  const seen = new Set<string>();
  for (const field of rawQuery === '' ? [] : rawQuery.split('&')) {
    if (field === '') continue;
    const at = field.indexOf('=');
    const rawName = at === -1 ? field : field.slice(0, at);
    const rawValue = at === -1 ? '' : field.slice(at + 1);
    const name = decodeQueryText(rawName);
    const rule = ALLOWED_PARAMS[name];
    if (!rule) {
      return refuse(
        400,
        'Unknown query parameter',
        `The ThousandEyes API does not define the query parameter '${truncate(name)}' here.`,
      );
    }
    if (seen.has(name)) {
      return refuse(400, 'Repeated query parameter', `The query parameter '${name}' is repeated.`);
    }
    seen.add(name);
    const value = decodeQueryText(rawValue);
    if (!rule.pattern.test(rule.raw ? rawValue : value)) {
      return refuse(
        400,
        'Bad query parameter',
        `The query parameter '${name}' has value '${truncate(value)}': use ${rule.expected}.`,
      );
    }
  }
  const search = rawQuery.replace(/^&+|&+$/g, '') === '' ? '' : `?${rawQuery}`;
  return { ok: true, request: { upstreamPath: `/${apiVersion}${rest}`, search, method } };
}

/** A query name or value as a form decoder reads it (`+` is a space); never throws. */
function decodeQueryText(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return '\ufffd'; // a %-escape that is not UTF-8: no pattern accepts it
  }
}

function truncate(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 60 ? `${printable.slice(0, 60)}…` : printable;
}
