// Seeded fuzzing of the proxy's boundary: the request guard, link rewriting and the whole proxy
// over a hostile fake upstream, with random and mutated paths, queries and bodies. Properties:
// no throw escapes, nothing outside the allow-list reaches upstream, no credential in any answer.
// A failure names its seed and case: FUZZ_SEED=<seed> npx vitest run server/proxy/boundary.fuzz.test.ts
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { createApiProxy } from './api-proxy.ts';
import { rewriteLinks } from './links.ts';
import { guardApiRequest } from './request-guard.ts';
import { startFakeUpstream, type FakeUpstream } from './testing/fake-upstream.ts';
import { seededRandom as random } from '../../common/seeded-random.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const TOKEN = 'tok-FUZZ-SECRET-1234567890';
const BASIC = { email: 'noc@example.com', basicToken: 'basic-FUZZ-SECRET-42' };
/** The forms of each version's credential an upstream might echo (v7 bearer, v6 basic). */
const SECRETS: Record<ApiVersion, string[]> = {
  v7: [TOKEN, `Bearer ${TOKEN}`, Buffer.from(TOKEN).toString('base64')],
  v6: [
    BASIC.basicToken,
    `${BASIC.email}:${BASIC.basicToken}`,
    Buffer.from(`${BASIC.email}:${BASIC.basicToken}`).toString('base64'),
  ],
};

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const SEEDS: Record<ApiVersion, string[]> = {
  v7: [
    '/api/v7/tests',
    '/api/v7/tests/voice?aid=1234',
    '/api/v7/tests/voice/281474976710656',
    '/api/v7/test-results/7001/rtp-server?window=1h&aid=5',
    '/api/v7/test-results/7001/rtp-server?startDate=2025-01-31T12:00:00Z&endDate=2025-01-31T13:00:00Z',
    '/api/v7/test-results/7001/rtp-server?cursor=ab+cd/ef==&aid=9',
    '/api/v7/account-groups',
    '/api/v7/agents?agentTypes=enterprise,cloud',
  ],
  v6: [
    '/api/v6/tests.json',
    '/api/v6/tests/voice.json',
    '/api/v6/voice/rtp-stream/88.json?window=1h',
    '/api/v6/voice/metrics/88.json?from=2025-01-01T00:00:00&to=2025-01-01 01:00:00',
    '/api/v6/voice/rtp-stream/88.json?lastRoundId=5&page=2&format=json',
    '/api/v6/status.json',
  ],
};

const HOSTILE_PIECES = [
  '..',
  '.',
  '/',
  '//',
  '\\',
  '%2e',
  '%2E',
  '%2f',
  '%5c',
  '%00',
  '%0a',
  '%0d%0a',
  '\r\n',
  '?',
  '&',
  '=',
  '#',
  '+',
  '%',
  '%zz',
  '%c3%a9',
  '%ff',
  'é',
  ' ',
  '@',
  ';',
  ':',
  'http://evil.example',
  '//evil.example',
  'v6',
  'v7',
  'api',
  'tests',
  'admin=1',
  'cursor=',
  'aid=1&aid=2',
  '<x>',
  '"',
  "'",
  '\u0000',
  '\u2028',
  'users',
  'earshot/config',
  'x'.repeat(300),
  'a'.repeat(5000),
];

function mutate(rng: Rng, text: string, edits: number): string {
  let out = text;
  for (let edit = 0; edit < edits; edit += 1) {
    const at = Math.floor(rng() * (out.length + 1));
    const kind = rng();
    if (kind < 0.5) out = out.slice(0, at) + pick(rng, HOSTILE_PIECES) + out.slice(at);
    else if (kind < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rng() * 8));
    else if (kind < 0.85) {
      out = out.slice(0, at) + String.fromCharCode(Math.floor(rng() * 0x250)) + out.slice(at);
    } else out = out + out.slice(at);
  }
  return out;
}

const CURSOR_CHARACTERS = 'ABCxyz0189+/=-_.~%2B%2F%3D';

/** A seed with fresh ids and an opaque cursor: requests the guard should mostly accept. */
function variedSeed(rng: Rng, version: ApiVersion): string {
  const cursor = Array.from({ length: 1 + Math.floor(rng() * 60) }, () =>
    pick(rng, [...CURSOR_CHARACTERS]),
  ).join('');
  return pick(rng, SEEDS[version])
    .replace(/\d{2,}/, () => String(Math.floor(rng() * 1e12)))
    .replace(/cursor=[^&]*/, `cursor=${cursor}`);
}

