// Keeps one client (one remote address) from spending the organisation's budget for everyone:
// a screen needs a few calls a round, a long window a few dozen pages. A client is slowed only
// when it asks for far more: more calls upstream in the last minute than the organisation's
// whole limit, or more than half of it while less than a quarter of the budget is left.
import type { RateLimitState } from './rate-limit.ts';

const WINDOW_MS = 60_000;
/** The documented organisation limit, used until upstream's headers say otherwise. */
const DOCUMENTED_LIMIT = 240;
const MAX_TRACKED_CLIENTS = 10_000;

export type PacingDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class ClientPacing {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Whether `client` may make another upstream call now, given the organisation's budget. */
  check(client: string, budget: RateLimitState): PacingDecision {
    const recent = this.recentCalls(client);
    const limit = budget.limit ?? DOCUMENTED_LIMIT;
    const underPressure = budget.remaining !== undefined && budget.remaining < limit / 4;
    const share = underPressure ? Math.floor(limit / 2) : limit;
    if (recent.length < Math.max(1, share)) return { allowed: true };
    const oldest = recent[recent.length - Math.max(1, share)] ?? this.nowMs();
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - this.nowMs()) / 1000)),
    };
  }

  /** Counts an upstream call made for `client`. */
  record(client: string): void {
    const recent = this.recentCalls(client);
    recent.push(this.nowMs());
    this.calls.set(client, recent);
    if (this.calls.size > MAX_TRACKED_CLIENTS) this.forgetQuietClients();
  }

  private recentCalls(client: string): number[] {
    const since = this.nowMs() - WINDOW_MS;
    const recent = (this.calls.get(client) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.calls.delete(client);
    else this.calls.set(client, recent);
    return recent;
  }

  private forgetQuietClients(): void {
    for (const client of [...this.calls.keys()]) this.recentCalls(client);
  }
}
