import { describe, expect, it } from 'vitest';
import {
  attributeRound,
  dominantCause,
  summariseAttributions,
  type Attribution,
  type RoundMetrics,
} from './e-model-attribution.ts';
import { CODEC_PROFILES } from './e-model-codecs.ts';
import { seededRandom } from './seeded-random.ts';

type Attributed = Extract<Attribution, { attributed: true }>;

function attributed(row: RoundMetrics, addedDelayMs?: number): Attributed {
  const result = attributeRound(row, addedDelayMs === undefined ? {} : { addedDelayMs });
  if (!result.attributed) throw new Error(`not attributed: ${result.reason}`);
  return result;
}

const healthyG711: RoundMetrics = {
  errorDetail: '',
  codecName: 'G.711 @ 64 Kbps',
  codecMaxMos: 4.41,
  mos: 4.351024,
  latency: 103,
  loss: 0,
  discards: 0,
};

describe('attributeRound', () => {
  it('puts a published healthy round’s small gap on delay, with the model’s miss as unexplained', () => {
    const result = attributed(healthyG711);
    expect(result.gap).toBeCloseTo(0.058976, 6);
    expect(result.loss).toBe(0);
    expect(result.discards).toBe(0);
    expect(result.delay).toBeCloseTo(result.modelCeiling - result.modelMos, 12);
    expect(result.delay).toBeCloseTo(0.056, 3);
    // 4.41 vs the model's 4.4094 ceiling, and 4.3535 modelled vs 4.3510 reported.
    expect(result.unexplained).toBeCloseTo(0.0031, 4);
  });

  it('splits a lossy, late round (worked example in docs/e-model.md)', () => {
    const result = attributed({
      ...healthyG711,
      latency: 180,
      loss: 2,
      discards: 1,
      mos: 4.0,
    });
    expect(result.gap).toBeCloseTo(0.41, 10);
    expect(result.modelMos).toBeCloseTo(3.934, 3);
    expect(result.loss).toBeCloseTo(0.203, 3);
    expect(result.discards).toBeCloseTo(0.103, 3);
    expect(result.delay).toBeCloseTo(0.17, 3);
    expect(result.unexplained).toBeCloseTo(-0.066, 3);
    expect(dominantCause(result)).toBe('loss');
  });

  it('counts a removal that would lower the MOS as no cost (the echo dip at 1–2 ms)', () => {
    // At 1 ms the talker-echo term is negative: the model's MOS is above its own ceiling.
    const result = attributed({ ...healthyG711, latency: 1, mos: 4.4 });
    expect(result.modelMos).toBeGreaterThan(result.modelCeiling);
    expect(result.delay).toBe(0);
    expect(result.unexplained).toBeCloseTo(result.gap, 12);
  });

  it('adds the assumed jitter buffer and packetisation to the delay, never to the network’s share', () => {
    const without = attributed({ ...healthyG711, latency: 0 });
    const withBuffer = attributed({ ...healthyG711, latency: 0 }, 60);
    expect(without.delay).toBe(0);
    expect(withBuffer.delay).toBe(0);
    expect(withBuffer.modelCeiling).toBeLessThan(without.modelCeiling);
  });

  it.each<[string, Partial<RoundMetrics>, RegExp]>([
    ['an error', { errorDetail: 'Connection timed out' }, /error: Connection timed out/],
    ['no MOS', { mos: undefined }, /no mos/],
    ['no latency or loss', { latency: undefined, loss: Number.NaN }, /no latency, loss/],
    ['no codecMaxMos', { codecMaxMos: undefined }, /no codecMaxMos/],
    ['no discards', { discards: undefined }, /no discards/],
    ['a MOS out of range', { mos: 7 }, /outside 1–5/],
    ['a negative latency', { latency: -3 }, /negative/],
    ['loss over 100 %', { loss: 140 }, /outside 0–100/],
    ['an unknown codec', { codecName: 'Opus @ 24 Kbps' }, /Opus @ 24 Kbps.*not one ThousandEyes/],
  ])('gives no attribution for a round with %s, and says why', (_, change, reason) => {
    const result = attributeRound({ ...healthyG711, ...change });
    expect(result.attributed).toBe(false);
    if (!result.attributed) expect(result.reason).toMatch(reason);
  });
});

