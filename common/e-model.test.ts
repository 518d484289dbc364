import { describe, expect, it } from 'vitest';
import { codecImpairmentFor, codecProfileByName } from './e-model-codecs.ts';
import {
  BASIC_SIGNAL_TO_NOISE_RO,
  DEFAULT_R,
  delayImpairment,
  delayImpairmentParts,
  effectiveEquipmentImpairment,
  modelMos,
  mosFromR,
  rFromMos,
  simultaneousImpairment,
} from './e-model.ts';

describe('the defaults (G.107 Table 1)', () => {
  it('give Ro 94.77, Is 1.41 and R 93.2, which Annex B maps to 4.41 (G.711’s ceiling)', () => {
    expect(BASIC_SIGNAL_TO_NOISE_RO).toBeCloseTo(94.77, 2);
    expect(simultaneousImpairment(0)).toBeCloseTo(1.41, 2);
    expect(DEFAULT_R).toBeCloseTo(93.2, 1);
    expect(mosFromR(DEFAULT_R)).toBeCloseTo(4.41, 2);
  });
});

describe('delayImpairment (the full G.107 Id)', () => {
  // Id = Idte + Idle + Idd with T = Ta = the one-way delay and Tr = 2T.
  const worked: [delayMs: number, id: number][] = [
    [0, 0.15],
    [100, 2.69],
    [150, 3.82],
    [177.3, 5.3],
    [200, 7.55],
    [300, 20.69],
    [400, 31.11],
  ];
  it.each(worked)('at %f ms is %f', (delayMs, id) => {
    expect(delayImpairment(delayMs)).toBeCloseTo(id, 2);
  });

  it('charges absolute delay (Idd) only past 100 ms, by G.107 (7-27)', () => {
    expect(delayImpairmentParts(100).idd).toBe(0);
    expect(delayImpairmentParts(150).idd).toBeCloseTo(0.164, 3);
    // Ta = 200 ms: X = log2(2) = 1; Ta = 400 ms: X = 2.
    expect(delayImpairmentParts(200).idd).toBeCloseTo(
      25 * (2 ** (1 / 6) - 3 * (1 + (1 / 3) ** 6) ** (1 / 6) + 2),
      10,
    );
    expect(delayImpairmentParts(400).idd).toBeCloseTo(
      25 * ((1 + 2 ** 6) ** (1 / 6) - 3 * (1 + (2 / 3) ** 6) ** (1 / 6) + 2),
      10,
    );
  });

  it('is heavier than the simplified 0.024·d + 0.11·(d − 177.3) form around 177.3 ms', () => {
    const simplified = 0.024 * 177.3;
    expect(delayImpairment(177.3) - simplified).toBeGreaterThan(1);
  });

  it('treats a negative delay as none', () => {
    expect(delayImpairment(-5)).toBe(delayImpairment(0));
  });
});

describe('effectiveEquipmentImpairment (G.107 7-29, random loss)', () => {
  const g711 = { ie: 0, bpl: 25.1 };
  const g729a = { ie: 11, bpl: 19 };
  it.each([
    [g711, 0, 0],
    [g711, 1, 95 / 26.1],
    [g711, 2, 190 / 27.1],
    [g711, 5, 475 / 30.1],
    [g729a, 0, 11],
    [g729a, 1, 15.2],
    [g729a, 2, 19],
    [g729a, 5, 28.5],
  ])('for Ie %o at %f % loss is %f', (codec, lossPercent, ieEff) => {
    expect(effectiveEquipmentImpairment(codec, lossPercent)).toBeCloseTo(ieEff, 10);
  });

  it('makes burstier loss cost more', () => {
    expect(effectiveEquipmentImpairment(g711, 2, 2)).toBeGreaterThan(
      effectiveEquipmentImpairment(g711, 2),
    );
  });
});

describe('mosFromR (G.107 Annex B)', () => {
  it.each([
    [-10, 1],
    [0, 1],
    [50, 2.575],
    [60, 3.1],
    [70, 3.597],
    [80, 4.024],
    [90, 4.339],
    [100, 4.5],
    [120, 4.5],
  ])('maps R %f to MOS %f', (r, mos) => {
    expect(mosFromR(r)).toBeCloseTo(mos, 10);
  });

  it('holds the floor at 1 where the polynomial dips below it, so MOS never falls as R rises', () => {
    expect(mosFromR(3)).toBe(1);
    for (let r = 0; r < 100; r += 0.25)
      expect(mosFromR(r + 0.25)).toBeGreaterThanOrEqual(mosFromR(r));
  });

  it('is inverted by rFromMos', () => {
    for (const r of [10, 42.5, 80.2, 93.2]) expect(rFromMos(mosFromR(r))).toBeCloseTo(r, 6);
  });
});

// Every published ThousandEyes voice sample with its inputs: the seed (the original v6
// /voice/metrics page), the v6 /voice/rtp-stream reference and the v7 SDK's example row.
// docs/e-model.md carries the same table; the tolerance is stated there.
const PUBLISHED_TOLERANCE_MOS = 0.005;
const published = [
  {
    source: 'v6 /voice/metrics (seed)',
    codecName: 'G.722 @ 32 Kbps',
    codecMaxMos: 4.03,
    latency: 75,
    loss: 0,
    discards: 0,
    mos: 3.95378,
  },
  {
    source: 'v6 /voice/rtp-stream',
    codecName: 'G.711 @ 64 Kbps',
    codecMaxMos: 4.41,
    latency: 103,
    loss: 0,
    discards: 0,
    mos: 4.351024,
  },
  {
    source: 'v7 SDK RtpStreamTestResult',
    codecName: 'G.711 @ 64 Kbps',
    codecMaxMos: 4.41,
    latency: 103,
    loss: 0,
    discards: 0,
    mos: 4.351024,
  },
];

describe('the model against ThousandEyes’ published samples', () => {
  it.each(published)(
    '$source: MOS from its latency, loss, discards and codec is within 0.005 of the reported',
    (sample) => {
      const profile = codecProfileByName(sample.codecName);
      if (!profile) throw new Error(`no profile for ${sample.codecName}`);
      const codec = codecImpairmentFor(profile, sample.codecMaxMos);
      const mos = modelMos(codec, sample.latency, sample.loss + sample.discards);
      expect(Math.abs(mos - sample.mos)).toBeLessThanOrEqual(PUBLISHED_TOLERANCE_MOS);
      // And the model's ceiling is the published codecMaxMos, to its two decimals.
      expect(modelMos(codec, 0, 0).toFixed(2)).toBe(sample.codecMaxMos.toFixed(2));
    },
  );

  it('would miss the seed by more than the tolerance if the 40 ms jitter buffer were added', () => {
    const [seed] = published;
    if (!seed) throw new Error('no seed sample');
    const profile = codecProfileByName(seed.codecName);
    if (!profile) throw new Error(`no profile for ${seed.codecName}`);
    const codec = codecImpairmentFor(profile, seed.codecMaxMos);
    expect(Math.abs(modelMos(codec, seed.latency + 40, 0) - seed.mos)).toBeGreaterThan(
      PUBLISHED_TOLERANCE_MOS,
    );
  });
});
