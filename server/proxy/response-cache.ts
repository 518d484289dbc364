// A small time-bounded cache of upstream answers, bounded in entries and in bytes, so that many
// screens showing the same test spend one request between them. Oldest-used entries go first.

export interface CachedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** A page of results: its next page's link as the browser will ask for it (`/api/…`). */
  nextPage?: string;
}

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

  set(key: string, answer: CachedAnswer): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    const size = answer.body.length;
    if (size > this.options.maxBytes) return;
    const existing = this.entries.get(key);
    if (existing) this.remove(key, existing);
    this.entries.set(key, { answer, expiresAtMs: this.nowMs() + this.options.ttlMs });
    this.bytes += size;
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
    this.bytes -= entry.answer.body.length;
  }
}
