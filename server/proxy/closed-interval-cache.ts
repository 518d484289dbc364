// Whole closed intervals of voice results, kept for every person and screen: bounded in bytes,
// the least recently used evicted first, never expired (a closed interval can no longer change).
// Each entry holds its brotli and gzip forms beside the plain body, made once off the event loop,
// so a hit costs nothing but writing bytes. They are made at the fastest settings: the first
// viewer of an interval waits for them, and a cold week is ~56 intervals of several MB each.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { ContentEncoding } from '../static/compression.ts';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface StoredInterval {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  brotli: Buffer;
  gzip: Buffer;
}

export interface CacheSize {
  entries: number;
  bytes: number;
}

/**
 * The stored form of an answer: its body and both compressed forms, on zlib's thread pool (a
 * joined interval can be tens of megabytes; compressing it synchronously would stall every other
 * request). Brotli quality 1 and gzip level 1, not `compress`'s 5 and 6: on a 7.6 MB interval
 * (500 agents × 3 h) they take ~40 ms instead of ~380 ms, for a form ~35 % larger (0.45 MB
 * instead of 0.33 MB), and the answer to the interval's first viewer waits for them.
 */
export async function storeInterval(answer: {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}): Promise<StoredInterval> {
  const [brotli, gzipped] = await Promise.all([
    brotliAsync(answer.body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 1,
        [constants.BROTLI_PARAM_SIZE_HINT]: answer.body.length,
      },
    }),
    gzipAsync(answer.body, { level: 1 }),
  ]);
  return {
    status: answer.status,
    headers: answer.headers,
    body: answer.body,
    brotli,
    gzip: gzipped,
  };
}

/** The form of a stored interval for an encoding, for `sendBody`'s `precompressed`. */
export function storedForm(entry: StoredInterval, encoding: ContentEncoding): Buffer {
  if (encoding === 'br') return entry.brotli;
  if (encoding === 'gzip') return entry.gzip;
  return entry.body;
}

export function storedBytes(entry: StoredInterval): number {
  return entry.body.length + entry.brotli.length + entry.gzip.length;
}

export class ClosedIntervalCache {
  private readonly entries = new Map<string, StoredInterval>();
  private bytes = 0;

  /** `maxBytes` 0 keeps nothing. */
  constructor(private readonly maxBytes: number) {}

  get(key: string): StoredInterval | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Keeps a whole interval; one larger than the whole cache is not kept. */
  set(key: string, entry: StoredInterval): void {
    const size = storedBytes(entry);
    if (size > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldKey] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldKey);
    }
  }

  get size(): CacheSize {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= storedBytes(entry);
  }
}
