// Answers shared between servers through Redis: recent pages and closed intervals (compressed,
// bounded by TTLs and Redis's memory policy), and the calls in flight: one server holds a lock per
// request and calls upstream, the others wait for its answer (pub/sub, plus a look every 250 ms).
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import {
  gzipPlainBytes,
  type CompressedBody,
  type StoredInterval,
} from './closed-interval-cache.ts';
import type { RedisLink } from './redis-link.ts';
import type { CachedAnswer } from './response-cache.ts';
import type { SharedAnswers } from './shared-state.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** How long a closed interval is kept (the memory policy may evict it sooner). */
const INTERVAL_TTL_MS = 24 * 3600_000;
/** How long the answer of a call in flight is kept for the servers that waited for it. */
const DONE_TTL_MS = 10_000;
/** A server waiting for another's call also looks for its answer this often. */
const WAIT_POLL_MS = 250;

export interface RedisAnswersOptions {
  link: RedisLink;
  /** From `redisNamespace`. */
  namespace: string;
  /** How long a server waits for another's call in flight before calling itself. */
  coalesceWaitMs: number;
  log: (line: string) => void;
}

/** Deletes the lock only while it is still this caller's. */
const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export function redisAnswers(options: RedisAnswersOptions, nowMs: () => number): SharedAnswers {
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
        // Upstream's shape, then the columns; a form not kept is two empty parts.
        const parts = (form: CompressedBody | undefined) =>
          form ? [form.brotli, form.gzip] : [Buffer.alloc(0), Buffer.alloc(0)];
        const framed = frame({ status: entry.status, headers: entry.headers }, [
          ...parts(entry.upstreamShape),
          ...parts(entry.columns),
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
  const [brotli, gzipped, columnsBrotli, columnsGzip] = framed?.parts ?? [];
  if (!framed) return undefined;
  const { status, headers } = framed.meta;
  if (typeof status !== 'number' || !isStringRecord(headers)) return undefined;
  // Kept as the compressed forms only, as in this server's own cache (closed-interval-cache.ts).
  const upstreamShape = decodeForm(brotli, gzipped);
  const columns = decodeForm(columnsBrotli, columnsGzip);
  if (columns) return { status, headers, columns, upstreamShape };
  return upstreamShape ? { status, headers, upstreamShape } : undefined;
}

/** A form's two parts, or undefined when it was not kept (empty parts) or is damaged. */
function decodeForm(
  brotli: Buffer | undefined,
  gzipped: Buffer | undefined,
): CompressedBody | undefined {
  if (!brotli?.length || !gzipped?.length) return undefined;
  const plainBytes = gzipPlainBytes(gzipped);
  if (plainBytes === undefined) return undefined;
  return { brotli: Buffer.from(brotli), gzip: Buffer.from(gzipped), plainBytes };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}
