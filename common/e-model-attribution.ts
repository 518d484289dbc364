// Where a round's MOS went: the gap between the codec's ceiling (codecMaxMos) and the measured
// MOS split into what delay, loss and jitter-buffer discards cost by the E-model, plus the part
// the model does not explain. Counterfactual: each impairment's cost is the MOS the model gives
// with that one impairment removed, less the MOS it gives with all of them.
import { codecImpairmentFor, codecProfileByName } from './e-model-codecs.ts';
import { modelMos } from './e-model.ts';

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

interface CheckedMetrics {
  reportedMos: number;
  codecMaxMos: number;
  latency: number;
  loss: number;
  discards: number;
}

/** The round's metrics when the model can use them, else why not. */
function checkMetrics(row: RoundMetrics): CheckedMetrics | string {
  if (row.errorDetail) return `the round has an error: ${row.errorDetail}`;
  const { mos, codecMaxMos, latency, loss, discards } = row;
  // Checked without allocating first: a dashboard attributes every round of a window (a million
  // at 500 agents × a week), and nearly all of them have every metric.
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
  const checked = {
    reportedMos: mos as number,
    codecMaxMos: codecMaxMos as number,
    latency: latency as number,
    loss: loss as number,
    discards: discards as number,
  };
  if (outside(checked.reportedMos, 1, 5) || outside(checked.codecMaxMos, 1, 5)) {
    return `MOS ${checked.reportedMos} or codecMaxMos ${checked.codecMaxMos} is outside 1–5`;
  }
  if (checked.latency < 0) return `latency ${checked.latency} ms is negative`;
  if (outside(checked.loss, 0, 100) || outside(checked.discards, 0, 100)) {
    return `loss ${checked.loss} % or discards ${checked.discards} % is outside 0–100 %`;
  }
  return checked;
}

function isValue(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

function outside(value: number, low: number, high: number): boolean {
  return value < low || value > high;
}

/** Attribute one round, or say why not: an error, a missing metric, an unknown codec. */
export function attributeRound(row: RoundMetrics, options: AttributionOptions = {}): Attribution {
  const checked = checkMetrics(row);
  if (typeof checked === 'string') return { attributed: false, reason: checked };
  const profile = codecProfileByName(row.codecName);
  if (!profile) {
    return {
      attributed: false,
      reason: `codec "${row.codecName}" is not one ThousandEyes offers, so its Ie and Bpl are unknown`,
    };
  }
  const { reportedMos, codecMaxMos, latency, loss, discards } = checked;

  const codec = codecImpairmentFor(profile, codecMaxMos);
  const added = Math.max(0, options.addedDelayMs ?? 0);
  const mosWith = (latencyMs: number, lossPercent: number) =>
    modelMos(codec, latencyMs + added, lossPercent);

  const model = mosWith(latency, loss + discards);
  const modelCeiling = mosWith(0, 0);
  // A removal that would lower the model's MOS (the talker-echo term dips below zero for
  // one-way delays of a few ms) cost nothing: such a gain counts as 0, never as negative.
  const gains = {
    delay: Math.max(0, mosWith(0, loss + discards) - model),
    loss: Math.max(0, mosWith(latency, discards) - model),
    discards: Math.max(0, mosWith(latency, loss) - model),
  };
  // The gains overlap (MOS is not linear in R, nor Ie,eff in the loss): scale them so they add
  // up to what the model itself says the round lost.
  const modelGap = Math.max(0, modelCeiling - model);
  const gainSum = gains.delay + gains.loss + gains.discards;
  const scale = gainSum > 0 ? modelGap / gainSum : 0;
  const delay = gains.delay * scale;
  const lossPart = gains.loss * scale;
  const discardsPart = gains.discards * scale;
  const gap = codecMaxMos - reportedMos;
  return {
    attributed: true,
    gap,
    delay,
    loss: lossPart,
    discards: discardsPart,
    unexplained: gap - delay - lossPart - discardsPart,
    reportedMos,
    codecMaxMos,
    modelMos: model,
    modelCeiling,
  };
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

/** An agent's rounds, or a window's: the mean of each part over the rounds that have one. */
export function summariseAttributions(attributions: readonly Attribution[]): AttributionSummary {
  const sums = { gap: 0, delay: 0, loss: 0, discards: 0, unexplained: 0 };
  let attributedRounds = 0;
  for (const attribution of attributions) {
    if (!attribution.attributed) continue;
    attributedRounds++;
    for (const key of Object.keys(sums) as (keyof typeof sums)[]) sums[key] += attribution[key];
  }
  const unattributedRounds = attributions.length - attributedRounds;
  if (attributedRounds === 0) {
    return {
      attributed: false,
      reason:
        attributions.length === 0
          ? 'no rounds'
          : `none of the ${attributions.length} rounds could be attributed`,
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
