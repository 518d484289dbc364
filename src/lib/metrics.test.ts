import { describe, expect, it } from 'vitest';
import { HEATMAP_METRICS, METRICS } from './metrics.ts';
import type { RoundResult } from './model.ts';

const ROW: RoundResult = {
  agentId: '1',
  agentName: 'alpha',
  countryId: 'US',
  roundId: 1_700_000_100,
  dateMs: 1_700_000_100_000,
  permalink: undefined,
  permalinkText: undefined,
  dscp: '46',
  dscpName: 'EF',
  mos: 3.91,
  codecName: 'G.711 @ 64 Kbps',
  codecMaxMos: 4.41,
  loss: 1.25,
  discards: 0.5,
  latency: 42,
  pdv: 7,
  errorDetail: '',
  serverIp: undefined,
};

describe('the metric table', () => {
  it('lists the metrics in the order the pickers show them', () => {
    expect(HEATMAP_METRICS).toEqual(['loss', 'latency', 'pdv', 'discards', 'mos', 'headroom']);
  });

  it('gives every metric a name, ascending thresholds and a reader of its round', () => {
    for (const metric of HEATMAP_METRICS) {
      const { name, bounds, read } = METRICS[metric];
      expect(name, metric).not.toBe('');
      expect(
        [...bounds].sort((a, b) => a - b),
        metric,
      ).toEqual(bounds);
      expect(new Set(bounds).size, metric).toBe(bounds.length);
      expect(read(ROW), metric).toEqual(expect.any(Number));
    }
  });

  it("reads each metric from the round's own field", () => {
    expect(HEATMAP_METRICS.map((metric) => METRICS[metric].read(ROW))).toEqual([
      1.25, 42, 7, 0.5, 3.91, 0.5,
    ]);
  });

  it('writes values with their unit, one decimal below 10', () => {
    expect(METRICS.loss.format(0.44)).toBe('0.4 %');
    expect(METRICS.loss.format(12.3)).toBe('12 %');
    expect(METRICS.latency.format(7.25)).toBe('7.3 ms');
    expect(METRICS.pdv.format(31)).toBe('31 ms');
    expect(METRICS.mos.format(4.1)).toBe('4.10');
    expect(METRICS.headroom.format(0.5)).toBe('0.50 below max');
  });

  it('reads MOS headroom as the codec ceiling less MOS, and nothing when either is missing', () => {
    expect(METRICS.headroom.read({ ...ROW, mos: 3.41, codecMaxMos: 4.41 })).toBeCloseTo(1, 9);
    expect(METRICS.headroom.read({ ...ROW, mos: undefined })).toBeUndefined();
    expect(METRICS.headroom.read({ ...ROW, codecMaxMos: undefined })).toBeUndefined();
  });
});
