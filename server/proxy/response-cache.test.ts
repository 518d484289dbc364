import { describe, expect, it } from 'vitest';
import { ResponseCache, type CachedAnswer } from './response-cache.ts';

const answer = (bytes: number): CachedAnswer => ({
  status: 200,
  headers: {},
  body: Buffer.alloc(bytes, 1),
});

describe('ResponseCache', () => {
  it('forgets entries after their time', () => {
    let now = 0;
    const cache = new ResponseCache({
      ttlMs: 1000,
      maxEntries: 10,
      maxBytes: 1000,
      nowMs: () => now,
    });
    cache.set('a', answer(10));
    now = 999;
    expect(cache.get('a')).toBeDefined();
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('keeps within its entry and byte bounds, dropping the least recently used', () => {
    const cache = new ResponseCache({ ttlMs: 60_000, maxEntries: 3, maxBytes: 100 });
    cache.set('a', answer(30));
    cache.set('b', answer(30));
    cache.set('c', answer(30));
    cache.get('a'); // a is now the most recently used
    cache.set('d', answer(30));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.size).toEqual({ entries: 3, bytes: 90 });
    cache.set('e', answer(60));
    expect(cache.size.bytes).toBeLessThanOrEqual(100);
    cache.set('huge', answer(101));
    expect(cache.get('huge')).toBeUndefined();
  });

  it('keeps compressed forms of a cached answer once, counted in the byte bound', () => {
    const cache = new ResponseCache({ ttlMs: 1000, maxEntries: 10, maxBytes: 100, nowMs: () => 0 });
    const first = answer(40);
    cache.set('a', first);
    cache.keepEncoded(first, 'br', Buffer.alloc(10));
    cache.keepEncoded(first, 'gzip', Buffer.alloc(12));
    expect(cache.get('a')?.encoded?.br).toHaveLength(10);
    expect(cache.size).toEqual({ entries: 1, bytes: 62 });
    // Not kept for an answer the cache does not hold.
    const stranger = answer(5);
    cache.keepEncoded(stranger, 'br', Buffer.alloc(3));
    expect(stranger.encoded).toBeUndefined();
    // The compressed forms count: a second entry pushes the first (and its forms) out.
    cache.set('b', answer(40));
    expect(cache.size).toEqual({ entries: 1, bytes: 40 });
    expect(cache.get('a')).toBeUndefined();
  });
});
