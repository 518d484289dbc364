// Where a round's MOS went: the gap between the codec's ceiling (codecMaxMos) and the measured
// MOS split into what delay, loss and jitter-buffer discards cost by the E-model, plus the part
// the model does not explain. Counterfactual: each impairment's cost is the MOS the model gives
// with that one impairment removed, less the MOS it gives with all of them.
import { codecImpairmentFor, codecProfileByName, type CodecProfile } from './e-model-codecs.ts';
import { modelMos, type CodecImpairment } from './e-model.ts';

/** The fields of a round the model reads; the app's RoundResult has them under these names. */
export interface RoundMetrics {
  /** '' (or absent) when the round measured normally. */
  errorDetail?: string | undefined;
  mos: number | undefined;
  codecName: string;
  codecMaxMos: number | undefined;
  /** One-way latency, ms, as ThousandEyes reports it. */
  latency: number | undefined;
  /** Percent of packets lost. */
  loss: number | undefined;
  /** Percent of packets the jitter buffer discarded (arrived too late to play). */
  discards: number | undefined;
}

export interface AttributionOptions {
  /**
   * Delay added to the network's one-way latency to make the mouth-to-ear delay: jitter buffer
   * and packetisation. 0 by default, because that is what reproduces ThousandEyes' published
   * MOS (docs/e-model.md); it is never counted as the network's delay.
   */
  addedDelayMs?: number;
}

export const CAUSES = ['loss', 'discards', 'delay', 'unexplained'] as const;
export type Cause = (typeof CAUSES)[number];

export type Attribution =
  | { attributed: false; reason: string }
  | {
      attributed: true;
      /** codecMaxMos − mos: what the round lost. The four parts add up to it exactly. */
      gap: number;
      /** MOS the network's delay, loss and discards cost, by the model; never negative. */
      delay: number;
      loss: number;
      discards: number;
      /** gap − (delay + loss + discards): what the model does not explain; may be negative. */
      unexplained: number;
      reportedMos: number;
      codecMaxMos: number;
      /** The model's MOS for this round, and with no network impairment at all. */
      modelMos: number;
      modelCeiling: number;
    };

/**
 * Why the model cannot use a round's metrics, or undefined when it can. Allocates nothing for a
 * usable round: a dashboard attributes every round of a window (a million at 500 agents × a
 * week), and nearly all of them have every metric.
 */
function whyNotAttributable(row: RoundMetrics): string | undefined {
  if (row.errorDetail) return `the round has an error: ${row.errorDetail}`;
  const { mos, codecMaxMos, latency, loss, discards } = row;
  if (
    !isValue(mos) ||
    !isValue(codecMaxMos) ||
    !isValue(latency) ||
    !isValue(loss) ||
    !isValue(discards)
  ) {
    const absent = Object.entries({ mos, codecMaxMos, latency, loss, discards })
      .filter(([, value]) => !isValue(value))
      .map(([name]) => name);
    return `no ${absent.join(', ')} for this round`;
  }
  if (outside(mos, 1, 5) || outside(codecMaxMos, 1, 5)) {
    return `MOS ${mos} or codecMaxMos ${codecMaxMos} is outside 1–5`;
  }
  if (latency < 0) return `latency ${latency} ms is negative`;
  if (outside(loss, 0, 100) || outside(discards, 0, 100)) {
    return `loss ${loss} % or discards ${discards} % is outside 0–100 %`;
  }
  if (!codecProfileByName(row.codecName)) {
    return `codec "${row.codecName}" is not one ThousandEyes offers, so its Ie and Bpl are unknown`;
  }
  return undefined;
}

