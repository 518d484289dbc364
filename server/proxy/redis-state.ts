// The shared state of several Earshot servers in front of one organisation, kept in Redis
// (EARSHOT_REDIS_URL): the rate-limit budget (reserved atomically by a Lua script), the 401
// hold-back, the upstream calls in flight (a lock per key; the others wait for its answer) and the
// caches of recent pages and closed intervals (compressed, bounded by TTLs and Redis's memory
// policy). Keys are `earshot:<hash of upstream + credentials>:…`, never a credential.
// Redis unreachable: every operation falls back at once to this server's own in-process state,
// says so in the log and in /healthz, and Redis is used again as soon as it answers.
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Redis } from 'ioredis';
import type { Credentials } from '../config.ts';
import { gzipPlainBytes, type StoredInterval } from './closed-interval-cache.ts';
import type { Problem } from './problem.ts';
import { RateLimitBudget, type RateLimitState, type Reservation } from './rate-limit.ts';
import type { CachedAnswer } from './response-cache.ts';
import {
  createInProcessState,
  type BudgetStore,
  type CredentialHoldBack,
  type InProcessStateOptions,
  type SharedAnswers,
  type SharedState,
} from './shared-state.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export type RedisStatus = 'connected' | 'unavailable';

/** Every key and channel Earshot writes starts with this. */
export const KEY_PREFIX = 'earshot:';
/** A Redis command that takes longer than this fails over to the in-process state. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
/** Between two reconnection attempts, at most. */
const MAX_RECONNECT_DELAY_MS = 2000;
/** How long a closed interval is kept (the memory policy may evict it sooner). */
const INTERVAL_TTL_MS = 24 * 3600_000;
/** The budget and hold-back keys outlive any Reset by far, and still go away when unused. */
const STATE_TTL_MS = 2 * 3600_000;
/** How long the answer of a call in flight is kept for the servers that waited for it. */
const DONE_TTL_MS = 10_000;
/** A server waiting for another's call also looks for its answer this often. */
const WAIT_POLL_MS = 250;

/** The connection to Redis one Earshot server keeps: commands, and a subscriber for answers. */
export interface RedisLink {
  readonly client: Redis;
  status(): RedisStatus;
  /** `listener` runs when Redis becomes unreachable (waiters then stop waiting). */
  onUnavailable(listener: () => void): () => void;
  /** Hears `channel`; (re)subscribed whenever the subscriber connects. */
  listen(channel: string, onMessage: (message: string) => void): void;
  /** A command failed: logged once until Redis is connected again. */
  failed(error: unknown): void;
  close(): void;
}

export interface RedisLinkOptions {
  log: (line: string) => void;
  commandTimeoutMs?: number;
}

export function connectRedis(url: string, options: RedisLinkOptions): RedisLink {
  const { log } = options;
  const shown = redisUrlForLog(url);
  const connection = {
    // No queue while disconnected, no retry of a command: a request never waits for Redis.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    autoResubscribe: false,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
  };
  const client = new Redis(url, connection);
  const subscriber = new Redis(url, connection);
  const channels = new Map<string, (message: string) => void>();
  const downListeners = new Set<() => void>();
  let current: RedisStatus = 'unavailable';
  /** Every channel heard: before that, an answer announced could be missed. */
  let subscribed = false;
  let failureLogged = false;
  let closed = false;

  function update(reason?: string): void {
    const next: RedisStatus =
      client.status === 'ready' && subscriber.status === 'ready' && subscribed
        ? 'connected'
        : 'unavailable';
    if (next === current || closed) return;
    current = next;
    if (next === 'connected') {
      failureLogged = false;
      log(
        `earshot redis: connected to ${shown}; budget, hold-back, calls in flight and caches are shared`,
      );
    } else {
      log(
        `earshot redis: unavailable (${reason ?? 'connection lost'}); serving from this server's own state until ${shown} answers again`,
      );
      for (const listener of [...downListeners]) listener();
    }
  }

  for (const connectionOf of [client, subscriber]) {
    connectionOf.on('ready', () => update());
    connectionOf.on('close', () => {
      if (connectionOf === subscriber) subscribed = false;
      update();
    });
    connectionOf.on('end', () => update());
    // Without a listener an error event would end the process; the status says what matters.
    connectionOf.on('error', (error: Error) => update(describeError(error)));
  }
  subscriber.on('ready', () => {
    const heard = channels.size > 0 ? subscriber.subscribe(...channels.keys()) : Promise.resolve();
    heard.then(
      () => {
        subscribed = true;
        update();
      },
      (error: unknown) => failed(error),
    );
  });
  subscriber.on('message', (channel: string, message: string) => {
    channels.get(channel)?.(message);
  });

  function failed(error: unknown): void {
    if (failureLogged || closed) return;
    failureLogged = true;
    log(
      `earshot redis: a command failed (${describeError(error)}); this request used this server's own state`,
    );
  }

  return {
    client,
    status: () => current,
    onUnavailable(listener) {
      downListeners.add(listener);
      return () => downListeners.delete(listener);
    },
    listen(channel, onMessage) {
      channels.set(channel, onMessage);
      if (subscriber.status === 'ready') {
        subscriber.subscribe(channel).catch((error: unknown) => failed(error));
      }
    },
    failed,
    close() {
      closed = true;
      client.disconnect();
      subscriber.disconnect();
    },
  };
}

