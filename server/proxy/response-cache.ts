// A small time-bounded cache of upstream answers, bounded in entries and in bytes, so that many
// screens showing the same test spend one request between them. Oldest-used entries go first.

export interface CachedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** A page of results: its next page's link as the browser will ask for it (`/api/…`). */
  nextPage?: string;
  /**
   * A page of a closed interval's walk read as columns only (closed-interval-page.ts,
   * `WalkedRows`): its rows list as upstream sent it, `[` to `]`, scrubbed, while `body` is the
   * page with an empty list in its place. Only the walk joins it (closed-intervals.ts): no page is
   * written around rows that are never sent.
   */
  walkedRows?: Buffer;
  /** Compressed forms kept beside the body once sent (cached answers only). */
  encoded?: Partial<Record<'br' | 'gzip', Buffer>>;
  /** Earshot answered this itself instead of calling upstream, and why. */
  refusedBy?: RefusedBy;
}

export type RefusedBy = 'rate-limited' | 'held-back' | 'busy';

interface Entry {
  answer: CachedAnswer;
  expiresAtMs: number;
}

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  nowMs?: () => number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keys = new WeakMap<CachedAnswer, string>();
  private bytes = 0;
  private readonly nowMs: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.nowMs = options.nowMs ?? Date.now;
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.nowMs()) {
      this.remove(key, entry);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.answer;
  }

  /** `ttlMs`: shorter than the cache's own, for an answer another server kept a while ago. */
  set(key: string, answer: CachedAnswer, ttlMs = this.options.ttlMs): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0 || ttlMs <= 0) return;
    const size = answer.body.length;
    if (size > this.options.maxBytes) return;
    const existing = this.entries.get(key);
    if (existing) this.remove(key, existing);
    const keptMs = Math.min(ttlMs, this.options.ttlMs);
    this.entries.set(key, { answer, expiresAtMs: this.nowMs() + keptMs });
    this.keys.set(answer, key);
    this.bytes += entrySize(answer);
    this.evict();
  }

  /** Keeps a compressed form of a cached answer (counted in the byte bound); else does nothing. */
  keepEncoded(answer: CachedAnswer, encoding: 'br' | 'gzip', encoded: Buffer): void {
    const key = this.keys.get(answer);
    if (key === undefined || this.entries.get(key)?.answer !== answer) return;
    if (answer.encoded?.[encoding]) return;
    answer.encoded = { ...answer.encoded, [encoding]: encoded };
    this.bytes += encoded.length;
    this.evict();
  }

  private evict(): void {
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) {
        break;
      }
      this.remove(oldKey, oldEntry);
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entrySize(entry.answer);
  }
}

function entrySize(answer: CachedAnswer): number {
  return (
    answer.body.length + (answer.encoded?.br?.length ?? 0) + (answer.encoded?.gzip?.length ?? 0)
  );
}
