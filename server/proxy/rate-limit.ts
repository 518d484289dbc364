// Tracks the organisation's rate limit from the headers upstream sends (never a hard-coded
// figure), so that once it is spent the proxy answers 429 itself until the reset instead of
// spending requests that upstream would refuse anyway. Every upstream call reserves a unit before
// it leaves (Remaining goes down here at once); the answer's headers then correct the figure.
// Upstream's headers are untrusted: a Reset is clamped to the next hour, and a spent budget with
// no readable Reset waits a minute (the documented window).

export const RATE_LIMIT_HEADERS = [
  'x-organization-rate-limit-limit',
  'x-organization-rate-limit-remaining',
  'x-organization-rate-limit-reset',
] as const;

export interface RateLimitState {
  limit: number | undefined;
  remaining: number | undefined;
  /** Epoch seconds of the next rollover. */
  resetAt: number | undefined;
}

export type Reservation = { granted: true } | { granted: false; retryAfterSeconds: number };

/** The longest Earshot believes a Reset: past it, the next answer says where things stand. */
export const MAX_RESET_SECONDS = 3600;
/** A spent budget without a readable Reset: the documented window of the limit. */
export const UNKNOWN_RESET_SECONDS = 60;
/** A Reset below this is no epoch (that was 2001): it is read as seconds from now. */
const SMALLEST_EPOCH_SECONDS = 1_000_000_000;

type HeaderValue = string | string[] | undefined;

function numberHeader(value: HeaderValue): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\s*\d{1,30}(\.\d{1,6})?\s*$/.test(text)) return undefined;
  return Number(text);
}

/**
 * The in-process budget. `BudgetStore` (shared-state.ts) is the seam the proxy calls, so a store
 * shared between several Earshot servers can replace it.
 */
export class RateLimitBudget {
  private state: RateLimitState = { limit: undefined, remaining: undefined, resetAt: undefined };
  /** Calls that have left and not been answered: upstream's Remaining does not count them yet. */
  private outstanding = 0;

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Takes one unit for a call about to leave, or says how long to wait. */
  reserve(): Reservation {
    const wait = this.secondsUntilAllowed();
    if (wait > 0) return { granted: false, retryAfterSeconds: wait };
    if (this.state.remaining !== undefined) {
      if (this.state.remaining <= 0) {
        this.state.resetAt ??= this.nowSeconds() + UNKNOWN_RESET_SECONDS;
        return { granted: false, retryAfterSeconds: this.retryAfterSeconds() };
      }
      this.state.remaining -= 1;
    }
    this.outstanding += 1;
    return { granted: true };
  }

  /** A reserved call was answered: its headers correct the budget. */
  settle(headers: Record<string, HeaderValue>, status: number): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
    this.observe(headers, status);
  }

  /** A reserved call got no answer; the unit stays spent (upstream may have counted it). */
  release(): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
  }

  /** Reads the three X-Organization-Rate-Limit-* headers of an upstream answer. */
  observe(headers: Record<string, HeaderValue>, status: number): void {
    const now = this.nowSeconds();
    const limit = numberHeader(headers['x-organization-rate-limit-limit']);
    const remaining = numberHeader(headers['x-organization-rate-limit-remaining']);
    let resetAt = numberHeader(headers['x-organization-rate-limit-reset']);
    if (resetAt !== undefined) {
      if (resetAt < SMALLEST_EPOCH_SECONDS) resetAt = now + resetAt;
      resetAt = Math.min(Math.max(Math.ceil(resetAt), now), now + MAX_RESET_SECONDS);
    }
    if (limit !== undefined) this.state.limit = limit;
    // Calls still in flight were not counted in this figure yet.
    if (remaining !== undefined) this.state.remaining = Math.max(0, remaining - this.outstanding);
    if (resetAt !== undefined) this.state.resetAt = resetAt;
    if (status === 429) this.state.remaining = 0;
    if ((status === 429 || remaining === 0) && resetAt === undefined) {
      this.state.resetAt = now + UNKNOWN_RESET_SECONDS;
    }
  }

  /** Seconds to wait before calling upstream again, or 0 when a call may go out now. */
  secondsUntilAllowed(): number {
    const { remaining, resetAt } = this.state;
    if (remaining === undefined || remaining > 0 || resetAt === undefined) return 0;
    const waitMs = resetAt * 1000 - this.nowMs();
    if (waitMs <= 0) {
      this.state.remaining = undefined; // a new window: the next answer will say how much is left
      return 0;
    }
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  /** Retry-After for a 429: seconds until Reset (at least 1). */
  retryAfterSeconds(): number {
    const { resetAt } = this.state;
    if (resetAt === undefined) return UNKNOWN_RESET_SECONDS;
    return Math.max(1, Math.ceil(resetAt - this.nowMs() / 1000));
  }

  snapshot(): RateLimitState {
    return { ...this.state };
  }

  private nowSeconds(): number {
    return Math.ceil(this.nowMs() / 1000);
  }
}

/** The three headers as the browser should see them, when known. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const out: Record<string, string> = {};
  if (state.limit !== undefined) out['X-Organization-Rate-Limit-Limit'] = `${state.limit}`;
  if (state.remaining !== undefined) {
    out['X-Organization-Rate-Limit-Remaining'] = `${state.remaining}`;
  }
  if (state.resetAt !== undefined) out['X-Organization-Rate-Limit-Reset'] = `${state.resetAt}`;
  return out;
}