/** The URL without its password, for the log. */
export function redisUrlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
  } catch {
    return 'redis';
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : 'unknown error';
  // ioredis messages may carry the address; never anything secret, but keep the line short.
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 160);
}

/**
 * The namespace of one organisation's shared state: a digest of the upstream origin and the
 * credentials (never the credentials). Servers with the same token in front of the same API
 * share everything; anything else shares nothing.
 */
export function redisNamespace(credentials: Credentials, upstreamBase: string): string {
  const digest = createHash('sha256')
    .update(`${upstreamBase}\n${JSON.stringify(credentials)}`)
    .digest('hex')
    .slice(0, 24);
  return `${KEY_PREFIX}${digest}`;
}

export interface RedisStateOptions extends InProcessStateOptions {
  link: RedisLink;
  /** From `redisNamespace`. */
  namespace: string;
  /** How long a server waits for another's call in flight before calling itself. */
  coalesceWaitMs: number;
  log: (line: string) => void;
}

export function createRedisState(options: RedisStateOptions): SharedState {
  const { link, namespace } = options;
  const nowMs = options.nowMs ?? Date.now;
  // This server's own state: used whenever Redis does not answer, and kept warm meanwhile.
  const local = createInProcessState(options);
  const localBudget = new RateLimitBudget(nowMs);

  async function shared<T>(viaRedis: () => Promise<T>, inProcess: () => T | Promise<T>) {
    if (link.status() !== 'connected') return inProcess();
    try {
      return await viaRedis();
    } catch (error) {
      link.failed(error);
      return inProcess();
    }
  }

  return {
    budget: redisBudget(link, `${namespace}:budget`, nowMs, localBudget, shared),
    holdBack: redisHoldBack(link, namespace, nowMs, options.holdBackMs, local.holdBack, shared),
    slots: local.slots, // a bound on this server's own sockets: never shared
    answers: redisAnswers(options, nowMs),
  };
}

type Shared = <T>(viaRedis: () => Promise<T>, inProcess: () => T | Promise<T>) => Promise<T>;

/**
 * One script for every budget operation, so that each is atomic across servers. A window whose
 * Reset has passed starts full again when its Limit is known (ThousandEyes's window is fixed), so
 * several servers cannot each spend a fresh minute before the first answer says what is left.
 * KEYS[1] the budget hash; ARGV: op, nowMs, limit, remaining, resetAt ('' when the answer had
 * none), key TTL ms. Returns granted, wait seconds, limit, remaining, resetAt (-1 = unknown).
 */
