// Whole closed intervals of voice results, kept for every person and screen: bounded in bytes,
// never expired (a closed interval can no longer change). An entry holds only compressed forms
// (brotli and gzip), made once off the event loop, so a hit costs nothing but writing bytes; the
// plain body (about 8 times larger) is not kept: the rare client that accepts neither encoding gets
// the gzip form inflated as it is sent (closed-interval-send.ts). The forms are made at the fastest
// settings: the first viewer of an interval waits for them.
//
// An interval is kept in the form its readers asked for. Earshot's browser reads round columns
// (~0.12 MB brotli for 3 hours at 500 agents); upstream's shape (the pages' rows joined, ~0.6 MB)
// is made only for a client that asks for it, or when the rows could not be read as columns.
// Compressing upstream's shape for every interval cost a cold week at 500 agents ~3 s of CPU and
// five times the cache's bytes, for a form Earshot's own screens never read.
//
// Eviction takes the interval whose data is oldest first, not the least recently used: every
// reader reads newest first (a window loads its newest interval first, a reload too, and a wall
// asks each hour for the one that just closed), and the newest intervals are the ones every
// window covers. Least recently used is exactly wrong for that order: a window larger than the
// cache, read newest first, leaves the oldest intervals behind, and the next reload misses on
// every interval it asks for first.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { ContentEncoding } from '../static/compression.ts';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** EARSHOT_INTERVAL_CACHE_MB's default, in bytes. */
export const DEFAULT_INTERVAL_CACHE_BYTES = 256 * 1024 * 1024;

/** One body in its two compressed forms. */
export interface CompressedBody {
  brotli: Buffer;
  gzip: Buffer;
  /** The length of the plain body the forms decode to. */
  plainBytes: number;
}

/**
 * An interval in the forms kept for it, at least one: as round columns
 * (common/result-rows/round-columns.ts), the form Earshot's browser asks for, when its rows could
 * be read; as upstream's shape (the pages' rows joined), when a client asked for that or the rows
 * could not be read.
 */
export type StoredInterval = {
  status: number;
  headers: Record<string, string>;
} & (
  | { columns: CompressedBody; upstreamShape?: CompressedBody | undefined }
  | { columns?: CompressedBody | undefined; upstreamShape: CompressedBody }
);

/** The forms a reader asks for: round columns (Earshot's browser), or upstream's shape. */
export type IntervalForm = 'columns' | 'upstream';

/**
 * The form of `entry` that answers a reader of `form`, or undefined: a reader of round columns
 * takes upstream's shape when the rows could not be read (its own reader then names the bad
 * field); a reader of upstream's shape takes nothing else.
 */
export function formFor(
  entry: StoredInterval,
  form: IntervalForm,
): { body: CompressedBody; form: IntervalForm } | undefined {
  if (form === 'columns' && entry.columns) return { body: entry.columns, form: 'columns' };
  return entry.upstreamShape ? { body: entry.upstreamShape, form: 'upstream' } : undefined;
}

/** An entry with the forms of both, the newer's where both have one. */
export function withFormsOf(newer: StoredInterval, older: StoredInterval): StoredInterval {
  const columns = newer.columns ?? older.columns;
  const upstreamShape = newer.upstreamShape ?? older.upstreamShape;
  return columns
    ? { status: newer.status, headers: newer.headers, columns, upstreamShape }
    : { status: newer.status, headers: newer.headers, upstreamShape: upstreamShape! };
}

export interface CacheSize {
  entries: number;
  bytes: number;
}

/**
 * The stored forms of an interval, each compressed both ways on zlib's thread pool (a joined
 * interval can be tens of megabytes; compressing it synchronously would stall every other request):
 * its round columns when they could be read, and upstream's shape when `keepUpstreamShape` or
 * when they could not.
 * Brotli quality 1 and gzip level 1, not `compress`'s 5 and 6: on a 7.6 MB interval (500 agents ×
 * 3 h) they take ~40 ms instead of ~380 ms, for a form ~35 % larger (0.45 MB instead of 0.33 MB),
 * and the answer to the interval's first viewer waits for them.
 */
