// Tracks the organisation's rate limit from the headers upstream sends (never a hard-coded
// figure), so that once it is spent the proxy answers 429 itself until the reset instead of
// spending requests that upstream would refuse anyway.

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

type HeaderValue = string | string[] | undefined;

function numberHeader(value: HeaderValue): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

export class RateLimitBudget {
  private state: RateLimitState = { limit: undefined, remaining: undefined, resetAt: undefined };

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Reads the three X-Organization-Rate-Limit-* headers of an upstream answer. */
  observe(headers: Record<string, HeaderValue>, status: number): void {
    const limit = numberHeader(headers['x-organization-rate-limit-limit']);
    const remaining = numberHeader(headers['x-organization-rate-limit-remaining']);
    const resetAt = numberHeader(headers['x-organization-rate-limit-reset']);
    if (limit !== undefined) this.state.limit = limit;
    if (remaining !== undefined) this.state.remaining = remaining;
    if (resetAt !== undefined) this.state.resetAt = resetAt;
    if (status === 429) {
      this.state.remaining = 0;
      // Without a Reset header, wait a minute: the documented window of the limit.
      if (resetAt === undefined) this.state.resetAt = Math.ceil(this.nowMs() / 1000) + 60;
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
    if (resetAt === undefined) return 60;
    return Math.max(1, Math.ceil(resetAt - this.nowMs() / 1000));
  }

  /** The three headers as the browser should see them, when known. */
  headers(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.state.limit !== undefined)
      out['X-Organization-Rate-Limit-Limit'] = `${this.state.limit}`;
    if (this.state.remaining !== undefined) {
      out['X-Organization-Rate-Limit-Remaining'] = `${this.state.remaining}`;
    }
    if (this.state.resetAt !== undefined)
      out['X-Organization-Rate-Limit-Reset'] = `${this.state.resetAt}`;
    return out;
  }

  snapshot(): RateLimitState {
    return { ...this.state };
  }
}