const BUDGET_SCRIPT = `
local op = ARGV[1]
local now = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'resetAt', 'outstanding')
local limit = tonumber(state[1])
local remaining = tonumber(state[2])
local resetAt = tonumber(state[3])
local outstanding = tonumber(state[4]) or 0
if resetAt ~= nil and resetAt * 1000 <= now then
  remaining = limit
  resetAt = nil
  outstanding = 0
end
local granted = 1
local wait = 0
if op == 'reserve' then
  if remaining ~= nil and remaining <= 0 then
    if resetAt == nil then resetAt = math.ceil(now / 1000) + 60 end
    granted = 0
    wait = math.max(1, math.ceil(resetAt - now / 1000))
  else
    if remaining ~= nil then remaining = remaining - 1 end
    outstanding = outstanding + 1
  end
elseif op == 'settle' then
  outstanding = math.max(0, outstanding - 1)
  if ARGV[3] ~= '' then limit = tonumber(ARGV[3]) end
  if ARGV[4] ~= '' then remaining = math.max(0, tonumber(ARGV[4]) - outstanding) end
  if ARGV[5] ~= '' then resetAt = tonumber(ARGV[5]) end
elseif op == 'release' then
  outstanding = math.max(0, outstanding - 1)
end
redis.call('DEL', KEYS[1])
local fields = {'outstanding', outstanding}
if limit ~= nil then table.insert(fields, 'limit'); table.insert(fields, limit) end
if remaining ~= nil then table.insert(fields, 'remaining'); table.insert(fields, remaining) end
if resetAt ~= nil then table.insert(fields, 'resetAt'); table.insert(fields, resetAt) end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return {granted, wait, limit or -1, remaining or -1, resetAt or -1}
`;

type BudgetReply = [number, number, number, number, number];

function redisBudget(
  link: RedisLink,
  key: string,
  nowMs: () => number,
  local: RateLimitBudget,
  shared: Shared,
): BudgetStore {
  async function run(op: string, answer: RateLimitState = emptyState()) {
    const reply = (await link.client.eval(
      BUDGET_SCRIPT,
      1,
      key,
      op,
      `${Math.floor(nowMs())}`,
      `${answer.limit ?? ''}`,
      `${answer.remaining ?? ''}`,
      `${answer.resetAt ?? ''}`,
      `${STATE_TTL_MS}`,
    )) as BudgetReply;
    const known = (value: number) => (value < 0 ? undefined : value);
    const state: RateLimitState = {
      limit: known(reply[2]),
      remaining: known(reply[3]),
      resetAt: known(reply[4]),
    };
    return { granted: reply[0] === 1, waitSeconds: reply[1], state };
  }

  function secondsUntilAllowed(state: RateLimitState): number {
    const { remaining, resetAt } = state;
    if (remaining === undefined || remaining > 0 || resetAt === undefined) return 0;
    return Math.max(1, Math.ceil((resetAt * 1000 - nowMs()) / 1000));
  }

  return {
    reserve: () =>
      shared<Reservation>(
        async () => {
          const { granted, waitSeconds } = await run('reserve');
          return granted ? { granted: true } : { granted: false, retryAfterSeconds: waitSeconds };
        },
        () => local.reserve(),
      ),
    async settle(headers, status) {
      // Upstream's headers read as the in-process budget reads them (clamped, untrusted).
      const seen = new RateLimitBudget(nowMs);
      seen.observe(headers, status);
      local.settle(headers, status); // kept warm for when Redis goes away
      await shared(
        async () => void (await run('settle', seen.snapshot())),
        () => undefined,
      );
    },
    release: () =>
      shared(
        async () => void (await run('release')),
        () => local.release(),
      ),
    secondsUntilAllowed: () =>
      shared(
        async () => secondsUntilAllowed((await run('peek')).state),
        () => local.secondsUntilAllowed(),
      ),
    retryAfterSeconds: () =>
      shared(
        async () => {
          const { resetAt } = (await run('peek')).state;
          return resetAt === undefined ? 60 : Math.max(1, Math.ceil(resetAt - nowMs() / 1000));
        },
        () => local.retryAfterSeconds(),
      ),
    snapshot: () =>
      shared(
        async () => (await run('peek')).state,
        () => local.snapshot(),
      ),
  };
}

