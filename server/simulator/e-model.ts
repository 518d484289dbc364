// The simulator's MOS: the E-model in common/e-model.ts, the one the app attributes with, so a
// simulated round's MOS is what the model says for its latency, loss and discards (to the 0.01 a
// row carries) and the attribution's "unexplained" part is rounding, not a second formula.

import { modelMos, type CodecImpairment } from '../../common/e-model.ts';

export type { CodecImpairment };
export { delayImpairment, mosFromR } from '../../common/e-model.ts';

/**
 * MOS for a stream as ThousandEyes reports it: the network's one-way latency as the mouth-to-ear
 * delay (no jitter buffer or packetisation added: that is what reproduces ThousandEyes' published
 * MOS, docs/e-model.md), loss plus the packets the jitter buffer discarded as the packet loss, and
 * never above the codec's ceiling.
 */
export function streamMos(input: {
  codec: CodecImpairment;
  codecMaxMos: number;
  latencyMs: number;
  lossPercent: number;
  discardsPercent: number;
}): number {
  return streamMosOf(
    input.codec,
    input.codecMaxMos,
    input.latencyMs,
    input.lossPercent + input.discardsPercent,
  );
}

/** streamMos with the losses already summed; allocation-free for the hot loop. */
export function streamMosOf(
  codec: CodecImpairment,
  codecMaxMos: number,
  latencyMs: number,
  effectiveLossPercent: number,
): number {
  return Math.min(codecMaxMos, modelMos(codec, latencyMs, effectiveLossPercent));
}