export async function storeInterval(answer: {
  status: number;
  headers: Record<string, string>;
  /** Upstream's shape: the pages' rows joined. */
  body: Buffer;
  /** The same rows as round columns, when they could be read. */
  columns?: Buffer | undefined;
  /** A client asked for upstream's shape: keep it even when the columns could be read. */
  keepUpstreamShape?: boolean;
}): Promise<StoredInterval> {
  const { status, headers } = answer;
  if (!answer.columns) return { status, headers, upstreamShape: await compressBody(answer.body) };
  const [columns, upstreamShape] = await Promise.all([
    compressBody(answer.columns),
    answer.keepUpstreamShape ? compressBody(answer.body) : undefined,
  ]);
  return { status, headers, columns, upstreamShape };
}

async function compressBody(body: Buffer): Promise<CompressedBody> {
  const [brotli, gzipped] = await Promise.all([
    brotliAsync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 1,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipAsync(body, { level: 1 }),
  ]);
  return { brotli, gzip: gzipped, plainBytes: body.length };
}

/**
 * The plain length a gzip form says it decodes to (its trailer's ISIZE, the length modulo 2^32;
 * joined intervals are bounded far below that). For forms kept by another server (Redis).
 */
export function gzipPlainBytes(gzipped: Buffer): number | undefined {
  return gzipped.length >= 18 ? gzipped.readUInt32LE(gzipped.length - 4) : undefined;
}

/** The stored form for a compressed encoding; `identity` has none (it is inflated from gzip). */
export function storedForm(
  entry: CompressedBody,
  encoding: Exclude<ContentEncoding, 'identity'>,
): Buffer {
  return encoding === 'br' ? entry.brotli : entry.gzip;
}

/** What an entry costs the cache: its compressed forms, the only bytes it holds. */
export function storedBytes(entry: StoredInterval): number {
  const bytesOf = (form: CompressedBody | undefined) =>
    form ? form.brotli.length + form.gzip.length : 0;
  return bytesOf(entry.columns) + bytesOf(entry.upstreamShape);
}

interface Kept {
  entry: StoredInterval;
  /** The end of the interval's range (epoch ms): the newer its data, the longer it is kept. */
  dataEndMs: number;
  /** Order of last use, for ties between intervals that end at the same time. */
  usedAt: number;
}

export class ClosedIntervalCache {
  private readonly entries = new Map<string, Kept>();
  private bytes = 0;
  private uses = 0;

  /** `maxBytes` 0 keeps nothing. */
  constructor(private readonly maxBytes: number) {}

  get(key: string): StoredInterval | undefined {
    const kept = this.entries.get(key);
    if (!kept) return undefined;
    kept.usedAt = ++this.uses;
    return kept.entry;
  }

  /**
   * Keeps a whole interval whose range ends at `dataEndMs`. To stay within its bytes it evicts the
   * intervals of the oldest data first (least recently used first among equals), this one
   * included: an interval older than everything kept in a full cache is not kept. One larger than
   * the whole cache is not kept either.
   */
  set(key: string, entry: StoredInterval, dataEndMs: number): void {
    const size = storedBytes(entry);
    if (size > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, { entry, dataEndMs, usedAt: ++this.uses });
    this.bytes += size;
    while (this.bytes > this.maxBytes) this.delete(this.oldestKey());
  }

  get size(): CacheSize {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** A linear scan: entries are a few thousand at most (megabyte-sized within the budget). */
  private oldestKey(): string {
    let oldest: [string, Kept] | undefined;
    for (const candidate of this.entries) {
      const [, kept] = candidate;
      if (
        !oldest ||
        kept.dataEndMs < oldest[1].dataEndMs ||
        (kept.dataEndMs === oldest[1].dataEndMs && kept.usedAt < oldest[1].usedAt)
      ) {
        oldest = candidate;
      }
    }
    return oldest![0];
  }

  private delete(key: string): void {
    const kept = this.entries.get(key);
    if (!kept) return;
    this.entries.delete(key);
    this.bytes -= storedBytes(kept.entry);
  }
}