function emptyState(): RateLimitState {
  return { limit: undefined, remaining: undefined, resetAt: undefined };
}

/** Held back while `untilMs` is ahead; past it, the one caller who finds it so tries upstream. */
const HOLD_BACK_CHECK_SCRIPT = `
local held = redis.call('HMGET', KEYS[1], 'refusal', 'untilMs')
if not held[1] then return false end
local now = tonumber(ARGV[1])
local untilMs = tonumber(held[2]) or 0
if untilMs > now then return {held[1], math.max(1, math.ceil((untilMs - now) / 1000))} end
redis.call('HSET', KEYS[1], 'untilMs', ARGV[2])
return false
`;

function redisHoldBack(
  link: RedisLink,
  namespace: string,
  nowMs: () => number,
  holdBackMs: number | undefined,
  local: CredentialHoldBack,
  shared: Shared,
): CredentialHoldBack {
  const holdMs = holdBackMs ?? 60_000;
  const keyOf = (credentialId: string) => `${namespace}:held-back:${credentialId}`;
  return {
    check: (credentialId) =>
      shared(
        async () => {
          const now = Math.floor(nowMs());
          const reply = (await link.client.eval(
            HOLD_BACK_CHECK_SCRIPT,
            1,
            keyOf(credentialId),
            `${now}`,
            `${now + holdMs}`,
          )) as [string, number] | null;
          if (!reply) return undefined;
          const refusal = readRefusal(reply[0]);
          return refusal ? { refusal, retryAfterSeconds: reply[1] } : undefined;
        },
        () => local.check(credentialId),
      ),
    async rejected(credentialId, refusal) {
      await local.rejected(credentialId, refusal);
      await shared(
        async () => {
          const key = keyOf(credentialId);
          await link.client
            .multi()
            .hset(key, 'refusal', JSON.stringify(refusal), 'untilMs', `${nowMs() + holdMs}`)
            .pexpire(key, holdMs + STATE_TTL_MS)
            .exec();
        },
        () => undefined,
      );
    },
    async accepted(credentialId) {
      await local.accepted(credentialId);
      await shared(
        async () => void (await link.client.del(keyOf(credentialId))),
        () => undefined,
      );
    },
  };
}

function readRefusal(text: string): Problem | undefined {
  try {
    const value = JSON.parse(text) as Partial<Problem>;
    if (
      typeof value.status === 'number' &&
      typeof value.title === 'string' &&
      typeof value.detail === 'string'
    ) {
      return { status: value.status, title: value.title, detail: value.detail };
    }
  } catch {
    // not ours: as if nothing were held
  }
  return undefined;
}

/** Deletes the lock only while it is still this caller's. */
const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

