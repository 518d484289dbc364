import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  brotliCompressSync,
  brotliDecompressSync,
  constants as zlibConstants,
  gunzipSync,
} from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEarshotServer, type EarshotApp, type EarshotAppOptions } from './app.ts';
import { BUILD_INFO_FILE } from './build-info.ts';
import { readConfig } from './config.ts';
import { columnsReadCounts } from './proxy/closed-interval-columns.ts';
import { warmUpClosedIntervals, type WarmUpReport } from './proxy/closed-interval-warm-up.ts';
import {
  json,
  rawRequest,
  startFakeUpstream,
  type FakeUpstream,
} from './proxy/testing/fake-upstream.ts';

const TOKEN = 'tok-SECRET-app-test';
const INDEX_HTML = `<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(100)}</body></html>`;
const APP_JS = `console.log(${JSON.stringify('earshot '.repeat(500))});`;

let rootDir: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'earshot-app-'));
  mkdirSync(join(rootDir, 'dist/assets'), { recursive: true });
  writeFileSync(join(rootDir, 'dist/index.html'), INDEX_HTML);
  writeFileSync(join(rootDir, 'dist/assets/index-abc123.js'), APP_JS);
  writeFileSync(join(rootDir, 'dist', BUILD_INFO_FILE), JSON.stringify({ buildId: 'build-42' }));
  return () => rmSync(rootDir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function upstreamFor(): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream((_req, res) => json(res, 200, { tests: [] }));
  cleanups.push(() => upstream.close());
  return upstream;
}

async function start(
  env: Record<string, string>,
  options: EarshotAppOptions = {},
): Promise<{ url: string; app: EarshotApp; logs: string[] }> {
  const logs: string[] = [];
  const config = readConfig({ HOST: '127.0.0.1', PORT: '0', ...env }, rootDir);
  const { server, url, app } = await startEarshotServer(config, {
    log: (line) => logs.push(line),
    ...options,
  });
  cleanups.push(async () => {
    await closeServer(server);
    await app.close();
  });
  return { url, app, logs };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

describe('npm start serves /api through the proxy module', () => {
  it('proxies with the configured token, and says mode, version and build id without it', async () => {
    const upstream = await upstreamFor();
    const { url, logs } = await start({ TE_TOKEN: TOKEN, TE_API_URL: upstream.url });

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      buildId: 'build-42',
      mode: 'live',
      caches: {
        pages: { entries: 0, bytes: 0 },
        intervals: { entries: 0, bytes: 0 },
        joinMemory: { entries: 0, bytes: 0 },
      },
      // This process's count so far (the columns thread is the process's, not this server's).
      columns: {
        intervals: expect.any(Number) as number,
        rows: expect.any(Number) as number,
        rowsParsed: expect.any(Number) as number,
      },
    });

    const config = await fetch(`${url}/api/earshot/config`);
    const configText = await config.text();
    expect(JSON.parse(configText)).toEqual({ mode: 'live', apiVersion: 'v7', buildId: 'build-42' });
    expect(configText).not.toContain(TOKEN);
    expect(upstream.requests).toHaveLength(0); // neither touched the rate limit

    const proxied = await fetch(`${url}/api/v7/tests/voice?aid=1`);
    expect(proxied.status).toBe(200);
    expect(await proxied.json()).toEqual({ tests: [] });
    expect(upstream.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(logs).toHaveLength(1);
    expect(logs.join('')).not.toContain(TOKEN);

    const otherVersion = await fetch(`${url}/api/v6/tests.json`);
    expect(otherVersion.status).toBe(404);
    expect(((await otherVersion.json()) as { detail: string }).detail).toMatch(
      /speaks ThousandEyes API v7/,
    );
  });

  it('in simulator mode forwards to the simulator with its token, and rewrites its links', async () => {
    const simulator = await startFakeUpstream();
    cleanups.push(() => simulator.close());
    simulator.respond((_req, res) =>
      json(res, 200, {
        tests: [],
        _links: { next: { href: `${simulator.url}/v7/tests/voice?cursor=2` } },
      }),
    );
    const { url, app } = await start(
      {},
      {
        startSimulator: async () => ({
          url: simulator.url,
          token: 'simulator-token',
          close: async () => {},
        }),
      },
    );
    expect(app.mode).toBe('simulator');
    expect(app.simulatorUrl).toBe(simulator.url);
    expect(await (await fetch(`${url}/api/earshot/config`)).json()).toEqual({
      mode: 'simulator',
      apiVersion: 'v7',
      buildId: 'build-42',
    });
    const body = (await (await fetch(`${url}/api/v7/tests/voice`)).json()) as {
      _links: { next: { href: string } };
    };
    expect(body._links.next.href).toBe('/api/v7/tests/voice?cursor=2');
    expect(simulator.requests[0]?.headers.authorization).toBe('Bearer simulator-token');
  });
});

