import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ClosedIntervalCache,
  storedBytes,
  storedForm,
  storeInterval,
  type StoredInterval,
} from './closed-interval-cache.ts';

function interval(text: string): Promise<StoredInterval> {
  return storeInterval({
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(text),
  });
}

describe('storeInterval', () => {
  it('keeps brotli and gzip forms that decode to the body', async () => {
    const entry = await interval(JSON.stringify({ results: Array(500).fill({ mos: 4.1 }) }));
    expect(brotliDecompressSync(storedForm(entry, 'br'))).toEqual(entry.body);
    expect(gunzipSync(storedForm(entry, 'gzip'))).toEqual(entry.body);
    expect(storedForm(entry, 'identity')).toBe(entry.body);
    expect(storedBytes(entry)).toBe(entry.body.length + entry.brotli.length + entry.gzip.length);
  });
});

describe('ClosedIntervalCache', () => {
  it('evicts the least recently used interval, whole, to stay within its bytes', async () => {
    const a = await interval('a'.repeat(2000));
    const b = await interval('b'.repeat(2000));
    const c = await interval('c'.repeat(2000));
    const cache = new ClosedIntervalCache(storedBytes(a) + storedBytes(b) + 10);
    cache.set('a', a);
    cache.set('b', b);
    expect(cache.get('a')).toBe(a); // a is now the most recently used
    cache.set('c', c);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
    expect(cache.get('c')).toBe(c);
    expect(cache.size).toEqual({ entries: 2, bytes: storedBytes(a) + storedBytes(c) });
  });

  it('keeps nothing larger than itself, and nothing at all at 0 bytes', async () => {
    const entry = await interval('x'.repeat(5000));
    const small = new ClosedIntervalCache(storedBytes(entry) - 1);
    small.set('x', entry);
    expect(small.size).toEqual({ entries: 0, bytes: 0 });
    const off = new ClosedIntervalCache(0);
    off.set('x', entry);
    expect(off.get('x')).toBeUndefined();
  });

  it('replaces an interval kept under the same key without counting it twice', async () => {
    const first = await interval('1'.repeat(3000));
    const second = await interval('2'.repeat(1000));
    const cache = new ClosedIntervalCache(1024 * 1024);
    cache.set('k', first);
    cache.set('k', second);
    expect(cache.size).toEqual({ entries: 1, bytes: storedBytes(second) });
  });
});