function randomPath(rng: Rng, version: ApiVersion): string {
  const roll = rng();
  if (roll < 0.08) {
    // Pure noise, not grown from anything.
    return Array.from({ length: Math.floor(rng() * 40) }, () => pick(rng, HOSTILE_PIECES)).join('');
  }
  const seed = variedSeed(rng, version);
  if (roll < 0.45) return seed;
  return mutate(rng, seed, roll < 0.8 ? 1 : 2 + Math.floor(rng() * 3));
}

// The oracle: written out again here on purpose, not imported, so a loosened guard is caught.
const ALLOWED_UPSTREAM_PATHS: Record<ApiVersion, RegExp[]> = {
  v7: [
    /^\/v7\/tests$/,
    /^\/v7\/tests\/voice$/,
    /^\/v7\/tests\/voice\/[0-9A-Za-z_-]{1,64}$/,
    /^\/v7\/test-results\/[0-9A-Za-z_-]{1,64}\/rtp-server$/,
    /^\/v7\/account-groups$/,
    /^\/v7\/agents$/,
  ],
  v6: [
    /^\/v6\/tests(\.json)?$/,
    /^\/v6\/tests\/voice(\.json)?$/,
    /^\/v6\/tests\/\d{1,20}(\.json)?$/,
    /^\/v6\/tests\/voice\/\d{1,20}(\.json)?$/,
    /^\/v6\/voice\/(rtp-stream|metrics)\/\d{1,20}(\.json)?$/,
    /^\/v6\/account-groups(\.json)?$/,
    /^\/v6\/agents(\.json)?$/,
    /^\/v6\/status(\.json)?$/,
  ],
};
const KNOWN_PARAMS = new Set([
  'aid',
  'window',
  'from',
  'to',
  'startDate',
  'endDate',
  'cursor',
  'lastRoundId',
  'page',
  'format',
  'agentTypes',
  'expand',
]);

/** Why an upstream URL is outside the allow-list, or undefined when it is inside. */
function outsideAllowList(url: string, version: ApiVersion): string | undefined {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt + 1);
  if (!ALLOWED_UPSTREAM_PATHS[version].some((allowed) => allowed.test(path))) return `path ${path}`;
  if (!/^[\x21-\x7e]*$/.test(query) || query.includes('#')) return `query characters in ${query}`;
  const names = new Set<string>();
  for (const field of query.split('&').filter(Boolean)) {
    const name = unescape(field.split('=')[0]!.replace(/\+/g, ' '));
    if (!KNOWN_PARAMS.has(name)) return `parameter ${name}`;
    if (names.has(name)) return `repeated ${name}`;
    names.add(name);
    const value = unescape((field.split('=')[1] ?? '').replace(/\+/g, ' '));
    if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
      return `control character in ${name}`;
    }
  }
  return undefined;
}

