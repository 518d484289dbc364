import { describe, expect, it } from 'vitest';
import { HEATMAP_METRICS } from '../../lib/metrics.ts';
import { bucketOf } from '../../lib/palettes.ts';
import { classifyCells, errorEntry } from './classify-cells.ts';
import { matrixFromCells } from '../../lib/fixture-rounds-matrix.ts';

describe('classifyCells', () => {
  it('treats a row without this metric as no data, and judges MOS against each cell’s ceiling', () => {
    const m = matrixFromCells([[0, 0]]);
    m.values.latency[1] = Number.NaN;
    expect(Array.from(classifyCells(m, 'latency'))).toEqual([1, 0]);
    m.values.mos[0] = 4.0;
    m.codecMaxMos[0] = 4.03;
    m.values.mos[1] = 4.0;
    m.codecMaxMos[1] = 4.41;
    // 0.03 below G.722's ceiling is the best step; 0.41 below G.711's is the third.
    expect(Array.from(classifyCells(m, 'mos'))).toEqual([1, 3]);
    expect(errorEntry('mos')).toBe(7);
  });

  it('classifies every value exactly as bucketOf does, for every metric', () => {
    const probes = [0, 0.05, 0.1, 0.25, 0.49, 0.5, 1, 2, 4.99, 5, 9.9, 10, 20, 30, 49, 50, 99, 100];
    const m = matrixFromCells([probes.map(() => 0)]);
    for (const metric of HEATMAP_METRICS) {
      probes.forEach((v, i) => {
        m.values[metric][i] = metric === 'mos' ? 4.41 - v / 20 : v;
        m.codecMaxMos[i] = i % 2 === 0 ? 4.41 : 4.03;
      });
      const expected = probes.map(
        (_, i) => 1 + bucketOf(metric, m.values[metric][i], m.codecMaxMos[i]),
      );
      expect(Array.from(classifyCells(m, metric))).toEqual(expected);
    }
  });
});