describe('attributeRound on seeded random rounds', () => {
  const random = seededRandom(18);
  const names = CODEC_PROFILES.map((profile) => profile.name);
  const rows: RoundMetrics[] = Array.from({ length: 4000 }, () => {
    const codecMaxMos = 3.5 + random();
    return {
      errorDetail: '',
      codecName: names[Math.floor(random() * names.length)] ?? 'G.711 @ 64 Kbps',
      codecMaxMos,
      mos: 1 + random() * (codecMaxMos - 1 + 0.05),
      latency: random() < 0.1 ? random() * 5 : random() * 600,
      loss: random() < 0.3 ? 0 : random() * 30,
      discards: random() < 0.5 ? 0 : random() * 20,
    };
  });

  it('attributes every complete round of a known codec', () => {
    for (const row of rows) expect(attributeRound(row).attributed).toBe(true);
  });

  it('always splits exactly the measured gap: delay + loss + discards + unexplained', () => {
    for (const row of rows) {
      const result = attributed(row);
      expect(result.gap).toBeCloseTo((row.codecMaxMos ?? 0) - (row.mos ?? 0), 12);
      expect(result.delay + result.loss + result.discards + result.unexplained).toBeCloseTo(
        result.gap,
        12,
      );
    }
  });

  it('never gives delay, loss or discards a negative share, and none to an absent impairment', () => {
    for (const row of rows) {
      const result = attributed(row);
      expect(result.delay).toBeGreaterThanOrEqual(0);
      expect(result.loss).toBeGreaterThanOrEqual(0);
      expect(result.discards).toBeGreaterThanOrEqual(0);
      if (row.loss === 0) expect(result.loss).toBe(0);
      if (row.discards === 0) expect(result.discards).toBe(0);
    }
  });

  it('gives the network exactly what the model says it cost (its ceiling less its MOS)', () => {
    for (const row of rows) {
      const result = attributed(row);
      expect(result.delay + result.loss + result.discards).toBeCloseTo(
        Math.max(0, result.modelCeiling - result.modelMos),
        12,
      );
    }
  });

  it('gives no attribution, never a guess, when any input is missing or the round erred', () => {
    const fields = ['mos', 'codecMaxMos', 'latency', 'loss', 'discards'] as const;
    rows.forEach((row, index) => {
      const field = fields[index % fields.length] ?? 'mos';
      const broken =
        index % 7 === 0
          ? { ...row, errorDetail: 'No RTP packets received by the server' }
          : { ...row, [field]: index % 2 === 0 ? undefined : Number.NaN };
      const result = attributeRound(broken);
      expect(result.attributed).toBe(false);
      expect('delay' in result).toBe(false);
    });
  });
});

describe('dominantCause', () => {
  const parts = { delay: 0, loss: 0, discards: 0, unexplained: 0 };
  it('names the biggest part', () => {
    expect(dominantCause({ ...parts, delay: 0.3, loss: 0.2 })).toBe('delay');
    expect(dominantCause({ ...parts, discards: 0.4, loss: 0.2 })).toBe('discards');
  });
  it('names "unexplained" when the model cannot account for the biggest share', () => {
    expect(dominantCause({ ...parts, loss: 0.2, unexplained: 0.5 })).toBe('unexplained');
  });
  it('says "none" when every part is negligible', () => {
    expect(dominantCause({ ...parts, loss: 0.04, unexplained: -0.3 })).toBe('none');
    expect(dominantCause({ ...parts, loss: 0.04 }, 0.01)).toBe('loss');
  });
  it('breaks a tie in a fixed order: loss, discards, delay', () => {
    expect(dominantCause({ ...parts, delay: 0.2, loss: 0.2, discards: 0.2 })).toBe('loss');
  });
});

describe('summariseAttributions', () => {
  it('means each part over the attributable rounds, still adding up to the mean gap', () => {
    const rounds = [
      attributeRound(healthyG711),
      attributeRound({ ...healthyG711, loss: 3, mos: 3.9 }),
      attributeRound({ ...healthyG711, errorDetail: 'Connection timed out' }),
    ];
    const summary = summariseAttributions(rounds);
    if (!summary.attributed) throw new Error(summary.reason);
    expect(summary.attributedRounds).toBe(2);
    expect(summary.unattributedRounds).toBe(1);
    const [first, second] = rounds;
    if (!first?.attributed || !second?.attributed) throw new Error('not attributed');
    expect(summary.loss).toBeCloseTo((first.loss + second.loss) / 2, 12);
    expect(summary.gap).toBeCloseTo((first.gap + second.gap) / 2, 12);
    expect(summary.delay + summary.loss + summary.discards + summary.unexplained).toBeCloseTo(
      summary.gap,
      12,
    );
    expect(dominantCause(summary)).toBe('loss');
  });

  it('gives no attribution when no round has one, and says how many there were', () => {
    const summary = summariseAttributions([
      attributeRound({ ...healthyG711, mos: undefined }),
      attributeRound({ ...healthyG711, errorDetail: 'x' }),
    ]);
    expect(summary).toEqual({
      attributed: false,
      reason: 'none of the 2 rounds could be attributed',
      unattributedRounds: 2,
    });
    expect(summariseAttributions([])).toMatchObject({ attributed: false, reason: 'no rounds' });
  });
});