function isValue(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

function outside(value: number, low: number, high: number): boolean {
  return value < low || value > high;
}

/** A codec's Ie and Bpl for a ceiling, and the model's MOS with no impairment: one per pair. */
interface CodecModel {
  codec: CodecImpairment;
  /** The model's MOS at no delay and no loss (before any added delay). */
  unimpairedMos: number | undefined;
}

// A window has a handful of codecs and ceilings; where G.113 gives no Ie, finding it from the
// ceiling is a search. Looked up once per pair. Bounded.
const CODEC_MODEL_CACHE_SIZE = 256;
const codecModelCache = new Map<CodecProfile, Map<number, CodecModel>>();

function codecModelFor(profile: CodecProfile, codecMaxMos: number): CodecModel {
  let byCeiling = codecModelCache.get(profile);
  if (!byCeiling) {
    byCeiling = new Map();
    codecModelCache.set(profile, byCeiling);
  }
  let model = byCeiling.get(codecMaxMos);
  if (!model) {
    if (byCeiling.size >= CODEC_MODEL_CACHE_SIZE) byCeiling.clear();
    model = { codec: codecImpairmentFor(profile, codecMaxMos), unimpairedMos: undefined };
    byCeiling.set(codecMaxMos, model);
  }
  return model;
}

/** One attributed round's figures; written in place by attributeInto. */
type AttributedParts = Omit<Extract<Attribution, { attributed: true }>, 'attributed'>;

function emptyParts(): AttributedParts {
  return {
    gap: 0,
    delay: 0,
    loss: 0,
    discards: 0,
    unexplained: 0,
    reportedMos: 0,
    codecMaxMos: 0,
    modelMos: 0,
    modelCeiling: 0,
  };
}

/**
 * Attributes one round into `parts` (overwritten), or says why not. The one place the split is
 * computed: attributeRound returns it as an object, AttributionSums adds it up without one.
 */
function attributeInto(
  row: RoundMetrics,
  options: AttributionOptions,
  parts: AttributedParts,
): string | undefined {
  const reason = whyNotAttributable(row);
  if (reason !== undefined) return reason;
  const reportedMos = row.mos as number;
  const codecMaxMos = row.codecMaxMos as number;
  const latency = row.latency as number;
  const loss = row.loss as number;
  const discards = row.discards as number;
  const codecModel = codecModelFor(codecProfileByName(row.codecName) as CodecProfile, codecMaxMos);
  const { codec } = codecModel;
  const added = Math.max(0, options.addedDelayMs ?? 0);

  const model = modelMos(codec, latency + added, loss + discards);
  let modelCeiling: number;
  if (added === 0) {
    codecModel.unimpairedMos ??= modelMos(codec, 0, 0);
    modelCeiling = codecModel.unimpairedMos;
  } else {
    modelCeiling = modelMos(codec, added, 0);
  }
  // A removal that would lower the model's MOS (the talker-echo term dips below zero for
  // one-way delays of a few ms) cost nothing: such a gain counts as 0, never as negative.
  const delayGain = Math.max(0, modelMos(codec, added, loss + discards) - model);
  const lossGain = Math.max(0, modelMos(codec, latency + added, discards) - model);
  const discardsGain = Math.max(0, modelMos(codec, latency + added, loss) - model);
  // The gains overlap (MOS is not linear in R, nor Ie,eff in the loss): scale them so they add
  // up to what the model itself says the round lost.
  const modelGap = Math.max(0, modelCeiling - model);
  const gainSum = delayGain + lossGain + discardsGain;
  const scale = gainSum > 0 ? modelGap / gainSum : 0;
  parts.delay = delayGain * scale;
  parts.loss = lossGain * scale;
  parts.discards = discardsGain * scale;
  parts.gap = codecMaxMos - reportedMos;
  parts.unexplained = parts.gap - parts.delay - parts.loss - parts.discards;
  parts.reportedMos = reportedMos;
  parts.codecMaxMos = codecMaxMos;
  parts.modelMos = model;
  parts.modelCeiling = modelCeiling;
  return undefined;
}

/** Attribute one round, or say why not: an error, a missing metric, an unknown codec. */
export function attributeRound(row: RoundMetrics, options: AttributionOptions = {}): Attribution {
  const parts = emptyParts();
  const reason = attributeInto(row, options, parts);
  return reason === undefined ? { attributed: true, ...parts } : { attributed: false, reason };
}

/** Parts smaller than this (MOS) are noise, not a cause worth naming. */
export const NEGLIGIBLE_MOS = 0.05;

/**
 * The part that cost the most MOS, or 'none' when every part is negligible. 'unexplained' when
 * the model cannot account for the biggest share: then no network cause should be named.
 */
export function dominantCause(
  parts: Pick<Extract<Attribution, { attributed: true }>, Cause>,
  negligibleMos: number = NEGLIGIBLE_MOS,
): Cause | 'none' {
  let best: Cause | 'none' = 'none';
  let bestValue = negligibleMos;
  for (const cause of CAUSES) {
    if (parts[cause] >= bestValue && (best === 'none' || parts[cause] > bestValue)) {
      best = cause;
      bestValue = parts[cause];
    }
  }
  return best;
}

export type AttributionSummary =
  | { attributed: false; reason: string; unattributedRounds: number }
  | {
      attributed: true;
      /** Means over the attributable rounds; they add up to the mean gap exactly. */
      gap: number;
      delay: number;
      loss: number;
      discards: number;
      unexplained: number;
      attributedRounds: number;
      unattributedRounds: number;
    };

/**
 * An agent's rounds, or a window's, added up one round at a time without keeping them: the mean
 * of each part over the rounds that have one (summary()). The one way rounds are summarised.
 */
export class AttributionSums {
  private readonly sums = { gap: 0, delay: 0, loss: 0, discards: 0, unexplained: 0 };
  private attributedRounds = 0;
  private unattributedRounds = 0;
  /** Reused for every round added: nothing is allocated per round. */
  private readonly scratch = emptyParts();

  constructor(private readonly options: AttributionOptions = {}) {}

  /** Attributes a round and adds it in. */
  addRound(row: RoundMetrics): void {
    if (attributeInto(row, this.options, this.scratch) === undefined) this.add(this.scratch);
    else this.unattributedRounds++;
  }

  /** Adds a round already attributed. */
  addAttribution(attribution: Attribution): void {
    if (attribution.attributed) this.add(attribution);
    else this.unattributedRounds++;
  }

  private add(parts: Pick<AttributedParts, keyof AttributionSums['sums']>): void {
    this.attributedRounds++;
    this.sums.gap += parts.gap;
    this.sums.delay += parts.delay;
    this.sums.loss += parts.loss;
    this.sums.discards += parts.discards;
    this.sums.unexplained += parts.unexplained;
  }

  summary(): AttributionSummary {
    const { attributedRounds, unattributedRounds, sums } = this;
    const rounds = attributedRounds + unattributedRounds;
    if (attributedRounds === 0) {
      return {
        attributed: false,
        reason: rounds === 0 ? 'no rounds' : `none of the ${rounds} rounds could be attributed`,
        unattributedRounds,
      };
    }
    return {
      attributed: true,
      gap: sums.gap / attributedRounds,
      delay: sums.delay / attributedRounds,
      loss: sums.loss / attributedRounds,
      discards: sums.discards / attributedRounds,
      unexplained: sums.unexplained / attributedRounds,
      attributedRounds,
      unattributedRounds,
    };
  }
}

/** The mean of each part over the attributable rounds of `attributions`. */
export function summariseAttributions(attributions: readonly Attribution[]): AttributionSummary {
  const sums = new AttributionSums();
  for (const attribution of attributions) sums.addAttribution(attribution);
  return sums.summary();
}
