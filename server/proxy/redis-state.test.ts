// The Redis-backed shared state against a real redis-server on loopback (started here): the
// budget reserved atomically by several servers, the 401 hold-back, calls in flight and caches
// shared between two proxies, keys free of credentials, and the fall-back when Redis goes away.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeRoundColumns } from '../../common/result-rows/round-columns.ts';
import {
  RoundColumnsBytes,
  ROUND_COLUMNS_MEDIA_TYPE,
} from '../../common/result-rows/round-columns-bytes.ts';
import type { Problem } from './problem.ts';
import { connectRedis, type RedisLink } from './redis-link.ts';
import { createRedisState, redisNamespace } from './redis-state.ts';
import type { CachedAnswer } from './response-cache.ts';
import type { SharedState } from './shared-state.ts';
import { json, rawRequest, startFakeUpstream, type FakeUpstream } from './testing/fake-upstream.ts';
import { serveProxy } from './testing/proxy-server.ts';
import { startRedisServer, type RedisServer } from './testing/redis-server.ts';

const TOKEN = 'tok-SECRET-redis-1234567890';
const START_MS = 1_768_500_000_000;

let redis: RedisServer;
let inspector: Redis;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  inspector = new Redis(redis.url);
}, 20_000);

afterAll(async () => {
  inspector?.disconnect();
  await redis?.stop();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await inspector.flushall();
});

/** Waits for a condition the test cannot await directly (a reconnection), at most 10 s. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 1000; tries += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function connect(url: string, logs: string[] = []): Promise<RedisLink> {
  const link = connectRedis(url, { log: (line) => logs.push(line) });
  cleanups.push(() => link.close());
  await until(() => link.status() === 'connected', 'Redis to connect');
  return link;
}

function clock(startMs = START_MS) {
  let now = startMs;
  return { nowMs: () => now, advance: (ms: number) => (now += ms) };
}

async function serverState(
  options: { nowMs: () => number; coalesceWaitMs?: number; url?: string; logs?: string[] },
  upstreamBase = 'http://upstream.test',
): Promise<SharedState> {
  const link = await connect(options.url ?? redis.url, options.logs);
  return createRedisState({
    link,
    namespace: redisNamespace({ kind: 'bearer', token: TOKEN }, upstreamBase),
    coalesceWaitMs: options.coalesceWaitMs ?? 5000,
    nowMs: options.nowMs,
    log: (line) => options.logs?.push(line),
  });
}

const REFUSAL: Problem = { status: 401, title: 'Unauthorized', detail: 'The token was refused.' };

/**
 * Asks one server for `GET /v7/tests`, with an upstream call that would answer `body`: whether it
 * called, whether it joined another server's answer, and the body it got.
 */
async function askForTests(state: SharedState, body: string) {
  let calls = 0;
  const result = await state.answers?.once(
    'GET /v7/tests',
    () => {
      calls += 1;
      return Promise.resolve({ status: 200, headers: {}, body: Buffer.from(body) });
    },
    15_000,
  );
  return { calls, joined: result?.joined, body: result?.answer.body.toString() };
}

