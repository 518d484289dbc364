// The organisation's request budget, as ThousandEyes counts it: a fixed one-minute window shared
// by every user and account group of the organisation, reported on every response.

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds of the next rollover. */
  resetSeconds: number;
}

export class OrganisationRateLimit {
  private windowIndex = Number.NaN;
  private used = 0;

  constructor(readonly limit: number) {}

  private roll(nowMs: number): void {
    const index = Math.floor(nowMs / 60_000);
    if (index !== this.windowIndex) {
      this.windowIndex = index;
      this.used = 0;
    }
  }

  /** Counts one request; `allowed` is false once the minute's budget is spent. */
  consume(nowMs: number): RateLimitState & { allowed: boolean } {
    this.roll(nowMs);
    const allowed = this.used < this.limit;
    if (allowed) this.used += 1;
    return { ...this.peek(nowMs), allowed };
  }

  peek(nowMs: number): RateLimitState {
    this.roll(nowMs);
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.used),
      resetSeconds: (this.windowIndex + 1) * 60,
    };
  }

  reset(): void {
    this.windowIndex = Number.NaN;
    this.used = 0;
  }
}

/** v6: after 120 failed logins from one address in an hour, that address gets 429s. */
export class FailedAuthLimit {
  private readonly counts = new Map<string, { hour: number; failures: number }>();

  constructor(readonly maxPerHour = 120) {}

  /** True when this address is already locked out for the hour. */
  isLockedOut(address: string, nowMs: number): boolean {
    const entry = this.counts.get(address);
    return (
      entry !== undefined &&
      entry.hour === Math.floor(nowMs / 3_600_000) &&
      entry.failures >= this.maxPerHour
    );
  }

  recordFailure(address: string, nowMs: number): void {
    const hour = Math.floor(nowMs / 3_600_000);
    const entry = this.counts.get(address);
    if (!entry || entry.hour !== hour) this.counts.set(address, { hour, failures: 1 });
    else entry.failures += 1;
  }

  /** Epoch seconds at which the lockout ends. */
  resetSeconds(nowMs: number): number {
    return (Math.floor(nowMs / 3_600_000) + 1) * 3600;
  }

  reset(): void {
    this.counts.clear();
  }
}

/** The organisation's budget as ThousandEyes reports it on every response. */
export function rateLimitHeaders(limitState: RateLimitState): Record<string, string> {
  return {
    'X-Organization-Rate-Limit-Limit': String(limitState.limit),
    'X-Organization-Rate-Limit-Remaining': String(limitState.remaining),
    'X-Organization-Rate-Limit-Reset': String(limitState.resetSeconds),
  };
}
