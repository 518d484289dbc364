// Deterministic integer hashing: every simulated value is a pure function of its inputs, so the
// same request always gets the same body. No Math.random anywhere in the simulator.

/** A 32-bit avalanche mix (the finaliser of MurmurHash3). */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a few integers (which may exceed 32 bits, like epoch seconds) into one 32-bit value. */
export function hashInts(...values: number[]): number {
  let h = 0x9e37_79b9;
  for (const value of values) {
    const low = value >>> 0;
    const high = Math.floor(value / 0x1_0000_0000) >>> 0;
    h = mix32(h ^ low);
    h = mix32(h ^ high ^ 0x2545_f491);
  }
  return h;
}

/** Hashes a string into a 32-bit value (FNV-1a, then mixed). */
export function hashString(text: string): number {
  let h = 0x811c_9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x0100_0193);
  }
  return mix32(h);
}

/** A uniform number in [0, 1) from a 32-bit hash. */
export function unit(hash: number): number {
  return hash / 0x1_0000_0000;
}

/**
 * A small seeded generator for drawing several values from one hash (xorshift32). Cheap enough to
 * run a million times in a benchmark.
 */
export class SeededSequence {
  private state: number;

  constructor(seed: number) {
    this.state = mix32(seed) || 0x6d2b_79f5;
  }

  /** The next uniform number in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x1_0000_0000;
  }
}