describe('the budget in Redis', () => {
  it('grants exactly what is left to 100 reservations racing from two servers', async () => {
    const time = clock();
    const [a, b] = [await serverState(time), await serverState(time)];
    expect(await a.budget.reserve()).toEqual({ granted: true });
    await a.budget.settle(
      {
        'x-organization-rate-limit-limit': '240',
        'x-organization-rate-limit-remaining': '10',
        'x-organization-rate-limit-reset': `${START_MS / 1000 + 30}`,
      },
      200,
    );

    const reservations = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).budget.reserve()),
    );

    expect(reservations.filter((r) => r.granted)).toHaveLength(10);
    expect(reservations.filter((r) => !r.granted)[0]).toEqual({
      granted: false,
      retryAfterSeconds: 30,
    });
    expect(await b.budget.snapshot()).toEqual({
      limit: 240,
      remaining: 0,
      resetAt: START_MS / 1000 + 30,
    });
    expect(await a.budget.secondsUntilAllowed()).toBe(30);
  });

  it("takes Remaining from any server's last answer, less the calls still in flight anywhere", async () => {
    const time = clock();
    const [a, b] = [await serverState(time), await serverState(time)];
    await a.budget.reserve();
    await b.budget.reserve();
    await b.budget.settle({ 'x-organization-rate-limit-remaining': '50' }, 200);
    expect((await a.budget.snapshot()).remaining).toBe(49); // a's call has not been counted yet
  });

  it('starts a rolled-over window full when the limit is known', async () => {
    const time = clock();
    const a = await serverState(time);
    await a.budget.reserve();
    await a.budget.settle(
      {
        'x-organization-rate-limit-limit': '240',
        'x-organization-rate-limit-remaining': '0',
        'x-organization-rate-limit-reset': `${START_MS / 1000 + 5}`,
      },
      200,
    );
    expect(await a.budget.reserve()).toEqual({ granted: false, retryAfterSeconds: 5 });
    time.advance(6000);
    expect(await a.budget.reserve()).toEqual({ granted: true });
    expect((await a.budget.snapshot()).remaining).toBe(239);
  });
});

describe('the 401 hold-back in Redis', () => {
  it('holds a refused credential back on every server, then lets one of them try', async () => {
    const time = clock();
    const [a, b] = [await serverState(time), await serverState(time)];
    await a.holdBack.rejected('cred', REFUSAL);
    expect(await b.holdBack.check('cred')).toEqual({ refusal: REFUSAL, retryAfterSeconds: 60 });
    time.advance(61_000);
    expect(await b.holdBack.check('cred')).toBeUndefined(); // b asks upstream…
    expect(await a.holdBack.check('cred')).toEqual({ refusal: REFUSAL, retryAfterSeconds: 60 });
    await b.holdBack.accepted('cred'); // …and it worked
    expect(await a.holdBack.check('cred')).toBeUndefined();
  });
});

describe('calls in flight in Redis', () => {
  it('lets a server whose holder went quiet call upstream itself after the wait', async () => {
    const time = clock();
    const [a, b] = [
      await serverState({ ...time, coalesceWaitMs: 300 }),
      await serverState({ ...time, coalesceWaitMs: 300 }),
    ];
    // a takes the call and never answers: as if its process had died mid-call.
    void a.answers?.once('GET /v7/tests', () => new Promise<CachedAnswer>(() => {}), 15_000);
    await until(async () => (await inspector.keys('*:calling:*')).length === 1, 'the lock');
    expect(await askForTests(b, '{"mine":1}')).toEqual({
      calls: 1,
      joined: false,
      body: '{"mine":1}',
    });
  });
});

describe('calls in flight in Redis: a lock taken after the answer', () => {
  it('uses the answer another server kept between its own look and its lock, without a call', async () => {
    const time = clock();
    const [a, b] = [await serverState(time), await serverState(time)];
    const answer: CachedAnswer = { status: 200, headers: {}, body: Buffer.from('{"first":1}') };
    // b looked for a kept page and found none; before it takes the lock, a calls, keeps its
    // answer and lets go. b's lock is then free, but the answer is already there.
    await a.answers?.once('GET /v7/tests', () => Promise.resolve(answer), 15_000);
    expect(await askForTests(b, '{"second":1}')).toEqual({
      calls: 0,
      joined: true,
      body: '{"first":1}',
    });
    expect(await inspector.keys('*:calling:*')).toEqual([]);
  });
});

describe('calls in flight in Redis: a holder that let go without announcing', () => {
  it('gives a server waiting on it the answer another server kept, without a call', async () => {
    const time = clock();
    const [a, c] = [
      await serverState({ ...time, coalesceWaitMs: 3000 }),
      await serverState({ ...time, coalesceWaitMs: 3000 }),
    ];
    const answer: CachedAnswer = { status: 200, headers: {}, body: Buffer.from('{"first":1}') };
    await a.answers?.once('GET /v7/tests', () => Promise.resolve(answer), 15_000);
    // b took the lock after a had kept its answer, so it found the kept page, used it and let go
    // without announcing anything (double-checked locking). c read b's token as the holder
    // just before: it waits for b, who will never announce.
    const [pageKey] = await inspector.keys('*:page:*');
    await inspector.set(pageKey?.replace(':page:', ':calling:') ?? '', 'b-token', 'PX', 60_000);
    expect(await askForTests(c, '{"second":1}')).toEqual({
      calls: 0,
      joined: true,
      body: '{"first":1}',
    });
  });
});

