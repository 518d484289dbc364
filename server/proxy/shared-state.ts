// What every Earshot server in front of one organisation must agree on, behind small interfaces:
// the rate-limit budget, the rejected-credential hold-back and the upstream calls in flight. The
// in-process store below serves one server; a shared store (e.g. Redis, issue #19) can implement
// the same interfaces without the proxy changing. Every method is async for that reason.
import type { StoredInterval } from './closed-interval-cache.ts';
import type { Problem } from './problem.ts';
import type { CachedAnswer } from './response-cache.ts';
import { RateLimitBudget, type RateLimitState, type Reservation } from './rate-limit.ts';

type HeaderValue = string | string[] | undefined;

export interface BudgetStore {
  /** Reserves one unit for an upstream call about to leave (Remaining goes down at once). */
  reserve(): Promise<Reservation>;
  /** The reserved call was answered: its rate-limit headers correct the budget. */
  settle(headers: Record<string, HeaderValue>, status: number): Promise<void>;
  /** The reserved call got no answer. */
  release(): Promise<void>;
  /** Seconds until a call may go out (0 = now). */
  secondsUntilAllowed(): Promise<number>;
  /** Retry-After for upstream's own 429. */
  retryAfterSeconds(): Promise<number>;
  snapshot(): Promise<RateLimitState>;
}

/** A credential upstream refused (401): held back for everyone, one upstream try at a time. */
export interface CredentialHoldBack {
  /** The remembered refusal while it holds, else undefined (and this caller may try upstream). */
  check(credentialId: string): Promise<{ refusal: Problem; retryAfterSeconds: number } | undefined>;
  rejected(credentialId: string, refusal: Problem): Promise<void>;
  accepted(credentialId: string): Promise<void>;
}

/** A bounded number of upstream calls in flight; others wait in a bounded queue. */
export interface UpstreamSlots {
  /** Resolves with a release function once a slot is free, or undefined when the queue is full. */
  acquire(): Promise<(() => void) | undefined>;
}

/**
 * Answers shared between several servers (Redis, redis-state.ts): recent pages, closed intervals
 * and the upstream calls in flight. One server alone has none: its own caches and in-flight map
 * in api-proxy.ts and closed-intervals.ts are all it needs.
 */
export interface SharedAnswers {
  /** A recent answer another server kept, with how long it stays fresh. */
  page(key: string): Promise<{ answer: CachedAnswer; ttlMs: number } | undefined>;
  interval(key: string): Promise<StoredInterval | undefined>;
  keepInterval(key: string, entry: StoredInterval): Promise<void>;
  /**
   * Calls upstream here, unless another server already is for this key: then waits for its
   * answer (`joined`), and calls here after all if that server goes quiet. A 200 it calls for is
   * kept for everyone for `pageTtlMs` before the others are told.
   */
  once(
    key: string,
    call: () => Promise<CachedAnswer>,
    pageTtlMs: number,
  ): Promise<{ answer: CachedAnswer; joined: boolean }>;
}

export interface SharedState {
  budget: BudgetStore;
  holdBack: CredentialHoldBack;
  slots: UpstreamSlots;
  /** Absent for one server alone. */
  answers?: SharedAnswers;
}

export interface InProcessStateOptions {
  nowMs?: () => number;
  /** How long a 401 is held back before one request may try upstream again. */
  holdBackMs?: number;
  maxInFlight?: number;
  maxQueued?: number;
}

export const DEFAULT_HOLD_BACK_MS = 60_000;
export const DEFAULT_MAX_IN_FLIGHT = 8;
export const DEFAULT_MAX_QUEUED = 64;

export function createInProcessState(options: InProcessStateOptions = {}): SharedState {
  const nowMs = options.nowMs ?? Date.now;
  return {
    budget: inProcessBudget(new RateLimitBudget(nowMs)),
    holdBack: inProcessHoldBack(nowMs, options.holdBackMs ?? DEFAULT_HOLD_BACK_MS),
    slots: inProcessSlots(
      options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      options.maxQueued ?? DEFAULT_MAX_QUEUED,
    ),
  };
}

function inProcessBudget(budget: RateLimitBudget): BudgetStore {
  return {
    reserve: () => Promise.resolve(budget.reserve()),
    settle: (headers, status) => Promise.resolve(budget.settle(headers, status)),
    release: () => Promise.resolve(budget.release()),
    secondsUntilAllowed: () => Promise.resolve(budget.secondsUntilAllowed()),
    retryAfterSeconds: () => Promise.resolve(budget.retryAfterSeconds()),
    snapshot: () => Promise.resolve(budget.snapshot()),
  };
}

function inProcessHoldBack(nowMs: () => number, holdBackMs: number): CredentialHoldBack {
  const held = new Map<string, { refusal: Problem; untilMs: number }>();
  return {
    check(credentialId) {
      const entry = held.get(credentialId);
      if (!entry) return Promise.resolve(undefined);
      const now = nowMs();
      if (entry.untilMs > now) {
        const retryAfterSeconds = Math.max(1, Math.ceil((entry.untilMs - now) / 1000));
        return Promise.resolve({ refusal: entry.refusal, retryAfterSeconds });
      }
      // This caller tries upstream; everyone else keeps the refusal for another round.
      entry.untilMs = now + holdBackMs;
      return Promise.resolve(undefined);
    },
    rejected(credentialId, refusal) {
      held.set(credentialId, { refusal, untilMs: nowMs() + holdBackMs });
      return Promise.resolve();
    },
    accepted(credentialId) {
      held.delete(credentialId);
      return Promise.resolve();
    },
  };
}

function inProcessSlots(maxInFlight: number, maxQueued: number): UpstreamSlots {
  let inFlight = 0;
  const queue: (() => void)[] = [];
  function release(): void {
    const next = queue.shift();
    if (next) next();
    else inFlight -= 1;
  }
  return {
    acquire() {
      if (inFlight < maxInFlight) {
        inFlight += 1;
        return Promise.resolve(once(release));
      }
      if (queue.length >= maxQueued) return Promise.resolve(undefined);
      return new Promise((resolve) => queue.push(() => resolve(once(release))));
    },
  };
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