/** %XX to bytes as Latin-1 (never throws, unlike decodeURIComponent on non-UTF-8 escapes). */
function unescape(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

describe(`the request guard (seed ${SEED})`, () => {
  it('never throws, and passes only allow-listed paths and parameters, 6,000 cases', () => {
    const rng = random(SEED);
    let passed = 0;
    for (let index = 0; index < 6000; index += 1) {
      const version = pick(rng, ['v7', 'v6'] as const);
      const method = rng() < 0.9 ? 'GET' : pick(rng, ['HEAD', 'POST', 'DELETE', undefined]);
      const path = randomPath(rng, version);
      const label = `case ${index}: ${method} ${JSON.stringify(path).slice(0, 300)}`;
      let result: ReturnType<typeof guardApiRequest>;
      try {
        result = guardApiRequest(method, path, version);
      } catch (error) {
        throw new Error(`${label} threw ${String(error)}`);
      }
      if (result.ok) {
        passed += 1;
        const why = outsideAllowList(result.request.upstreamPath + result.request.search, version);
        if (why !== undefined) throw new Error(`${label} passed the guard: ${why}`);
      } else {
        expect(result.problem.detail.length, label).toBeGreaterThan(10);
        expect([400, 404, 405], label).toContain(result.problem.status);
      }
    }
    // The mutations must leave enough requests acceptable for the property to mean something.
    expect(passed).toBeGreaterThan(500);
  });
});

function randomHref(rng: Rng, version: ApiVersion, upstreamBase: string): unknown {
  const roll = rng();
  if (roll < 0.05) return pick(rng, [42, null, {}, [], true]);
  const path = randomPath(rng, version).replace(/^\/api/, '');
  const origin = pick(rng, [
    upstreamBase,
    upstreamBase.toUpperCase().replace('HTTP://', 'http://'),
    upstreamBase.replace('http://', 'https://'),
    '',
    'https://evil.example',
    '//evil.example',
    `${upstreamBase}.evil.example`,
    `${upstreamBase}@evil.example`,
    'javascript:',
  ]);
  return rng() < 0.1 ? mutate(rng, `${origin}${path}`, 1) : `${origin}${path}`;
}

function randomBody(rng: Rng, version: ApiVersion, upstreamBase: string): unknown {
  const link = () => ({ href: randomHref(rng, version, upstreamBase) });
  const secretText = () => (rng() < 0.3 ? `echo ${pick(rng, SECRETS[version])}` : 'plain');
  const row = () => ({
    roundId: Math.floor(rng() * 1e10),
    errorDetail: secretText(),
    _links: { appLink: link(), self: link() },
  });
  const body: Record<string, unknown> =
    version === 'v7'
      ? {
          results: Array.from({ length: Math.floor(rng() * 4) }, row),
          _links: { self: link(), ...(rng() < 0.7 ? { next: link() } : {}), other: [link()] },
        }
      : {
          voice: { test: { apiLinks: [{ rel: 'data', ...link() }] }, metrics: [row()] },
          pages: rng() < 0.7 ? { current: 1, next: randomHref(rng, version, upstreamBase) } : {},
        };
  if (rng() < 0.05) {
    let deep: unknown = body;
    for (let level = 0; level < 200 + Math.floor(rng() * 5000); level += 1) deep = { a: [deep] };
    return deep;
  }
  return body;
}

/** Every href in an API-link place (not the web-app permalinks, which are data). */
function apiLinksIn(body: unknown, version: ApiVersion): string[] {
  const hrefs: string[] = [];
  const pending: unknown[] = [body];
  const hrefOf = (link: unknown) => {
    if (typeof link === 'object' && link !== null && 'href' in link) hrefs.push(String(link.href));
  };
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      if (version === 'v7' && key === '_links' && typeof child === 'object' && child !== null) {
        for (const [rel, link] of Object.entries(child)) {
          if (rel !== 'appLink') (Array.isArray(link) ? link : [link]).forEach(hrefOf);
        }
      } else if (version === 'v6' && key === 'apiLinks' && Array.isArray(child)) {
        child.forEach(hrefOf);
      } else if (version === 'v6' && key === 'pages' && value === body) {
        const next = (child as { next?: unknown }).next;
        if (next !== undefined) hrefs.push(String(next));
      } else {
        pending.push(child);
      }
    }
  }
  return hrefs;
}

describe(`link rewriting (seed ${SEED})`, () => {
  it('never throws, and every link it keeps is one the guard forwards, 4,000 cases', () => {
    const rng = random(SEED + 1);
    const upstreamBase = 'https://api.thousandeyes.com';
    let keptLinks = 0;
    for (let index = 0; index < 4000; index += 1) {
      const version = pick(rng, ['v7', 'v6'] as const);
      const body = randomBody(rng, version, upstreamBase);
      const label = `case ${index}: ${JSON.stringify(body).slice(0, 400)}`;
      let result: ReturnType<typeof rewriteLinks>;
      try {
        result = rewriteLinks(body, {
          apiVersion: version,
          upstreamBase,
          pageUrl: `${upstreamBase}/${version}/tests`,
        });
      } catch (error) {
        throw new Error(`${label} threw ${String(error)}`);
      }
      if (!result.ok) {
        expect(result.detail, label).toMatch(/^ThousandEyes (returned a next page|answered JSON)/);
        continue;
      }
      const kept = apiLinksIn(result.body, version);
      if (result.nextPage !== undefined) kept.push(result.nextPage);
      for (const href of kept) {
        if (!guardApiRequest('GET', href, version).ok) throw new Error(`${label} kept ${href}`);
      }
      keptLinks += kept.length;
    }
    expect(keptLinks).toBeGreaterThan(1000);
  });
});

