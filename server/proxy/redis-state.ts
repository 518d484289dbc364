// The shared state of several Earshot servers in front of one organisation, kept in Redis
// (EARSHOT_REDIS_URL): the rate-limit budget (reserved atomically by a Lua script), the 401
// hold-back, the upstream calls in flight (a lock per key; the others wait for its answer) and the
// caches of recent pages and closed intervals (compressed, bounded by TTLs and Redis's memory
// policy). Keys are `earshot:<hash of upstream + credentials>:…`, never a credential.
// Redis unreachable: every operation falls back at once to this server's own in-process state,
// says so in the log and in /healthz, and Redis is used again as soon as it answers. The parts:
// the connection (redis-link.ts), budget and hold-back (redis-rate-limit.ts), answers and calls in
// flight (redis-answers.ts).
import { createHash } from 'node:crypto';
import type { Credentials } from '../config.ts';
import { RateLimitBudget } from './rate-limit.ts';
import { redisAnswers, type RedisAnswersOptions } from './redis-answers.ts';
import { redisBudget, redisHoldBack } from './redis-rate-limit.ts';
import {
  createInProcessState,
  type InProcessStateOptions,
  type SharedState,
} from './shared-state.ts';

/** Every key and channel Earshot writes starts with this. */
const KEY_PREFIX = 'earshot:';

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

export interface RedisStateOptions extends InProcessStateOptions, RedisAnswersOptions {}

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
