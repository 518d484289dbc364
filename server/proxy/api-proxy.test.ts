import { afterEach, describe, expect, it } from 'vitest';
import type { ApiProxyOptions } from './api-proxy.ts';
import { json, rawRequest, startFakeUpstream, type FakeUpstream } from './testing/fake-upstream.ts';
import { serveProxy } from './testing/proxy-server.ts';

const TOKEN = 'tok-SECRET-1234567890';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startProxy(
  upstream: FakeUpstream,
  overrides: Partial<ApiProxyOptions> = {},
): Promise<{ url: string; logs: string[] }> {
  const logs: string[] = [];
  const served = await serveProxy({
    apiVersion: 'v7',
    upstreamBase: upstream.url,
    credentials: { kind: 'bearer', token: TOKEN },
    log: (line) => logs.push(line),
    ...overrides,
  });
  cleanups.push(served.close);
  return { url: served.url, logs };
}

async function fakeUpstream(...args: Parameters<typeof startFakeUpstream>): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream(...args);
  cleanups.push(() => upstream.close());
  return upstream;
}

describe('credentials', () => {
  it('sends the bearer token upstream, drops client headers, and never shows the token', async () => {
    const upstream = await fakeUpstream((req, res) =>
      json(
        res,
        200,
        { tests: [], echo: 'nothing' },
        { 'X-Organization-Rate-Limit-Remaining': '239' },
      ),
    );
    const { url, logs } = await startProxy(upstream);
    const answer = await rawRequest(url, '/api/v7/tests/voice?aid=1234', {
      headers: {
        Authorization: 'Bearer browser-token',
        Cookie: 'session=browser-cookie',
        'X-Forwarded-For': '10.9.9.9',
        'X-Forwarded-Host': 'evil.example',
      },
    });
    expect(answer.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    const received = upstream.requests[0]!;
    expect(received.url).toBe('/v7/tests/voice?aid=1234');
    expect(received.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received.headers.cookie).toBeUndefined();
    expect(received.headers['x-forwarded-for']).toBeUndefined();
    expect(received.headers['x-forwarded-host']).toBeUndefined();
    expect(received.headers.host).toBe(new URL(upstream.url).host);
    expect(answer.headers['x-organization-rate-limit-remaining']).toBe('239');
    const everything = JSON.stringify(answer.headers) + answer.body + logs.join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(logs.join('\n')).toMatch(/GET \/v7\/tests\/voice\?aid=1234 200 \d+ms miss/);
  });

  it('sends v6 basic auth as email:token in base64', async () => {
    const upstream = await fakeUpstream((_req, res) => json(res, 200, { test: [] }));
    const { url } = await startProxy(upstream, {
      apiVersion: 'v6',
      credentials: { kind: 'basic', email: 'noc@example.com', basicToken: 'basic-SECRET' },
    });
    const answer = await rawRequest(url, '/api/v6/tests/voice.json');
    expect(answer.status).toBe(200);
    expect(upstream.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('noc@example.com:basic-SECRET').toString('base64')}`,
    );
    expect(answer.body).not.toContain('basic-SECRET');
  });
});

describe('refusals never reach upstream', () => {
  const cases: [string, string, string, number, RegExp][] = [
    ['POST', '/api/v7/tests', 'method', 405, /GET or HEAD/],
    ['DELETE', '/api/v7/tests/voice/1', 'method', 405, /GET or HEAD/],
    ['GET', '/api/v7/tests/../account-groups', 'dot segments', 400, /Dot segments/],
    ['GET', '/api/v7/tests/%2e%2e/agents', 'encoded dots', 400, /Dot segments/],
    ['GET', '/api/v7/tests/%2E%2E/agents', 'encoded dots upper', 400, /Dot segments/],
    ['GET', '/api/v7/tests%2fvoice', 'encoded slash', 400, /Encoded slashes/],
    ['GET', '/api/v7/tests\\voice', 'backslash', 400, /Backslashes/],
    ['GET', '/api/v7/tests%5cvoice', 'encoded backslash', 400, /Backslashes/],
    ['GET', '/api/v7//tests', 'double slash', 400, /Empty path segments/],
    ['GET', '/api//evil.example/v7/tests', 'host smuggling', 400, /Empty path segments/],
    [
      'GET',
      '/api/http://evil.example/v7/tests',
      'absolute url',
      400,
      /Empty path segments|letters/,
    ],
    ['GET', '/api/v7/tests?aid=1%0d%0aX-Injected:1', 'CRLF in query', 400, /line break/],
    ['GET', '/api/v7/tests%0a', 'LF in path', 400, /line break/],
    ['GET', '/api/v7/users', 'path outside allow-list', 404, /does not forward v7\/users/],
    ['GET', '/api/v7/tests/voice/1/delete', 'deeper path', 404, /does not forward/],
    ['GET', '/api/v6/tests.json', 'other version', 404, /speaks ThousandEyes API v7, not v6/],
    ['GET', '/api/v9/tests', 'unknown version', 404, /forwards \/api\/v7/],
    ['GET', '/api/v7/tests?expand=x&admin=1', 'unknown parameter', 400, /'admin'/],
    ['GET', '/api/v7/tests?aid=1&aid=2', 'repeated parameter', 400, /'aid' is repeated/],
    ['GET', '/api/v7/test-results/1/rtp-server?window=1y', 'bad window', 400, /'window'/],
    ['GET', '/api/v7/tests?format=xml', 'xml', 400, /'format'/],
  ];
  it.each(cases)('%s %s (%s) → %i', async (method, path, _name, status, detail) => {
    const upstream = await fakeUpstream();
    const { url } = await startProxy(upstream);
    const answer = await rawRequest(url, path, { method });
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    const body = JSON.parse(answer.body) as { status: number; title: string; detail: string };
    expect(body.status).toBe(status);
    expect(body.title).not.toBe('');
    expect(body.detail).toMatch(detail);
    expect(upstream.requests).toHaveLength(0);
  });

  it('forwards every allowed query parameter the dashboard uses', async () => {
    const upstream = await fakeUpstream((_req, res) => json(res, 200, { results: [] }));
    const { url } = await startProxy(upstream);
    const path =
      '/api/v7/test-results/281474976710656/rtp-server?aid=1234&startDate=2025-01-31T12:00:00Z&endDate=2025-01-31T13:00:00Z&cursor=abc%3D%3D';
    const answer = await rawRequest(url, path);
    expect(answer.status).toBe(200);
    expect(upstream.requests[0]?.url).toBe(
      '/v7/test-results/281474976710656/rtp-server?aid=1234&startDate=2025-01-31T12:00:00Z&endDate=2025-01-31T13:00:00Z&cursor=abc%3D%3D',
    );
  });
});

describe('sharing the rate limit', () => {
  it('coalesces 50 concurrent identical requests into one upstream call', async () => {
    const results = Array.from({ length: 200 }, (_, i) => ({
      roundId: 1_700_000_000 + i * 60,
      mos: 4.1,
    }));
    const upstream = await fakeUpstream((_req, res) => {
      setTimeout(() => json(res, 200, { results }), 150);
    });
    const { url, logs } = await startProxy(upstream);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => fetch(`${url}/api/v7/test-results/7/rtp-server?window=1h`)),
    );
    const bodies = await Promise.all(
      answers.map((answer) => answer.json() as Promise<{ results: unknown[] }>),
    );
    console.log(`50 coalesced requests answered in ${Math.round(performance.now() - started)} ms`);
    expect(upstream.requests).toHaveLength(1);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(bodies.every((body) => body.results.length === 200)).toBe(true);
    expect(logs.filter((line) => / miss \(/.test(line))).toHaveLength(1);
    expect(logs.filter((line) => / coalesced \(/.test(line))).toHaveLength(49);
  });

  it('reads the next page ahead while the browser reads this one, and serves it once', async () => {
    const first = '/v7/test-results/7/rtp-server?window=1h';
    const second = '/v7/test-results/7/rtp-server?cursor=abc';
    const upstream = await fakeUpstream((req, res) => {
      const page = req.url === first ? 1 : 2;
      json(
        res,
        200,
        {
          results: [{ roundId: 1_700_000_000 + page * 60 }],
          _links: page === 1 ? { next: { href: `${upstream.url}${second}` } } : {},
        },
        { 'X-Organization-Rate-Limit-Remaining': '200' },
      );
    });
    // Cache off: what the browser gets for page 2 can only come from the read-ahead.
    const { url, logs } = await startProxy(upstream, { cacheTtlMs: 0 });
    const page1 = await fetch(`${url}/api${first}`);
    // The same link in a header, so the browser can ask before it has parsed this body.
    expect(page1.headers.get('link')).toBe(`</api${second}>; rel="next"`);
    expect(((await page1.json()) as { _links: { next: { href: string } } })._links.next.href).toBe(
      `/api${second}`,
    );
    await expect.poll(() => logs.some((line) => line.endsWith('read ahead'))).toBe(true);
    expect(upstream.requests.map((request) => request.url)).toEqual([first, second]);

    const page2 = await fetch(`${url}/api${second}`);
    expect(page2.headers.get('x-earshot-cache')).toBe('read-ahead');
    expect(page2.headers.get('link')).toBeNull(); // the last page
    expect(((await page2.json()) as { results: unknown[] }).results).toHaveLength(1);
    expect(upstream.requests).toHaveLength(2);
    // Served once: asked again, page 2 goes upstream (a refresh must see new data).
    const again = await fetch(`${url}/api${second}`);
    expect(again.headers.get('x-earshot-cache')).toBe('miss');
    expect(upstream.requests).toHaveLength(3);
  });

  it('never ends a window silently: a next page it will not follow is a 502 that says why', async () => {
    const hrefs: [string, RegExp][] = [
      ['https://elsewhere.example/v7/test-results/7/rtp-server?cursor=x', /another host/],
      ['/v7/test-results/7/rtp-server?cursor=<x>', /'cursor'|characters/],
      ['/v7/test-results/7/rtp-server?cursor=caf\u00e9', /non-ASCII/],
      ['/v7/../../../api/earshot/config', /dot segments/],
      ['/v7/users?cursor=x', /does not forward/],
    ];
    for (const [href, why] of hrefs) {
      const upstream = await fakeUpstream((_req, res) =>
        json(res, 200, {
          results: [{ roundId: 1 }],
          _links: { next: { href: href.startsWith('/') ? `${upstream.url}${href}` : href } },
        }),
      );
      const { url } = await startProxy(upstream, { cacheTtlMs: 0, readAhead: false });
      const page = await fetch(`${url}/api/v7/test-results/7/rtp-server?window=1h`);
      expect(page.status).toBe(502);
      expect(page.headers.get('content-type')).toBe('application/problem+json');
      expect(page.headers.get('link')).toBeNull();
      const { detail } = (await page.json()) as { detail: string };
      expect(detail).toMatch(/^ThousandEyes returned a next page Earshot will not follow: /);
      expect(detail).toMatch(why);
    }
  });

  it('follows relative and differently spelled next links, with the cursor byte-exact', async () => {
    const cursors = ['ab+cd/ef==', 'ab%2Bcd%2Fef%3D%3D'];
    for (const cursor of cursors) {
      for (const spell of [
        () => '',
        (origin: string) => origin.toUpperCase().replace('HTTP://', 'http://'),
        (origin: string) => origin.replace('http://', 'HTTP://'),
      ]) {
        const upstream = await fakeUpstream((req, res) => {
          const first = req.url?.includes('window=1h');
          json(res, 200, {
            results: [],
            _links: first
              ? {
                  next: {
                    href: `${spell(upstream.url)}/v7/test-results/7/rtp-server?aid=5&cursor=${cursor}`,
                  },
                }
              : {},
          });
        });
        const { url } = await startProxy(upstream, { cacheTtlMs: 0, readAhead: false });
        const page = await fetch(`${url}/api/v7/test-results/7/rtp-server?window=1h`);
        expect(page.status).toBe(200);
        const next = ((await page.json()) as { _links: { next: { href: string } } })._links.next
          .href;
        expect(next).toBe(`/api/v7/test-results/7/rtp-server?aid=5&cursor=${cursor}`);
        expect(page.headers.get('link')).toBe(`<${next}>; rel="next"`);
        expect((await rawRequest(url, next)).status).toBe(200);
        expect(upstream.requests.at(-1)?.url).toBe(
          `/v7/test-results/7/rtp-server?aid=5&cursor=${cursor}`,
        );
      }
    }
  });

  it('does not read ahead when the organisation has few requests left, or when turned off', async () => {
    for (const [remaining, readAhead] of [
      ['5', true],
      ['200', false],
    ] as const) {
      const upstream = await fakeUpstream((req, res) =>
        json(
          res,
          200,
          {
            results: [],
            _links: { next: { href: `${upstream.url}/v7/test-results/7/rtp-server?cursor=x` } },
          },
          { 'X-Organization-Rate-Limit-Remaining': remaining },
        ),
      );
      const { url } = await startProxy(upstream, { cacheTtlMs: 0, readAhead });
      await (await fetch(`${url}/api/v7/test-results/7/rtp-server?window=1h`)).json();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(upstream.requests).toHaveLength(1);
    }
  });

  it('caches a success for the configured time, then asks again', async () => {
    let clock = 1_000_000;
    const upstream = await fakeUpstream((_req, res) => json(res, 200, { agents: [] }));
    const { url } = await startProxy(upstream, { cacheTtlMs: 15_000, nowMs: () => clock });
    await fetch(`${url}/api/v7/agents?aid=1`);
    const second = await fetch(`${url}/api/v7/agents?aid=1`);
    expect(second.headers.get('x-earshot-cache')).toBe('hit');
    expect(upstream.requests).toHaveLength(1);
    await fetch(`${url}/api/v7/agents?aid=2`);
    expect(upstream.requests).toHaveLength(2);
    clock += 15_001;
    await fetch(`${url}/api/v7/agents?aid=1`);
    expect(upstream.requests).toHaveLength(3);
  });

  it('once Remaining is 0, answers 429 itself until Reset, then calls upstream again', async () => {
    let clock = 1_700_000_000_000;
    const resetAt = clock / 1000 + 40;
    const upstream = await fakeUpstream((_req, res) =>
      json(
        res,
        200,
        { tests: [] },
        {
          'X-Organization-Rate-Limit-Limit': '240',
          'X-Organization-Rate-Limit-Remaining': '0',
          'X-Organization-Rate-Limit-Reset': `${resetAt}`,
        },
      ),
    );
    const { url, logs } = await startProxy(upstream, { cacheTtlMs: 0, nowMs: () => clock });
    expect((await fetch(`${url}/api/v7/tests?aid=1`)).status).toBe(200);
    expect(upstream.requests).toHaveLength(1);

    clock += 10_000;
    const refused = await fetch(`${url}/api/v7/tests?aid=2`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.headers.get('x-organization-rate-limit-reset')).toBe(`${resetAt}`);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/rate limit/);
    clock += 29_000;
    expect((await fetch(`${url}/api/v7/tests?aid=3`)).status).toBe(429);
    expect(upstream.requests).toHaveLength(1);
    expect(logs.at(-1)).toMatch(/ 429 \d+ms rate-limited \(/);

    clock += 1_000; // Reset reached
    expect((await fetch(`${url}/api/v7/tests?aid=4`)).status).toBe(200);
    expect(upstream.requests).toHaveLength(2);
  });

  it("passes upstream's 429 on with Retry-After computed from Reset", async () => {
    const clock = 1_700_000_000_000;
    const upstream = await fakeUpstream((_req, res) =>
      json(
        res,
        429,
        { errorMessage: 'Rate limit exceeded' },
        {
          'X-Organization-Rate-Limit-Remaining': '0',
          'X-Organization-Rate-Limit-Reset': `${clock / 1000 + 17}`,
        },
      ),
    );
    const { url } = await startProxy(upstream, { apiVersion: 'v6', nowMs: () => clock });
    const answer = await fetch(`${url}/api/v6/tests.json`);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('17');
    expect(await answer.json()).toEqual({
      status: 429,
      title: 'Too Many Requests',
      detail: 'ThousandEyes answered 429: Rate limit exceeded',
    });
  });
});

describe('upstream errors keep their message', () => {
  it.each([
    [
      'v7 problem',
      'v7',
      403,
      {
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        detail: 'No access to account group 9',
      },
      {
        status: 403,
        title: 'Forbidden',
        detail: 'ThousandEyes answered 403: No access to account group 9',
      },
    ],
    [
      'v7 401',
      'v7',
      401,
      { error: 'invalid_token', error_description: 'Invalid access token' },
      {
        status: 401,
        title: 'invalid_token',
        detail: 'ThousandEyes answered 401: Invalid access token',
      },
    ],
    [
      'v6 errorMessage',
      'v6',
      404,
      { errorMessage: 'Test 5 not found' },
      { status: 404, title: 'Not Found', detail: 'ThousandEyes answered 404: Test 5 not found' },
    ],
  ] as const)('%s', async (_name, version, status, upstreamBody, expected) => {
    const upstream = await fakeUpstream((_req, res) => json(res, status, upstreamBody));
    const { url } = await startProxy(upstream, { apiVersion: version });
    const answer = await fetch(`${url}/api/${version}/tests${version === 'v6' ? '/5.json' : ''}`);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(await answer.json()).toEqual(expected);
  });
});

describe('links', () => {
  it('rewrites upstream links to /api and drops links to other origins', async () => {
    const upstream = await fakeUpstream();
    upstream.respond((_req, res) =>
      json(res, 200, {
        results: [{ _links: { appLink: { href: 'https://app.thousandeyes.com/view/x' } } }],
        _links: {
          self: { href: `${upstream.url}/v7/test-results/7/rtp-server?window=1h` },
          next: { href: `${upstream.url}/v7/test-results/7/rtp-server?cursor=c2` },
          evil: { href: 'https://evil.example/v7/steal' },
        },
      }),
    );
    const { url, logs } = await startProxy(upstream);
    const body = (await (
      await fetch(`${url}/api/v7/test-results/7/rtp-server?window=1h`)
    ).json()) as {
      results: { _links: { appLink: { href: string } } }[];
      _links: Record<string, { href: string }>;
    };
    expect(body._links.next?.href).toBe('/api/v7/test-results/7/rtp-server?cursor=c2');
    expect(body._links.self?.href).toBe('/api/v7/test-results/7/rtp-server?window=1h');
    expect(body._links.evil).toBeUndefined();
    expect(body.results[0]?._links.appLink.href).toBe('https://app.thousandeyes.com/view/x');
    expect(logs.join('\n')).toContain(
      'dropped a link Earshot will not follow: https://evil.example/v7/steal',
    );
  });

  it('follows the v6 301 from /voice/metrics to /voice/rtp-stream on the server', async () => {
    const upstream = await fakeUpstream();
    upstream.respond((req, res) => {
      if (req.url?.startsWith('/v6/voice/metrics/')) {
        res.writeHead(301, { Location: `${upstream.url}/v6/voice/rtp-stream/88.json?window=1h` });
        res.end();
        return;
      }
      json(res, 200, {
        voice: { metrics: [] },
        pages: {
          current: 1,
          next: `${upstream.url}/v6/voice/rtp-stream/88.json?lastRoundId=5&from=2025-01-01T00:00:00`,
        },
      });
    });
    const { url } = await startProxy(upstream, { apiVersion: 'v6' });
    const answer = await fetch(`${url}/api/v6/voice/metrics/88.json?window=1h`);
    expect(answer.status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual([
      '/v6/voice/metrics/88.json?window=1h',
      '/v6/voice/rtp-stream/88.json?window=1h',
    ]);
    expect(((await answer.json()) as { pages: { next: string } }).pages.next).toBe(
      '/api/v6/voice/rtp-stream/88.json?lastRoundId=5&from=2025-01-01T00:00:00',
    );
  });
});

describe('failures', () => {
  it('answers 504 for a hung upstream within the bound, then serves the next request', async () => {
    const upstream = await fakeUpstream();
    upstream.respond(() => {
      /* never answers */
    });
    const { url } = await startProxy(upstream, { totalTimeoutMs: 400 });
    const started = performance.now();
    const answer = await fetch(`${url}/api/v7/tests`);
    const elapsed = performance.now() - started;
    console.log(`hung upstream answered 504 after ${Math.round(elapsed)} ms (bound 400 ms)`);
    expect(answer.status).toBe(504);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(/did not answer in time/);
    upstream.respond((_req, res) => json(res, 200, { tests: [] }));
    expect((await fetch(`${url}/api/v7/tests`)).status).toBe(200);
  });

  it('answers 502 for an upstream that dies mid-body, then serves the next request', async () => {
    const upstream = await fakeUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"tests":[');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { url } = await startProxy(upstream);
    const answer = await fetch(`${url}/api/v7/tests`);
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(
      /closed before the answer ended/,
    );
    upstream.respond((_req, res) => json(res, 200, { tests: [] }));
    expect((await fetch(`${url}/api/v7/tests`)).status).toBe(200);
  });

  it('answers 502 when upstream refuses the connection', async () => {
    const upstream = await fakeUpstream();
    const closedUrl = upstream.url;
    await upstream.close();
    const { url } = await startProxy(upstream, { upstreamBase: closedUrl });
    const answer = await fetch(`${url}/api/v7/tests`);
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(/ECONNREFUSED/);
  });
});

describe('the organisation budget is spent by Earshot, not by whoever asks', () => {
  it('reserves a unit before each call: with 1 request left, 30 concurrent misses make one call', async () => {
    const clock = 1_700_000_000_000;
    let remaining = 2;
    const upstream = await fakeUpstream((_req, res) => {
      remaining -= 1;
      const said = remaining;
      setTimeout(
        () =>
          json(
            res,
            200,
            { tests: [] },
            {
              'X-Organization-Rate-Limit-Limit': '240',
              'X-Organization-Rate-Limit-Remaining': `${said}`,
              'X-Organization-Rate-Limit-Reset': `${clock / 1000 + 30}`,
            },
          ),
        50,
      );
    });
    const { url } = await startProxy(upstream, { cacheTtlMs: 0, nowMs: () => clock });
    expect((await fetch(`${url}/api/v7/tests?aid=0`)).status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => fetch(`${url}/api/v7/tests?aid=${i + 1}`)),
    );
    expect(upstream.requests).toHaveLength(2);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(29);
  });

  it('keeps at most 8 calls in flight and answers 503 past a bounded queue', async () => {
    const hanging: (() => void)[] = [];
    let open = 0;
    let mostOpen = 0;
    const upstream = await fakeUpstream((_req, res) => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      hanging.push(() => {
        open -= 1;
        json(res, 200, { tests: [] });
      });
    });
    const { url } = await startProxy(upstream, { cacheTtlMs: 0 });
    const answers = Array.from({ length: 80 }, (_, i) => fetch(`${url}/api/v7/tests?aid=${i}`));
    await expect.poll(() => upstream.requests.length).toBe(8);
    // 8 in flight, 64 queued: the other 8 are told to come back.
    const busy = await Promise.all(answers.slice(72));
    expect(busy.map((answer) => answer.status)).toEqual(Array(8).fill(503));
    const detail = ((await busy[0]!.json()) as { detail: string }).detail;
    expect(detail).toMatch(/too many requests already; try again/);
    while (upstream.requests.length < 72 || hanging.length > 0) {
      hanging.splice(0).forEach((answer) => answer());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const served = await Promise.all(answers.slice(0, 72));
    expect(served.every((answer) => answer.status === 200)).toBe(true);
    expect(mostOpen).toBe(8);
  });

  it('slows one client that asks for far more than a screen needs, with Retry-After', async () => {
    let clock = 1_700_000_000_000;
    let remaining = 40;
    const upstream = await fakeUpstream((_req, res) => {
      remaining -= 1;
      json(
        res,
        200,
        { tests: [] },
        {
          'X-Organization-Rate-Limit-Limit': '40',
          'X-Organization-Rate-Limit-Remaining': `${remaining}`,
          'X-Organization-Rate-Limit-Reset': `${clock / 1000 + 60}`,
        },
      );
    });
    const { url } = await startProxy(upstream, { cacheTtlMs: 0, nowMs: () => clock });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      statuses.push((await fetch(`${url}/api/v7/tests?aid=${i}`)).status);
      clock += 100;
    }
    // Past half the limit once under a quarter of the budget is left, the client waits: the
    // last 9 requests of the minute stay for the other screens.
    expect(statuses.filter((status) => status === 200)).toHaveLength(31);
    expect(statuses.slice(31).every((status) => status === 429)).toBe(true);
    expect(upstream.requests).toHaveLength(31);
    const refused = await fetch(`${url}/api/v7/tests?aid=x`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(
      /far more than a screen needs/,
    );
  });
});

describe('hostile upstream answers', () => {
  it('never shows the credential, even when upstream echoes the Authorization header', async () => {
    const basic = { email: 'noc@example.com', basicToken: 'basic-SECRET-987654' };
    const base64 = Buffer.from(`${basic.email}:${basic.basicToken}`).toString('base64');
    for (const [version, credentials, echoed] of [
      ['v7', { kind: 'bearer', token: TOKEN }, `Bearer ${TOKEN}`],
      ['v6', { kind: 'basic', ...basic }, `Basic ${base64} (${basic.basicToken})`],
    ] as const) {
      const upstream = await fakeUpstream((req, res) =>
        json(res, 401, {
          error: `bad ${req.headers.authorization}`,
          error_description: `The token in ${echoed} is not valid`,
        }),
      );
      const { url, logs } = await startProxy(upstream, { apiVersion: version, credentials });
      const answer = await rawRequest(url, `/api/${version}/tests`);
      expect(answer.status).toBe(401);
      const everything = JSON.stringify(answer.headers) + answer.body + logs.join('\n');
      for (const secret of [TOKEN, basic.basicToken, base64]) {
        expect(everything).not.toContain(secret);
      }
      expect(answer.body).toContain('[credential removed]');
    }
  });

  it("serves API answers under Earshot's own JSON type, never upstream's", async () => {
    const upstream = await fakeUpstream();
    const { url } = await startProxy(upstream, { cacheTtlMs: 0 });
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8; x=json' });
      res.end('{"tests":[],"x":"<script>alert(1)</script>"}');
    });
    const html = await rawRequest(url, '/api/v7/tests');
    expect(html.status).toBe(502);
    expect(html.headers['content-type']).toBe('application/problem+json');
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/hal+json; profile="x"' });
      res.end('{"tests":[]}');
    });
    const hal = await rawRequest(url, '/api/v7/tests');
    expect(hal.status).toBe(200);
    expect(hal.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it.each([
    ['an absurd Reset', { Remaining: '0', Reset: '99999999999999999999' }, 3600],
    ['a far-future Reset', { Remaining: '0', Reset: `${1_700_000_000 + 86_400 * 365}` }, 3600],
    ['a relative Reset', { Remaining: '0', Reset: '60' }, 60],
    ['Remaining 0 without Reset', { Remaining: '0' }, 60],
    ['an unreadable Reset', { Remaining: '0', Reset: 'soon' }, 60],
  ])('governs %s within [now, now + 1 h]', async (_name, headers, retryAfter) => {
    let clock = 1_700_000_000_000;
    const upstream = await fakeUpstream((_req, res) =>
      json(
        res,
        200,
        { tests: [] },
        Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [
            `X-Organization-Rate-Limit-${name}`,
            value,
          ]),
        ),
      ),
    );
    const { url } = await startProxy(upstream, { cacheTtlMs: 0, nowMs: () => clock });
    expect((await fetch(`${url}/api/v7/tests?aid=1`)).status).toBe(200);
    const refused = await fetch(`${url}/api/v7/tests?aid=2`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(`${retryAfter}`);
    expect(upstream.requests).toHaveLength(1);
    clock += retryAfter * 1000;
    expect((await fetch(`${url}/api/v7/tests?aid=3`)).status).toBe(200);
    expect(upstream.requests).toHaveLength(2);
  });

  it('holds a rejected credential back for every screen: one upstream try a minute', async () => {
    let clock = 1_700_000_000_000;
    const upstream = await fakeUpstream((_req, res) =>
      json(res, 401, { error: 'invalid_token', error_description: 'Invalid access token' }),
    );
    const { url } = await startProxy(upstream, { cacheTtlMs: 0, nowMs: () => clock });
    expect((await fetch(`${url}/api/v7/tests?aid=1`)).status).toBe(401);
    for (const aid of ['2', '3', '4']) {
      const held = await fetch(`${url}/api/v7/tests?aid=${aid}`);
      expect(held.status).toBe(401);
      expect(held.headers.get('retry-after')).toBe('60');
      expect(((await held.json()) as { detail: string }).detail).toMatch(
        /Invalid access token.*asks ThousandEyes again in 60 s/,
      );
    }
    expect(upstream.requests).toHaveLength(1);
    clock += 60_000;
    upstream.respond((_req, res) => json(res, 200, { tests: [] }));
    expect((await fetch(`${url}/api/v7/tests?aid=5`)).status).toBe(200);
    expect((await fetch(`${url}/api/v7/tests?aid=6`)).status).toBe(200);
    expect(upstream.requests).toHaveLength(3);
  });

  it('holds nothing back when told not to (the embedded simulator, whose 401s are test faults)', async () => {
    const upstream = await fakeUpstream((_req, res) =>
      json(res, 401, { error: 'invalid_token', error_description: 'Invalid access token' }),
    );
    const { url } = await startProxy(upstream, { cacheTtlMs: 0, holdBackMs: 0 });
    for (const aid of ['1', '2', '3']) {
      expect((await fetch(`${url}/api/v7/tests?aid=${aid}`)).status).toBe(401);
    }
    expect(upstream.requests).toHaveLength(3);
  });
});