function redisAnswers(options: RedisStateOptions, nowMs: () => number): SharedAnswers {
  const { link, namespace, coalesceWaitMs } = options;
  const channel = `${namespace}:answered`;
  const waiting = new Map<string, Set<() => void>>();
  link.listen(channel, (message) => {
    for (const wake of waiting.get(message) ?? []) wake();
  });
  const digest = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);
  const pageKey = (id: string) => `${namespace}:page:${id}`;
  const doneKey = (id: string, token: string) => `${namespace}:answered:${id}:${token}`;

  async function readAnswer(key: string): Promise<DecodedAnswer | undefined> {
    const stored = await link.client.getBuffer(key);
    return stored ? decodeAnswer(stored) : undefined;
  }

  async function keptPage(id: string) {
    const kept = await readAnswer(pageKey(id));
    const ttlMs = kept ? kept.expiresAtMs - nowMs() : 0;
    return kept && ttlMs > 0 ? { answer: kept.answer, ttlMs } : undefined;
  }

  async function page(key: string) {
    if (link.status() !== 'connected') return undefined;
    try {
      return await keptPage(digest(key));
    } catch (error) {
      link.failed(error);
      return undefined;
    }
  }

  /** Calls upstream holding the lock, then keeps and announces the answer before letting go. */
  async function lead(
    id: string,
    lockKey: string,
    token: string,
    call: () => Promise<CachedAnswer>,
    pageTtlMs: number,
  ) {
    const answer = await call();
    try {
      const encoded = await encodeAnswer(answer, nowMs() + pageTtlMs);
      const batch = link.client.multi();
      if (answer.status === 200 && pageTtlMs > 0) {
        batch.set(pageKey(id), encoded, 'PX', pageTtlMs);
      }
      batch.set(doneKey(id, token), encoded, 'PX', DONE_TTL_MS);
      batch.publish(channel, `${id}:${token}`);
      batch.eval(RELEASE_LOCK_SCRIPT, 1, lockKey, token);
      await batch.exec();
    } catch (error) {
      link.failed(error); // the others stop waiting at their timeout and call themselves
    }
    return answer;
  }

  /** Lets go of a lock without an answer to announce (a failure only lets it expire). */
  async function release(lockKey: string, token: string): Promise<void> {
    try {
      await link.client.eval(RELEASE_LOCK_SCRIPT, 1, lockKey, token);
    } catch (error) {
      link.failed(error);
    }
  }

  /** The answer of the call `token` holds, once announced; undefined if it never comes. */
  function waitFor(id: string, token: string): Promise<CachedAnswer | undefined> {
    const message = `${id}:${token}`;
    return new Promise((resolve) => {
      let finished = false;
      const finish = (answer: CachedAnswer | undefined) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearInterval(poll);
        stopListening();
        const wakers = waiting.get(message);
        wakers?.delete(check);
        if (wakers?.size === 0) waiting.delete(message);
        resolve(answer);
      };
      const check = () => {
        // The holder's announced answer, else a kept page: a holder that found the page kept by
        // another server lets go without announcing (double-checked locking in once()).
        // A failed look is no answer: the next look, the timeout or the outage decides.
        readAnswer(doneKey(id, token))
          .then(async (announced) => announced?.answer ?? (await keptPage(id))?.answer)
          .then(
            (answer) => answer && finish(answer),
            () => undefined,
          );
      };
      const timer = setTimeout(() => finish(undefined), coalesceWaitMs);
      // Pub/sub delivers at most once: a slow look now and then covers a message lost.
      const poll = setInterval(check, WAIT_POLL_MS);
      const stopListening = link.onUnavailable(() => finish(undefined));
      const wakers = waiting.get(message) ?? new Set();
      wakers.add(check);
      waiting.set(message, wakers);
      check(); // it may have answered before we listened
    });
  }

  return {
    page,
    async interval(key) {
      if (link.status() !== 'connected') return undefined;
      try {
        const stored = await link.client.getBuffer(`${namespace}:interval:${digest(key)}`);
        return stored ? decodeInterval(stored) : undefined;
      } catch (error) {
        link.failed(error);
        return undefined;
      }
    },
    async keepInterval(key, entry) {
      if (link.status() !== 'connected') return;
      try {
        const framed = frame({ status: entry.status, headers: entry.headers }, [
          entry.brotli,
          entry.gzip,
        ]);
        await link.client.set(
          `${namespace}:interval:${digest(key)}`,
          framed,
          'PX',
          INTERVAL_TTL_MS,
        );
      } catch (error) {
        link.failed(error);
      }
    },
    async once(key, call, pageTtlMs) {
      if (link.status() !== 'connected') return { answer: await call(), joined: false };
      const id = digest(key);
      const lockKey = `${namespace}:calling:${id}`;
      const token = randomBytes(9).toString('base64url');
      let holder: string | null;
      try {
        // The lock outlives the longest upstream call; a holder that dies lets go at its expiry.
        const claimed = await link.client.set(lockKey, token, 'PX', coalesceWaitMs, 'NX');
        holder = claimed === 'OK' ? token : await link.client.get(lockKey);
      } catch (error) {
        link.failed(error);
        return { answer: await call(), joined: false };
      }
      if (holder === token) {
        // Another server may have answered, kept its page and let go between the caller's look
        // for a kept page and this lock: look again before calling (double-checked locking).
        const keptMeanwhile = await page(key);
        if (keptMeanwhile) {
          await release(lockKey, token);
          return { answer: keptMeanwhile.answer, joined: true };
        }
        return { answer: await lead(id, lockKey, token, call, pageTtlMs), joined: false };
      }
      if (holder !== null) {
        const waited = await waitFor(id, holder);
        if (waited) return { answer: waited, joined: true };
        options.log(
          'earshot redis: another server did not answer a call in flight in time; calling here',
        );
      } else {
        // The holder let go between our two commands: its answer is kept by now.
        const kept = await page(key);
        if (kept) return { answer: kept.answer, joined: true };
      }
      return { answer: await call(), joined: false };
    },
  };
}

