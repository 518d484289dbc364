import { describe, expect, it } from 'vitest';
import {
  CODEC_PROFILES,
  codecImpairmentFor,
  codecProfileById,
  codecProfileByName,
} from './e-model-codecs.ts';
import { modelMos } from './e-model.ts';

describe('CODEC_PROFILES', () => {
  it('holds the ten v7 codecs with their Ie and Bpl', () => {
    expect(CODEC_PROFILES.map(({ codecId, name, ie, bpl }) => [codecId, name, ie, bpl])).toEqual([
      ['0', 'G.711 @ 64 Kbps', 0, 25.1],
      ['1', 'G.722.1 @ 24 Kbps', 19, 19],
      ['2', 'G.722.1 @ 32 Kbps', 13, 19],
      ['3', 'G.726 @ 32 Kbps', 7, 25.1],
      ['4', 'G.723.1 @ 6.4 Kbps', 15, 16.1],
      ['5', 'G.729a @ 8 Kbps', 11, 19],
      ['6', 'RTAudio @ 45 Kbps', undefined, 25.1],
      ['7', 'RTAudio @ 27.8 Kbps', undefined, 25.1],
      ['8', 'SILK @ 36 Kbps', undefined, 25.1],
      ['9', 'G.722 @ 64 Kbps', 13, 25.1],
    ]);
  });

  it('says where each number comes from', () => {
    for (const profile of CODEC_PROFILES) expect(profile.source).not.toBe('');
  });
});

describe('codecProfileByName', () => {
  it('finds every v7 name, whatever the spacing and case', () => {
    for (const profile of CODEC_PROFILES) {
      expect(codecProfileByName(profile.name)?.codecId).toBe(profile.codecId);
      expect(codecProfileByName(profile.name.toUpperCase().replace(/ /g, ''))?.codecId).toBe(
        profile.codecId,
      );
    }
  });

  it('reads the v6 names: "G.722 @ 32 Kbps" is codec 2, G.722.1 (G.722 has no 32 kbit/s mode)', () => {
    expect(codecProfileByName('G.722 @ 32 Kbps')?.codecId).toBe('2');
    expect(codecProfileByName('G.722 @ 24 Kbps')?.codecId).toBe('1');
    expect(codecProfileByName('G.729 @ 8 Kbps')?.codecId).toBe('5');
    expect(codecProfileByName('G.723.1 @ 6.3 Kbps')?.codecId).toBe('4');
  });

  it('knows nothing of codecs or rates ThousandEyes does not offer', () => {
    expect(codecProfileByName('Opus @ 24 Kbps')).toBeUndefined();
    expect(codecProfileByName('G.726 @ 16 Kbps')).toBeUndefined();
    expect(codecProfileByName('G.723.1 @ 5.3 Kbps')).toBeUndefined();
    expect(codecProfileByName('')).toBeUndefined();
  });

  it('agrees with codecProfileById', () => {
    expect(codecProfileById(' 5 ')).toBe(codecProfileByName('G.729a @ 8 Kbps'));
    expect(codecProfileById('10')).toBeUndefined();
  });
});

describe('codecImpairmentFor', () => {
  it('reproduces ThousandEyes’ published ceilings from the G.113 Ie (4.41 and 4.03)', () => {
    const g711 = codecProfileByName('G.711 @ 64 Kbps');
    const g7221 = codecProfileByName('G.722.1 @ 32 Kbps');
    if (!g711 || !g7221) throw new Error('missing profile');
    expect(modelMos(codecImpairmentFor(g711, 4.41), 0, 0).toFixed(2)).toBe('4.41');
    expect(modelMos(codecImpairmentFor(g7221, 4.03), 0, 0).toFixed(2)).toBe('4.03');
  });

  it('keeps the G.113 Ie even when a row’s ceiling disagrees (the difference stays visible)', () => {
    const g729a = codecProfileByName('G.729a @ 8 Kbps');
    if (!g729a) throw new Error('missing profile');
    expect(codecImpairmentFor(g729a, 3.5).ie).toBe(11);
  });

  it('takes Ie from the row’s codecMaxMos where G.113 has none (RTAudio, SILK)', () => {
    const silk = codecProfileByName('SILK @ 36 Kbps');
    if (!silk) throw new Error('missing profile');
    const codec = codecImpairmentFor(silk, 4.2);
    expect(codec.ie).toBeGreaterThan(0);
    expect(modelMos(codec, 0, 0)).toBeCloseTo(4.2, 6);
    expect(codec.bpl).toBe(25.1);
  });
});
