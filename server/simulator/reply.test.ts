import { describe, expect, it } from 'vitest';
import { bodyPieces } from './reply.ts';

describe('bodyPieces', () => {
  it('gives back the UTF-8 of the whole text, in pieces of tens of kB', () => {
    const text = `[${'{"agentName":"São Paulo ✓"},'.repeat(20_000)}{}]`;
    const pieces = bodyPieces(text);
    expect(pieces.length).toBeGreaterThan(10);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(3 * 32 * 1024);
    expect(Buffer.concat(pieces).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('never cuts a surrogate pair in two, wherever it falls', () => {
    // An emoji is two UTF-16 units: shifted by one unit, one of them straddles every piece's end.
    for (const lead of ['', 'x']) {
      const text = lead + '🎧'.repeat(40_000);
      expect(Buffer.concat(bodyPieces(text)).toString('utf8')).toBe(text);
    }
  });

  it('keeps a surrogate pair whole when it straddles two pieces written apart', () => {
    const parts = ['{"name":"', 'a\ud83c', '\udfa7"}'];
    expect(Buffer.concat(bodyPieces(parts)).toString('utf8')).toBe('{"name":"a🎧"}');
  });

  it('joins pieces written apart, each cut as one text would be', () => {
    const parts = ['{"results":', 'a'.repeat(70_000), ',"x":1}'];
    expect(Buffer.concat(bodyPieces(parts)).toString('utf8')).toBe(parts.join(''));
  });
});