interface DecodedAnswer {
  answer: CachedAnswer;
  expiresAtMs: number;
}

/** `u32 length | JSON meta | parts…`: one value, binary parts stored as they are. */
function frame(meta: Record<string, unknown>, parts: Buffer[]): Buffer {
  const metaBytes = Buffer.from(JSON.stringify({ ...meta, parts: parts.map((p) => p.length) }));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(metaBytes.length);
  return Buffer.concat([head, metaBytes, ...parts]);
}

function unframe(stored: Buffer): { meta: Record<string, unknown>; parts: Buffer[] } | undefined {
  if (stored.length < 4) return undefined;
  const metaLength = stored.readUInt32BE(0);
  if (4 + metaLength > stored.length) return undefined;
  let meta: unknown;
  try {
    meta = JSON.parse(stored.subarray(4, 4 + metaLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof meta !== 'object' || meta === null) return undefined;
  const lengths = (meta as { parts?: unknown }).parts;
  if (!Array.isArray(lengths) || !lengths.every((n) => Number.isInteger(n) && n >= 0)) {
    return undefined;
  }
  const parts: Buffer[] = [];
  let offset = 4 + metaLength;
  for (const length of lengths as number[]) {
    if (offset + length > stored.length) return undefined;
    parts.push(stored.subarray(offset, offset + length));
    offset += length;
  }
  return { meta: meta as Record<string, unknown>, parts };
}

async function encodeAnswer(answer: CachedAnswer, expiresAtMs: number): Promise<Buffer> {
  const gzipped = answer.encoded?.gzip ?? (await gzipAsync(answer.body, { level: 6 }));
  return frame(
    {
      status: answer.status,
      headers: answer.headers,
      expiresAtMs,
      ...(answer.nextPage !== undefined ? { nextPage: answer.nextPage } : {}),
      ...(answer.refusedBy !== undefined ? { refusedBy: answer.refusedBy } : {}),
    },
    [gzipped],
  );
}

async function decodeAnswer(stored: Buffer): Promise<DecodedAnswer | undefined> {
  const framed = unframe(stored);
  const gzipped = framed?.parts[0];
  if (!framed || !gzipped) return undefined;
  const { status, headers, expiresAtMs, nextPage, refusedBy } = framed.meta;
  if (typeof status !== 'number' || typeof expiresAtMs !== 'number' || !isStringRecord(headers)) {
    return undefined;
  }
  const body = await gunzipAsync(gzipped);
  const answer: CachedAnswer = { status, headers, body, encoded: { gzip: Buffer.from(gzipped) } };
  if (typeof nextPage === 'string') answer.nextPage = nextPage;
  if (refusedBy === 'rate-limited' || refusedBy === 'held-back' || refusedBy === 'busy') {
    answer.refusedBy = refusedBy;
  }
  return { answer, expiresAtMs };
}

function decodeInterval(stored: Buffer): StoredInterval | undefined {
  const framed = unframe(stored);
  const [brotli, gzipped] = framed?.parts ?? [];
  if (!framed || !brotli || !gzipped) return undefined;
  const { status, headers } = framed.meta;
  const plainBytes = gzipPlainBytes(gzipped);
  if (typeof status !== 'number' || !isStringRecord(headers) || plainBytes === undefined) {
    return undefined;
  }
  // Kept as the compressed forms only, as in this server's own cache (closed-interval-cache.ts).
  return { status, headers, brotli: Buffer.from(brotli), gzip: Buffer.from(gzipped), plainBytes };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}
