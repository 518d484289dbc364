// Shared memory used again for the closed intervals being joined (closed-interval-join.ts). A
// joined interval at 500 agents is ~10 MB, and on a 2-core machine fresh memory costs ~1 ms a MB
// to touch (a new SharedArrayBuffer is zero-filled pages the kernel maps on first write): joining
// into fresh memory was the serving thread's largest cost on a cold load after the simulator's
// (bench/profile-datapath-server.ts). A buffer is handed back once the interval is read and
// compressed, and the next interval is joined into it.
const MB = 1024 * 1024;

/** The free memory kept at most: three intervals of 500 agents × 3 h, joined at a time. */
export const DEFAULT_POOL_BYTES = 48 * MB;

export class SharedBufferPool {
  private readonly free: SharedArrayBuffer[] = [];
  /** The buffers handed out and not given back: only those are taken back, each once. */
  private readonly lent = new Set<Buffer>();

  constructor(private readonly maxBytes = DEFAULT_POOL_BYTES) {}

  /** A buffer of exactly `length` bytes, over shared memory, used before or new. */
  take(length: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i]!.byteLength;
      if (size >= length && (best < 0 || size < this.free[best]!.byteLength)) best = i;
    }
    // A little larger than asked: the next interval, a few rows longer, fits it too.
    const memory =
      best >= 0 ? this.free.splice(best, 1)[0]! : new SharedArrayBuffer(Math.ceil(length * 1.25));
    const buffer = Buffer.from(memory, 0, length);
    this.lent.add(buffer);
    return buffer;
  }

  /**
   * Gives back a buffer of `take`'s, kept for the next interval while the free memory stays within
   * its bytes (the smallest go first: the largest serve every interval). Nothing may read or write
   * it after.
   */
  give(buffer: Buffer): void {
    const memory = buffer.buffer;
    if (!this.lent.delete(buffer) || !(memory instanceof SharedArrayBuffer)) return;
    this.free.push(memory);
    this.free.sort((a, b) => b.byteLength - a.byteLength);
    while (this.size.bytes > this.maxBytes) this.free.pop();
  }

  /** The free memory kept (for /healthz). */
  get size(): { entries: number; bytes: number } {
    let bytes = 0;
    for (const memory of this.free) bytes += memory.byteLength;
    return { entries: this.free.length, bytes };
  }
}
