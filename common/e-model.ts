// The ITU-T G.107 E-model as ThousandEyes' RTP stream MOS follows it: the transmission rating
// R = Ro − Is − Id − Ie,eff + A from one-way delay and packet loss, the codecs' Ie and Bpl
// (ITU-T G.113 Appendix I, and stand-ins where it has none), and R → MOS (G.107 Annex B).
// Pure and framework-free: the browser and the simulator use the same numbers.
// The model, its sources and its limits: docs/e-model.md.

/** G.107 (06/2015) Table 1 defaults for everything Earshot does not measure. */
const SLR = 8; // send loudness rating, dB
const RLR = 2; // receive loudness rating, dB
const STMR = 15; // sidetone masking rating, dB
const LSTR = 18; // listener sidetone rating, dB (STMR + Dr)
const DS = 3; // D-value of the telephone, send side
const TELR = 65; // talker echo loudness rating, dB
const WEPL = 110; // weighted echo path loss, dB
const QDU = 1; // quantizing distortion units
const NC = -70; // circuit noise at the 0 dBr point, dBm0p
const NFOR = -64; // noise floor at the receive side, dBmp
const PS = 35; // room noise at the send side, dB(A)
const PR = 35; // room noise at the receive side, dB(A)
const ADVANTAGE_FACTOR = 0; // A: no advantage of access
const M_T = 100; // mT: the delay (ms) below which absolute delay costs nothing
const S_T = 1; // sT: sharpness of the absolute-delay curve

const log10 = Math.log10;

// The noise and loudness terms depend on no measured input: computed once.
const OLR = SLR + RLR;
const PRE = PR + 10 * log10(1 + 10 ** ((10 - LSTR) / 10));
const NOS = PS - SLR - DS - 100 + 0.004 * (PS - OLR - DS - 14) ** 2;
const NOR = RLR - 121 + PRE + 0.008 * (PRE - 35) ** 2;
const NFO = NFOR + RLR;
/** Total noise No (dBm0p), G.107 (7-3). */
export const NOISE_NO =
  10 * log10(10 ** (NC / 10) + 10 ** (NOS / 10) + 10 ** (NOR / 10) + 10 ** (NFO / 10));
/** Basic signal-to-noise ratio Ro, G.107 (7-2). */
export const BASIC_SIGNAL_TO_NOISE_RO = 15 - 1.5 * (SLR + NOISE_NO);
const XOLR = OLR + 0.2 * (64 + NOISE_NO - RLR);
const IOLR = 20 * ((1 + (XOLR / 8) ** 8) ** (1 / 8) - XOLR / 8);
const Q = 37 - 15 * log10(QDU);
const G = 1.07 + 0.258 * Q + 0.0602 * Q * Q;
const IQ =
  15 *
  log10(
    1 + 10 ** ((BASIC_SIGNAL_TO_NOISE_RO - 100) / 15 + 46 / 8.4 - G / 9) + 10 ** (46 / 30 - G / 40),
  );
const ROE = -1.5 * (NOISE_NO - RLR);

/** Sidetone impairment Ist, G.107 (7-11): it varies (a little) with the echo path delay T. */
function sidetoneImpairment(t: number): number {
  const stmro = -10 * log10(10 ** (-STMR / 10) + Math.exp(-t / 4) * 10 ** (-TELR / 10));
  return (
    12 * (1 + ((stmro - 13) / 6) ** 8) ** (1 / 8) -
    28 * (1 + ((stmro + 1) / 19.4) ** 35) ** (1 / 35) -
    13 * (1 + ((stmro - 3) / 33) ** 13) ** (1 / 13) +
    29
  );
}

/** Simultaneous impairment Is = Iolr + Ist + Iq, G.107 (7-8). */
export function simultaneousImpairment(oneWayDelayMs: number): number {
  return IOLR + sidetoneImpairment(Math.max(0, oneWayDelayMs)) + IQ;
}

export interface DelayImpairment {
  /** Talker echo, G.107 (7-19). */
  idte: number;
  /** Listener echo, G.107 (7-25). */
  idle: number;
  /** Too-long absolute delay, G.107 (7-27). */
  idd: number;
  /** Id = Idte + Idle + Idd. */
  id: number;
}

/**
 * The full G.107 delay impairment for a one-way mouth-to-ear delay: the echo path delay T and
 * the absolute delay Ta are both that delay and the round-trip delay Tr is twice it, with the
 * default echo ratings. Not the simplified 0.024·d + 0.11·(d − 177.3) form: the full one is what
 * reproduces ThousandEyes' published MOS (docs/e-model.md).
 */