async function startProxy(
  upstream: FakeUpstream,
  state: SharedState,
  nowMs: () => number,
  logs: string[] = [],
): Promise<string> {
  const served = await serveProxy({
    apiVersion: 'v7',
    upstreamBase: upstream.url,
    credentials: { kind: 'bearer', token: TOKEN },
    sharedState: state,
    readAhead: false,
    nowMs,
    log: (line) => logs.push(line),
  });
  cleanups.push(served.close);
  return served.url;
}

async function twoServers(upstream: FakeUpstream) {
  const time = clock();
  const a = await startProxy(upstream, await serverState(time, upstream.url), time.nowMs);
  const b = await startProxy(upstream, await serverState(time, upstream.url), time.nowMs);
  return { a, b, time };
}

async function fakeUpstream(handler: Parameters<typeof startFakeUpstream>[0]) {
  const upstream = await startFakeUpstream(handler);
  cleanups.push(() => upstream.close());
  return upstream;
}

const CLOSED_RANGE =
  '/api/v7/test-results/7/rtp-server?aid=1&startDate=2026-01-15T06:00:00Z&endDate=2026-01-15T07:00:00Z';

describe('two proxies sharing Redis', () => {
  it('make one upstream call between them for the same request in flight', async () => {
    let answerUpstream = () => {};
    const upstreamAnswered = new Promise<void>((resolve) => (answerUpstream = resolve));
    const upstream = await fakeUpstream((_req, res) => {
      void upstreamAnswered.then(() => json(res, 200, { tests: [{ testId: 7 }] }));
    });
    const { a, b } = await twoServers(upstream);
    const watcher = await inspector.duplicate().monitor();
    cleanups.push(() => void watcher.disconnect());
    let bIsWaiting = false;
    watcher.on('monitor', (_time: string, args: string[]) => {
      // Only a server that found the call taken asks who holds it.
      if (args[0]?.toLowerCase() === 'get' && args[1]?.includes(':calling:')) bIsWaiting = true;
    });

    const fromA = rawRequest(a, '/api/v7/tests?aid=1');
    await until(() => upstream.requests.length === 1, 'a to call upstream');
    const fromB = rawRequest(b, '/api/v7/tests?aid=1');
    await until(() => bIsWaiting, 'b to wait for the call in flight');
    answerUpstream();

    const [answerA, answerB] = await Promise.all([fromA, fromB]);
    expect(upstream.requests).toHaveLength(1);
    expect([answerA.status, answerB.status]).toEqual([200, 200]);
    expect(answerB.body).toBe(answerA.body);
    expect(answerA.headers['x-earshot-cache']).toBe('miss');
    expect(answerB.headers['x-earshot-cache']).toBe('shared-coalesced');
  });

  it("share a closed interval kept as columns alone, and upstream's shape once a client asked for it", async () => {
    const upstream = await fakeUpstream((_req, res) => {
      json(res, 200, { test: { interval: 60 }, results: [{ roundId: 1 }], _links: {} });
    });
    const { a, b } = await twoServers(upstream);
    const asColumns = { headers: { Accept: ROUND_COLUMNS_MEDIA_TYPE } };
    expect((await rawRequest(a, CLOSED_RANGE, asColumns)).headers['x-earshot-cache']).toBe(
      'interval-miss',
    );
    const shared = await rawRequest(b, CLOSED_RANGE, asColumns);
    expect(shared.headers['x-earshot-cache']).toBe('interval-hit');
    expect(shared.headers['content-type']).toBe(ROUND_COLUMNS_MEDIA_TYPE);
    expect(upstream.requests).toHaveLength(1);
    // Nobody kept upstream's shape: its first reader costs a walk, then every server shares both.
    expect((await rawRequest(b, CLOSED_RANGE)).headers['x-earshot-cache']).toBe('interval-miss');
    expect(upstream.requests).toHaveLength(2);
    const fromA = await rawRequest(a, CLOSED_RANGE);
    expect(fromA.headers['x-earshot-cache']).toBe('interval-hit');
    expect(JSON.parse(fromA.body)).toMatchObject({ results: [{ roundId: 1 }] });
    expect((await rawRequest(a, CLOSED_RANGE, asColumns)).headers['x-earshot-cache']).toBe(
      'interval-hit',
    );
    expect(upstream.requests).toHaveLength(2);
  });

  it('share recent answers and closed intervals, and never write the token into Redis', async () => {
    const upstream = await fakeUpstream((req, res) => {
      if (req.url?.includes('rtp-server')) {
        json(res, 200, { test: { interval: 60 }, results: [{ roundId: 1 }], _links: {} });
      } else json(res, 200, { tests: [] }, { 'X-Organization-Rate-Limit-Remaining': '200' });
    });
    const { a, b } = await twoServers(upstream);

    expect((await rawRequest(a, '/api/v7/tests?aid=1')).headers['x-earshot-cache']).toBe('miss');
    const shared = await rawRequest(b, '/api/v7/tests?aid=1');
    expect(shared.headers['x-earshot-cache']).toBe('shared-hit');
    expect(shared.body).toBe('{"tests":[]}');
    expect((await rawRequest(a, CLOSED_RANGE)).headers['x-earshot-cache']).toBe('interval-miss');
    const interval = await rawRequest(b, CLOSED_RANGE);
    expect(interval.headers['x-earshot-cache']).toBe('interval-hit');
    expect(JSON.parse(interval.body)).toMatchObject({ results: [{ roundId: 1 }] });
    // Its round columns travel with it: the row without an agent, counted, as server a read it.
    const columns = await rawRequest(b, CLOSED_RANGE, {
      headers: { Accept: ROUND_COLUMNS_MEDIA_TYPE },
    });
    expect(columns.headers['content-type']).toBe(ROUND_COLUMNS_MEDIA_TYPE);
    expect(decodeRoundColumns(new RoundColumnsBytes(columns.bytes), CLOSED_RANGE)).toMatchObject({
      rows: [],
      skippedRows: { withoutAgent: 1, withoutRound: 0 },
    });
    expect(upstream.requests).toHaveLength(2);

    const keys = await inspector.keys('*');
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) {
      expect(key).toMatch(/^earshot:[0-9a-f]{24}:/);
      expect(key).not.toContain(TOKEN);
      const type = await inspector.type(key);
      const value =
        type === 'hash'
          ? JSON.stringify(await inspector.hgetall(key))
          : (await inspector.getBuffer(key))?.toString('latin1');
      expect(value).not.toContain(TOKEN);
    }
  });

  it('keep serving from their own state while Redis is down, say so, and re-join', async () => {
    const ownRedis = await startRedisServer();
    cleanups.push(() => ownRedis.stop());
    const upstream = await fakeUpstream((_req, res) =>
      json(res, 200, { tests: [] }, { 'X-Organization-Rate-Limit-Remaining': '200' }),
    );
    const time = clock();
    const logs: string[] = [];
    const state = await serverState({ ...time, url: ownRedis.url, logs }, upstream.url);
    const proxy = await startProxy(upstream, state, time.nowMs, logs);

    await ownRedis.kill();
    await until(() => logs.some((line) => line.includes('unavailable')), 'the outage to be seen');
    const during = await rawRequest(proxy, '/api/v7/tests?aid=1');
    expect(during.status).toBe(200);
    expect(await state.budget.reserve()).toEqual({ granted: true }); // this server's own budget

    await ownRedis.restart();
    await until(
      () => logs.filter((line) => line.includes('connected to')).length === 2,
      'the re-join',
    );
    time.advance(60_000); // past the cache
    expect((await rawRequest(proxy, '/api/v7/tests?aid=1')).status).toBe(200);
    const rejoined = new Redis(ownRedis.url);
    cleanups.push(() => rejoined.disconnect());
    expect((await rejoined.keys('earshot:*:page:*')).length).toBe(1); // shared again
  });
});
