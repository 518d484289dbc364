// The ten codecs a ThousandEyes v7 RTP stream test can use, with the E-model's equipment
// impairment Ie and packet-loss robustness Bpl for each, and where every number comes from.
// Rows carry only `codecName` (v6 and v7 spell some names differently), so names are matched
// as well as ids. Sources and stand-ins are argued in docs/e-model.md.
import { rFromMos, DEFAULT_R, type CodecImpairment } from './e-model.ts';

export type ThousandEyesCodecId = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

export interface CodecProfile {
  codecId: ThousandEyesCodecId;
  /** The name the v7 specification gives it. */
  name: string;
  /** Ie from ITU-T G.113; undefined where G.113 has none (then the row's ceiling gives it). */
  ie: number | undefined;
  bpl: number;
  /** Where Ie and Bpl come from, in a few words (shown in the docs, kept with the numbers). */
  source: string;
}

/** G.711 with packet-loss concealment (G.711 Appendix I), G.113 Appendix I. */
const BPL_G711_PLC = 25.1;
/** G.729A + VAD, 2 frames (20 ms) a packet, G.113 Appendix I. */
const BPL_G729A = 19.0;

export const CODEC_PROFILES: readonly CodecProfile[] = [
  {
    codecId: '0',
    name: 'G.711 @ 64 Kbps',
    ie: 0,
    bpl: BPL_G711_PLC,
    source: 'G.113 App. I: Ie; Bpl for G.711 with its Appendix I PLC',
  },
  {
    codecId: '1',
    name: 'G.722.1 @ 24 Kbps',
    ie: 19,
    bpl: BPL_G729A,
    source:
      'G.113 wideband Ie,wb used on the narrowband scale; Bpl stand-in (G.729A, 20 ms frames)',
  },
  {
    codecId: '2',
    name: 'G.722.1 @ 32 Kbps',
    ie: 13,
    bpl: BPL_G729A,
    source:
      'G.113 wideband Ie,wb used on the narrowband scale; Bpl stand-in (G.729A, 20 ms frames)',
  },
  {
    codecId: '3',
    name: 'G.726 @ 32 Kbps',
    ie: 7,
    bpl: BPL_G711_PLC,
    source: 'G.113 App. I: Ie; Bpl stand-in (G.711 with PLC, also sample-based)',
  },
  {
    codecId: '4',
    name: 'G.723.1 @ 6.4 Kbps',
    ie: 15,
    bpl: 16.1,
    source: 'G.113 App. I, G.723.1 6.3 kbit/s + VAD, 30 ms',
  },
  {
    codecId: '5',
    name: 'G.729a @ 8 Kbps',
    ie: 11,
    bpl: BPL_G729A,
    source: 'G.113 App. I, G.729A + VAD, 20 ms',
  },
  {
    codecId: '6',
    name: 'RTAudio @ 45 Kbps',
    ie: undefined,
    bpl: BPL_G711_PLC,
    source: 'not in G.113: Ie from the row’s codecMaxMos; Bpl stand-in (G.711 with PLC)',
  },
  {
    codecId: '7',
    name: 'RTAudio @ 27.8 Kbps',
    ie: undefined,
    bpl: BPL_G711_PLC,
    source: 'not in G.113: Ie from the row’s codecMaxMos; Bpl stand-in (G.711 with PLC)',
  },
  {
    codecId: '8',
    name: 'SILK @ 36 Kbps',
    ie: undefined,
    bpl: BPL_G711_PLC,
    source: 'not in G.113: Ie from the row’s codecMaxMos; Bpl stand-in (G.711 with PLC)',
  },
  {
    codecId: '9',
    name: 'G.722 @ 64 Kbps',
    ie: 13,
    bpl: BPL_G711_PLC,
    source: 'G.113 wideband Ie,wb used on the narrowband scale; Bpl stand-in (G.711 with PLC)',
  },
];

export function codecProfileById(codecId: string): CodecProfile | undefined {
  return CODEC_PROFILES.find((profile) => profile.codecId === codecId.trim());
}

const CODEC_NAME =
  /^(g\.?711|g\.?722\.1|g\.?722|g\.?726|g\.?723(?:\.1)?|g\.?729a?|rtaudio|silk)(?:@([\d.]+)kbps?)?$/;

/**
 * The profile for a row's `codecName`, e.g. "G.711 @ 64 Kbps", "G.729a @ 8 Kbps", or the v6
 * spelling "G.722 @ 32 Kbps" (v6 names codec 2 so; G.722 itself has no 32 kbit/s mode, so it is
 * G.722.1). Undefined for a codec, or a rate, ThousandEyes does not offer.
 */
export function codecProfileByName(codecName: string): CodecProfile | undefined {
  // Every round names its codec, and a window has a handful of names: look them up once.
  if (profileByNameCache.has(codecName)) return profileByNameCache.get(codecName);
  const profile = readCodecName(codecName);
  if (profileByNameCache.size >= PROFILE_CACHE_SIZE) profileByNameCache.clear();
  profileByNameCache.set(codecName, profile);
  return profile;
}

const PROFILE_CACHE_SIZE = 256;
const profileByNameCache = new Map<string, CodecProfile | undefined>();

function readCodecName(codecName: string): CodecProfile | undefined {
  const match = CODEC_NAME.exec(codecName.toLowerCase().replace(/\s+/g, ''));
  if (!match) return undefined;
  const family = (match[1] ?? '').replace('g.', 'g');
  const rate = match[2] === undefined ? undefined : Number(match[2]);
  const id = codecIdOf(family, rate);
  return id === undefined ? undefined : codecProfileById(id);
}

function codecIdOf(family: string, rate: number | undefined): ThousandEyesCodecId | undefined {
  switch (family) {
    case 'g711':
      return rate === undefined || rate === 64 ? '0' : undefined;
    case 'g722.1':
    case 'g722':
      if (rate === 24) return '1';
      if (rate === 32) return '2';
      return family === 'g722' && (rate === undefined || rate === 64) ? '9' : undefined;
    case 'g726':
      return rate === undefined || rate === 32 ? '3' : undefined;
    case 'g723':
    case 'g723.1':
      return rate === undefined || rate === 6.4 || rate === 6.3 ? '4' : undefined;
    case 'g729':
    case 'g729a':
      return rate === undefined || rate === 8 ? '5' : undefined;
    case 'rtaudio':
      if (rate === 45) return '6';
      if (rate === 27.8) return '7';
      return undefined;
    case 'silk':
      return rate === undefined || rate === 36 ? '8' : undefined;
    default:
      return undefined;
  }
}

/**
 * The Ie and Bpl the model uses for a row: the profile's, and where G.113 gives no Ie, the Ie
 * that puts the model's ceiling at the row's own `codecMaxMos` (ThousandEyes' ceiling for it).
 */
export function codecImpairmentFor(profile: CodecProfile, codecMaxMos: number): CodecImpairment {
  const ie = profile.ie ?? Math.max(0, DEFAULT_R - rFromMos(codecMaxMos));
  return { ie, bpl: profile.bpl };
}