describe('closed intervals', () => {
  it('keeps a closed range within EARSHOT_INTERVAL_CACHE_MB and says so in /healthz', async () => {
    const closedRange =
      '/api/v7/test-results/7/rtp-server?startDate=2020-01-01T00:00:00Z&endDate=2020-01-01T01:00:00Z';
    for (const [megabytes, entries, upstreamCalls] of [
      ['1', 1, 1],
      ['0', 0, 2],
    ] as const) {
      const upstream = await startFakeUpstream((_req, res) =>
        json(res, 200, { results: [{ roundId: 1 }], test: { interval: 60 }, _links: {} }),
      );
      cleanups.push(() => upstream.close());
      const { url, logs } = await start({
        TE_TOKEN: TOKEN,
        TE_API_URL: upstream.url,
        EARSHOT_INTERVAL_CACHE_MB: megabytes,
      });
      await (await fetch(`${url}${closedRange}`)).json();
      await (await fetch(`${url}${closedRange}`)).json();
      expect(upstream.requests).toHaveLength(upstreamCalls);
      const health = (await (await fetch(`${url}/healthz`)).json()) as {
        caches: { intervals: { entries: number; bytes: number } };
      };
      expect(health.caches.intervals.entries).toBe(entries);
      expect(health.caches.intervals.bytes > 0).toBe(entries > 0);
      expect(logs.at(-1)).toMatch(entries > 0 ? / interval-hit \(/ : / interval-miss \(/);
    }
  });
});

describe('the start-up warm-up', () => {
  it('reads its made-up intervals before it serves, without a call upstream or anything kept or counted', async () => {
    const upstream = await upstreamFor();
    const env = { TE_TOKEN: TOKEN, TE_API_URL: upstream.url };
    const reports: WarmUpReport[] = [];
    const countedBefore = columnsReadCounts();
    const { url, logs } = await start(env, {
      warmUp: async () =>
        reports.push(
          await warmUpClosedIntervals(readConfig({ ...env, HOST: '127.0.0.1' }, rootDir)),
        ),
    });
    expect(reports.map((report) => report.intervals)).toEqual([3]);
    expect(upstream.requests).toEqual([]);
    expect(logs).toEqual([]);
    const health = (await (await fetch(`${url}/healthz`)).json()) as {
      caches: Record<string, { entries: number }>;
      columns: { intervals: number; rows: number; rowsParsed: number };
    };
    expect(health.caches.intervals?.entries).toBe(0);
    expect(health.caches.pages?.entries).toBe(0);
    expect(health.columns).toEqual(countedBefore);
  });

  it('that fails is said once, and the server starts anyway', async () => {
    const errors: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const { url } = await start(
        {},
        { warmUp: () => Promise.reject(new Error('the columns thread is gone')) },
      );
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      console.error = consoleError;
    }
    expect(errors).toEqual([
      [
        'earshot: the start-up warm-up failed (the columns thread is gone); serving anyway, the first long window may load slower',
      ],
    ]);
  });
});

describe('with the embedded simulator', () => {
  it('pages through results via rewritten links, and passes its faults on as 502 and 429', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      EARSHOT_SIM_PAGE_SIZE: '40',
      EARSHOT_SIM_FAULTS: '1',
      EARSHOT_SIM_AGENTS: '5',
    });
    cleanups.push(async () => {
      for (const name of ['EARSHOT_SIM_PAGE_SIZE', 'EARSHOT_SIM_FAULTS', 'EARSHOT_SIM_AGENTS']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });
    const { url, app, logs } = await start({});
    expect(app.mode).toBe('simulator');
    const simulatorUrl = app.simulatorUrl ?? '';
    expect(simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const tests = (await (await fetch(`${url}/api/v7/tests/voice`)).json()) as {
      tests: { testId: string }[];
    };
    const testId = tests.tests[0]?.testId ?? '';
    let next: string | undefined = `/api/v7/test-results/${testId}/rtp-server?window=6h`;
    let rows = 0;
    let pages = 0;
    while (next) {
      expect(next.startsWith('/api/v7/')).toBe(true);
      const page = (await (await fetch(`${url}${next}`)).json()) as {
        results: unknown[];
        _links: { next?: { href: string } };
      };
      rows += page.results.length;
      pages += 1;
      next = page._links.next?.href;
    }
    expect(pages).toBeGreaterThan(1);
    expect(rows).toBeGreaterThan(40);
    expect(logs.join('\n')).not.toMatch(/dropped a link/);

    const addFault = (spec: object) =>
      fetch(`${simulatorUrl}/_simulator/faults`, { method: 'POST', body: JSON.stringify(spec) });
    expect((await addFault({ path: '/v7/agents', kind: 'truncated', count: 1 })).status).toBe(201);
    expect((await fetch(`${url}/api/v7/agents`)).status).toBe(502);
    expect((await fetch(`${url}/api/v7/agents`)).status).toBe(200);

    expect(
      (await addFault({ path: '/v7/account-groups', kind: 'rate-limit', count: 1 })).status,
    ).toBe(201);
    const limited = await fetch(`${url}/api/v7/account-groups`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('production serving', () => {
  it('serves index.html uncached with a self-only CSP that refuses framing', async () => {
    const upstream = await upstreamFor();
    const { url } = await start({ TE_TOKEN: TOKEN, TE_API_URL: upstream.url });
    const page = await rawRequest(url, '/tests/123?window=6h');
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    expect(page.headers['cache-control']).toBe('no-cache');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('lets EARSHOT_FRAME_ANCESTORS allow embedding', async () => {
    const upstream = await upstreamFor();
    const { url } = await start({
      TE_TOKEN: TOKEN,
      TE_API_URL: upstream.url,
      EARSHOT_FRAME_ANCESTORS: 'https://noc.example.com',
    });
    const page = await rawRequest(url, '/');
    expect(String(page.headers['content-security-policy'])).toContain(
      'frame-ancestors https://noc.example.com',
    );
    expect(page.headers['x-frame-options']).toBeUndefined();
  });

  it('caches hashed assets immutably and compresses them with brotli or gzip', async () => {
    const upstream = await upstreamFor();
    const { url } = await start({ TE_TOKEN: TOKEN, TE_API_URL: upstream.url });
    const plain = await rawRequest(url, '/assets/index-abc123.js');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(APP_JS);

    for (const [accept, decode] of [
      ['gzip, deflate, br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const answer = await rawBuffer(`${url}/assets/index-abc123.js`, accept);
      expect(answer.encoding).toBe(accept === 'gzip' ? 'gzip' : 'br');
      expect(answer.body.length).toBeLessThan(APP_JS.length / 4);
      expect(decode(answer.body).toString()).toBe(APP_JS);
    }
    const missing = await rawRequest(url, '/assets/missing-123.js');
    expect(missing.status).toBe(404);
  });
});

describe('access key', () => {
  it('refuses without the key, swaps ?key= for a cookie, then admits app and /api', async () => {
    const upstream = await upstreamFor();
    const { url } = await start({
      TE_TOKEN: TOKEN,
      TE_API_URL: upstream.url,
      EARSHOT_ACCESS_KEY: 'wall-key-0123456789-7',
    });

    const page = await rawRequest(url, '/wall?tests=1');
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toMatch(/\?key=/);
    const api = await rawRequest(url, '/api/v7/tests');
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ status: 401, title: 'Access key needed' });
    const wrong = await rawRequest(url, '/wall?key=wall-key-0123456789-8&tests=1');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const health = await rawRequest(url, '/healthz');
    expect(health.status).toBe(200);
    expect(upstream.requests).toHaveLength(0);

    const granted = await rawRequest(url, '/wall?key=wall-key-0123456789-7&tests=1');
    expect(granted.status).toBe(303);
    expect(granted.headers.location).toBe('/wall?tests=1');
    const cookie = granted.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toContain('wall-key-0123456789-7');
    const cookiePair = cookie.split(';')[0] ?? '';

    const admitted = await rawRequest(url, '/wall?tests=1', { headers: { Cookie: cookiePair } });
    expect(admitted.status).toBe(200);
    expect(admitted.body).toBe(INDEX_HTML);
    const apiAdmitted = await rawRequest(url, '/api/v7/tests', {
      headers: { Cookie: `other=1; ${cookiePair}` },
    });
    expect(apiAdmitted.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.headers.cookie).toBeUndefined();

    const forged = await rawRequest(url, '/', {
      headers: { Cookie: 'earshot_access=wall-key-0123456789-7' },
    });
    expect(forged.status).toBe(401);
  });
});

async function rawBuffer(
  url: string,
  acceptEncoding: string,
): Promise<{ encoding: string | undefined; body: Buffer }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { 'Accept-Encoding': acceptEncoding }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('no request and no upstream answer takes the server down', () => {
  async function healthy(url: string): Promise<void> {
    const health = await rawRequest(url, '/healthz');
    expect(health.status).toBe(200);
  }

  it.each(['http://[::1/', 'http://%/', 'http://[::1/api/v7/tests', '//%'])(
    'an unparseable request target %s is a 400, with or without an access key',
    async (target) => {
      const upstream = await upstreamFor();
      for (const key of ['wall-key-long-enough-1', '']) {
        const { url } = await start({
          TE_TOKEN: TOKEN,
          TE_API_URL: upstream.url,
          EARSHOT_ACCESS_KEY: key,
        });
        const answer = await rawRequest(url, target);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatch(/request target/);
        await healthy(url);
      }
      expect(upstream.requests).toHaveLength(0);
    },
  );

  it('a next page nested thousands of levels deep, read ahead, is a 502 and the server lives', async () => {
    let deep = '0';
    for (let level = 0; level < 6000; level += 1) deep = `{"a":[${deep}]}`;
    const upstream = await startFakeUpstream((req, res) => {
      if (req.url?.includes('cursor=deep')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`{"results":[${deep}]}`);
        return;
      }
      json(res, 200, {
        results: [],
        _links: { next: { href: `${upstream.url}/v7/test-results/7/rtp-server?cursor=deep` } },
      });
    });
    cleanups.push(() => upstream.close());
    const { url, logs } = await start({
      TE_TOKEN: TOKEN,
      TE_API_URL: upstream.url,
      EARSHOT_CACHE_SECONDS: '0',
    });
    const first = await rawRequest(url, '/api/v7/test-results/7/rtp-server?window=1h');
    expect(first.status).toBe(200);
    await expect.poll(() => logs.some((line) => line.includes('read ahead'))).toBe(true);
    await healthy(url);
    const deepPage = await rawRequest(url, '/api/v7/test-results/7/rtp-server?cursor=deep');
    expect(deepPage.status).toBe(502);
    expect(deepPage.body).toMatch(/nested too deeply/);
    await healthy(url);
  });

  it('a compression bomb is refused by its inflated size, without freezing the server', async () => {
    // 40 MB of valid JSON (over the 32 MB bound once inflated) in a few kilobytes of brotli.
    const inflated = Buffer.from(`{"results":[${'0,'.repeat(20_000_000)}0]}`);
    const bomb = brotliCompressSync(inflated, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 },
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'br' });
      res.end(bomb);
    });
    cleanups.push(() => upstream.close());
    const { url } = await start({ TE_TOKEN: TOKEN, TE_API_URL: upstream.url });
    const answer = await rawRequest(url, '/api/v7/tests');
    expect(answer.status).toBe(502);
    expect(answer.body).toMatch(/larger than 33554432 bytes once decompressed/);
    await healthy(url);
  });
});

describe('the boundary with the network', () => {
  it('answers only loopback, IP addresses and EARSHOT_ALLOWED_HOSTS names (DNS rebinding)', async () => {
    const upstream = await upstreamFor();
    const { url } = await start({
      TE_TOKEN: TOKEN,
      TE_API_URL: upstream.url,
      EARSHOT_ALLOWED_HOSTS: 'earshot.noc.example,.lan.example',
    });
    for (const host of ['attacker.example:4173', 'earshot.noc.example.attacker.example', 'x']) {
      const answer = await rawRequest(url, '/api/v7/tests', { headers: { Host: host } });
      expect(answer.status).toBe(421);
      expect(JSON.parse(answer.body).detail).toMatch(/EARSHOT_ALLOWED_HOSTS/);
      expect((await rawRequest(url, '/', { headers: { Host: host } })).status).toBe(421);
    }
    expect(upstream.requests).toHaveLength(0);
    for (const host of [
      'localhost:4173',
      '127.0.0.1:4173',
      '[::1]:4173',
      '10.1.2.3',
      'EARSHOT.noc.example:4173',
      'wall-3.lan.example',
    ]) {
      expect((await rawRequest(url, '/api/v7/tests', { headers: { Host: host } })).status).toBe(
        200,
      );
    }
  });

  it('keeps the redirect after a correct key on its own origin', async () => {
    const key = 'wall-key-0123456789-7';
    const { url } = await start({ EARSHOT_ACCESS_KEY: key });
    for (const path of [`/.//evil.example/?key=${key}`, `/./\\evil.example/?key=${key}`]) {
      const answer = await rawRequest(url, path);
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe('/evil.example/');
    }
  });

  it('logs wrong keys without the key, and makes an address that keeps guessing wait', async () => {
    const { url, logs } = await start({ EARSHOT_ACCESS_KEY: 'wall-key-0123456789-7' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      statuses.push((await rawRequest(url, `/?key=guess-number-${attempt}`)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const waiting = await rawRequest(url, '/?key=wall-key-0123456789-7');
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(waiting.body).detail).toMatch(/wrong access keys; try again in \d+ s/);
    expect(logs.filter((line) => line.includes('wrong access key from'))).toHaveLength(5);
    expect(logs.join('\n')).not.toMatch(/guess-number/);
  });

  it('marks the cookie Secure behind a TLS proxy only when told to trust it', async () => {
    const key = 'wall-key-0123456789-7';
    for (const [trust, secure] of [
      ['', false],
      ['1', true],
    ] as const) {
      const { url } = await start({ EARSHOT_ACCESS_KEY: key, EARSHOT_TRUST_PROXY: trust });
      const answer = await rawRequest(url, `/wall?key=${key}`, {
        headers: { 'X-Forwarded-Proto': 'https' },
      });
      expect(answer.status).toBe(303);
      expect(/; Secure/.test(answer.headers['set-cookie']?.[0] ?? '')).toBe(secure);
    }
  });

  it('announces the build id of the files dist/ holds now, not the one it started with', async () => {
    const { url } = await start({});
    const buildIdOf = async (path: string) =>
      (JSON.parse((await rawRequest(url, path)).body) as { buildId: string }).buildId;
    expect(await buildIdOf('/api/earshot/config')).toBe('build-42');
    const file = join(rootDir, 'dist', BUILD_INFO_FILE);
    try {
      writeFileSync(file, JSON.stringify({ buildId: 'build-43-rebuilt' }));
      expect(await buildIdOf('/api/earshot/config')).toBe('build-43-rebuilt');
      expect(await buildIdOf('/healthz')).toBe('build-43-rebuilt');
    } finally {
      writeFileSync(file, JSON.stringify({ buildId: 'build-42' }));
    }
  });
});