describe(`the proxy over a hostile upstream (seed ${SEED})`, () => {
  let upstream: FakeUpstream;
  let rng: Rng;
  beforeAll(async () => {
    rng = random(SEED + 2);
    upstream = await startFakeUpstream();
  });
  afterAll(() => upstream.close());

  it('answers every request, forwards nothing outside the allow-list, never shows a credential, 1,500 cases', async () => {
    for (const version of ['v7', 'v6'] as const) {
      // An hour passes between cases: a 401 held back or a spent budget (Reset is clamped to an
      // hour) does not hide the cases after it.
      let clock = 1_800_000_000_000;
      const proxy = createApiProxy({
        nowMs: () => clock,
        totalTimeoutMs: 5000,
        apiVersion: version,
        upstreamBase: upstream.url,
        credentials:
          version === 'v7' ? { kind: 'bearer', token: TOKEN } : { kind: 'basic', ...BASIC },
        cacheTtlMs: rng() < 0.5 ? 0 : 15_000,
        readAhead: true,
        log: () => undefined,
        // Many clients, so the per-client pacing does not hide the upstream path from the fuzz.
        clientOf: () => `client-${Math.floor(rng() * 1000)}`,
      });
      upstream.respond((_req, res) => {
        const status = pick(rng, [200, 200, 200, 200, 401, 403, 404, 429, 500, 301, 302]);
        const body = JSON.stringify(randomBody(rng, version, upstream.url));
        const headers: Record<string, string> = {
          'Content-Type': pick(rng, [
            'application/json',
            'application/hal+json',
            'text/html; x=json',
            'text/plain',
            'application/problem+json',
          ]),
          'X-Organization-Rate-Limit-Remaining': pick(rng, ['200', '0', 'x', '999999999999']),
          'X-Organization-Rate-Limit-Reset': pick(rng, ['60', '99999999999999999999', 'soon']),
        };
        if (status >= 300 && status < 400) {
          // Only what a header can carry; the rest of the href's hostility stays.
          headers.Location = String(randomHref(rng, version, upstream.url)).replace(
            /[^\x20-\x7e]/g,
            '%3F',
          );
        }
        res.writeHead(status, headers);
        res.end(
          status >= 400
            ? JSON.stringify({
                error_description: `bad ${pick(rng, SECRETS[version])}`,
                detail: body.slice(0, 200),
              })
            : body,
        );
      });
      for (let index = 0; index < 750; index += 1) {
        clock += 3_601_000;
        const path = randomPath(rng, version);
        const label = `${version} case ${index}: ${JSON.stringify(path).slice(0, 300)}`;
        const answer = await drive(proxy.handle, path, label);
        const shown = JSON.stringify(answer.headers) + answer.body;
        for (const secret of SECRETS[version]) expect(shown, label).not.toContain(secret);
        expect(answer.status, label).toBeGreaterThanOrEqual(200);
        expect(answer.status, label).toBeLessThan(600);
        if (answer.body.length > 0) {
          expect(String(answer.headers['content-type']), label).toMatch(
            /^application\/(problem\+)?json(; charset=utf-8)?$/,
          );
        }
      }
      const forwarded = upstream.requests.splice(0);
      for (const request of forwarded) {
        expect(outsideAllowList(request.url, version), request.url).toBeUndefined();
      }
      expect(forwarded.length).toBeGreaterThan(100);
    }
  }, 60_000);
});

interface DrivenAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Calls the proxy's handler with an in-memory request and response: no socket per case. */
async function drive(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  path: string,
  label: string,
): Promise<DrivenAnswer> {
  const answer: DrivenAnswer = { status: 0, headers: {}, body: '' };
  let ended = false;
  const written: Buffer[] = [];
  const req = {
    method: 'GET',
    url: path,
    headers: { 'accept-encoding': 'identity' },
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
  const res: { headersSent: boolean; destroyed: boolean } & Record<string, unknown> = {
    headersSent: false,
    destroyed: false,
    writeHead(status: number, headers: Record<string, unknown>) {
      answer.status = status;
      answer.headers = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      this.headersSent = true;
      return this;
    },
    // A closed interval sent to a client that takes no compression is written as it inflates.
    write(chunk: Buffer) {
      written.push(chunk);
      return true;
    },
    on() {
      return this;
    },
    end(body?: Buffer | string) {
      answer.body = Buffer.concat([...written, Buffer.from(body ?? '')]).toString();
      ended = true;
    },
  };
  try {
    await handle(req, res as unknown as ServerResponse);
  } catch (error) {
    throw new Error(`${label} threw ${String(error)}`);
  }
  expect(ended, `${label} was never answered`).toBe(true);
  return answer;
}
