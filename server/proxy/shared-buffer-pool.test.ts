import { describe, expect, it } from 'vitest';
import { SharedBufferPool } from './shared-buffer-pool.ts';

describe('SharedBufferPool', () => {
  it('gives buffers of the length asked, over shared memory', () => {
    const buffer = new SharedBufferPool().take(1000);
    expect(buffer.length).toBe(1000);
    expect(buffer.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('joins the next interval into the memory given back, when it fits', () => {
    const pool = new SharedBufferPool();
    const first = pool.take(1000);
    pool.give(first);
    expect(pool.size.entries).toBe(1);
    const second = pool.take(1100); // a little longer: it still fits
    expect(second.buffer).toBe(first.buffer);
    expect(pool.size).toEqual({ entries: 0, bytes: 0 });
    expect(pool.take(5000).buffer).not.toBe(first.buffer);
  });

  it('never hands out memory still in use', () => {
    const pool = new SharedBufferPool();
    const a = pool.take(100);
    const b = pool.take(100);
    expect(b.buffer).not.toBe(a.buffer);
    pool.give(a);
    pool.give(a); // given twice: still kept once
    expect(pool.size.entries).toBe(1);
    const c = pool.take(100);
    const d = pool.take(100);
    expect(c.buffer).toBe(a.buffer);
    expect(d.buffer).not.toBe(a.buffer);
  });

  it('keeps no more free memory than its bytes, the largest first', () => {
    const pool = new SharedBufferPool(3000);
    const small = pool.take(800); // 1,000 bytes of memory
    const large = pool.take(1600); // 2,000
    const middle = pool.take(1200); // 1,500
    pool.give(small);
    pool.give(large);
    pool.give(middle);
    expect(pool.size.bytes).toBeLessThanOrEqual(3000);
    expect(pool.take(1600).buffer).toBe(large.buffer);
  });

  it('keeps nothing that is not its own kind of memory, nor memory it did not lend', () => {
    const pool = new SharedBufferPool();
    pool.give(Buffer.alloc(100));
    pool.give(Buffer.from(new SharedArrayBuffer(100)));
    expect(pool.size.entries).toBe(0);
  });

  it('takes memory back once: given again after another took it, it stays with that one', () => {
    const pool = new SharedBufferPool();
    const first = pool.take(100);
    pool.give(first);
    const second = pool.take(100); // the same memory, lent again
    pool.give(first); // a stale give: ignored
    expect(pool.size.entries).toBe(0);
    expect(pool.take(100).buffer).not.toBe(second.buffer);
  });
});