export function delayImpairmentParts(oneWayDelayMs: number): DelayImpairment {
  const t = Math.max(0, oneWayDelayMs);
  const ta = t;
  const tr = 2 * t;
  const terv = TELR - 40 * log10((1 + t / 10) / (1 + t / 150)) + 6 * Math.exp(-0.3 * t * t);
  const re = 80 + 2.5 * (terv - 14);
  // Below 1 ms there is no echo path to speak of; the formula's value there is an artefact.
  const idte =
    t < 1 ? 0 : ((ROE - re) / 2 + Math.sqrt((ROE - re) ** 2 / 4 + 100) - 1) * (1 - Math.exp(-t));
  const rle = 10.5 * (WEPL + 7) * (tr + 1) ** -0.25;
  const ro = BASIC_SIGNAL_TO_NOISE_RO;
  const idle = (ro - rle) / 2 + Math.sqrt((ro - rle) ** 2 / 4 + 169);
  let idd = 0;
  if (ta > M_T) {
    const x = log10(ta / M_T) / log10(2);
    idd =
      25 *
      ((1 + x ** (6 * S_T)) ** (1 / (6 * S_T)) -
        3 * (1 + (x / 3) ** (6 * S_T)) ** (1 / (6 * S_T)) +
        2);
  }
  return { idte, idle, idd, id: idte + idle + idd };
}

/** Id for a one-way mouth-to-ear delay in ms. */
export function delayImpairment(oneWayDelayMs: number): number {
  return delayImpairmentParts(oneWayDelayMs).id;
}

export interface CodecImpairment {
  /** Equipment impairment factor Ie with no loss. */
  ie: number;
  /** Packet-loss robustness factor Bpl. */
  bpl: number;
}

/** BurstR = 1: random loss. ThousandEyes reports no burstiness, so the model assumes none. */
export const RANDOM_LOSS_BURST_RATIO = 1;

/** Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl/BurstR + Bpl), G.107 (7-29); Ppl in percent. */
export function effectiveEquipmentImpairment(
  codec: CodecImpairment,
  packetLossPercent: number,
  burstRatio: number = RANDOM_LOSS_BURST_RATIO,
): number {
  const ppl = Math.max(0, packetLossPercent);
  return codec.ie + ((95 - codec.ie) * ppl) / (ppl / burstRatio + codec.bpl);
}

/**
 * G.107 Annex B: R → MOS. The polynomial dips to 0.99 for 0 < R < 6.5; the result is held at
 * 1, the scale's floor, so MOS never falls as R rises.
 */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return Math.max(1, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
}

/** The R that Annex B maps to a MOS (the inverse of mosFromR over 6.5 ≤ R ≤ 100). */
export function rFromMos(mos: number): number {
  if (mos <= 1) return 0;
  if (mos >= 4.5) return 100;
  let low = 0;
  let high = 100;
  for (let step = 0; step < 60; step++) {
    const mid = (low + high) / 2;
    if (mosFromR(mid) < mos) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

// Is + Id cost a dozen powers and logarithms; delays repeat (whole milliseconds, mostly), so the
// simulator's hot loop and an attribution's counterfactuals look them up instead. Bounded.
const DELAY_TERMS_CACHE_SIZE = 4096;
const delayTermsCache = new Map<number, number>();

function delayTerms(mouthToEarDelayMs: number): number {
  const cached = delayTermsCache.get(mouthToEarDelayMs);
  if (cached !== undefined) return cached;
  const terms = simultaneousImpairment(mouthToEarDelayMs) + delayImpairment(mouthToEarDelayMs);
  if (delayTermsCache.size >= DELAY_TERMS_CACHE_SIZE) delayTermsCache.clear();
  delayTermsCache.set(mouthToEarDelayMs, terms);
  return terms;
}

/** R = Ro − Is − Id − Ie,eff + A for a mouth-to-ear delay and a packet loss (percent). */
export function transmissionRating(
  codec: CodecImpairment,
  mouthToEarDelayMs: number,
  packetLossPercent: number,
): number {
  return (
    BASIC_SIGNAL_TO_NOISE_RO -
    delayTerms(mouthToEarDelayMs) -
    effectiveEquipmentImpairment(codec, packetLossPercent) +
    ADVANTAGE_FACTOR
  );
}

/** The model's MOS for a mouth-to-ear delay (ms) and a packet loss (percent). */
export function modelMos(
  codec: CodecImpairment,
  mouthToEarDelayMs: number,
  packetLossPercent: number,
): number {
  return mosFromR(transmissionRating(codec, mouthToEarDelayMs, packetLossPercent));
}

/** The R of an unimpaired narrowband connection with the defaults (G.107: about 93.2). */
export const DEFAULT_R = transmissionRating({ ie: 0, bpl: 1 }, 0, 0);
