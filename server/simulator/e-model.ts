// A simplified ITU-T G.107 E-model: the transmission rating R from one-way delay and effective
// packet loss, then R → MOS. Enough that MOS, loss, latency and PDV agree with one another.

/** The default basic signal-to-noise rating with every other impairment at its default. */
const R0_DEFAULT = 93.2;

export interface CodecImpairment {
  /** Equipment impairment factor Ie (0 for G.711). */
  ie: number;
  /** Packet-loss robustness factor Bpl. */
  bpl: number;
}

/** Delay impairment Id for a one-way mouth-to-ear delay in ms (G.107's simplified form). */
export function delayImpairment(oneWayDelayMs: number): number {
  const d = Math.max(0, oneWayDelayMs);
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

/** Effective equipment impairment Ie-eff for a packet-loss percentage (random loss, BurstR 1). */
export function effectiveEquipmentImpairment(codec: CodecImpairment, lossPercent: number): number {
  const ppl = Math.max(0, lossPercent);
  return codec.ie + ((95 - codec.ie) * ppl) / (ppl + codec.bpl);
}

/** G.107 Annex B: R → MOS. */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

/**
 * MOS for a stream: the network's one-way latency plus the jitter buffer and packetisation delay
 * give the mouth-to-ear delay; loss plus the packets the jitter buffer discarded give the
 * effective loss. Capped at the codec's ceiling, as ThousandEyes reports it.
 */
export function streamMos(input: {
  codec: CodecImpairment;
  codecMaxMos: number;
  latencyMs: number;
  jitterBufferMs: number;
  packetisationMs: number;
  lossPercent: number;
  discardsPercent: number;
}): number {
  return streamMosOf(
    input.codec,
    input.codecMaxMos,
    input.latencyMs + input.jitterBufferMs + input.packetisationMs,
    input.lossPercent + input.discardsPercent,
  );
}

/** streamMos with the delays and losses already summed; allocation-free for the hot loop. */
export function streamMosOf(
  codec: CodecImpairment,
  codecMaxMos: number,
  mouthToEarDelayMs: number,
  effectiveLossPercent: number,
): number {
  const r =
    R0_DEFAULT -
    delayImpairment(mouthToEarDelayMs) -
    effectiveEquipmentImpairment(codec, effectiveLossPercent);
  return Math.min(codecMaxMos, Math.max(1, mosFromR(r)));
}
