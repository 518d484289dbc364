// The organisation's rate-limit budget and the 401 hold-back, shared by every server through
// Redis: each operation is one Lua script, so it is atomic across servers. Redis unreachable: the
// in-process state answers instead.
import { RateLimitBudget, type RateLimitState, type Reservation } from './rate-limit.ts';
import type { Problem } from './problem.ts';
import type { RedisLink } from './redis-link.ts';
import type { BudgetStore, CredentialHoldBack } from './shared-state.ts';

/** The budget and hold-back keys outlive any Reset by far, and still go away when unused. */
const STATE_TTL_MS = 2 * 3600_000;

/** Runs `viaRedis` while Redis answers, else (or when it fails) `inProcess`. */
export type Shared = <T>(viaRedis: () => Promise<T>, inProcess: () => T | Promise<T>) => Promise<T>;

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

export function redisBudget(
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

export function redisHoldBack(
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
