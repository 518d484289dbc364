import { describe, expect, it } from 'vitest';
import type { RoundSummary } from '../../lib/model.ts';
import {
  agentMosSeries,
  agentsByHeadroom,
  isolatedIndexes,
  lowestMosPoint,
  matrixMosDomain,
  mosDomain,
  mosTicks,
  overviewMosSeries,
  timeTicks,
} from './mos-series.ts';
import { testMatrix, testSummary } from './fixture-mos-matrix.ts';

const T0 = 1_764_165_600; // 2025-11-26 14:00 UTC, a multiple of 300
const G711 = 4.41;
const G722 = 4.03;

describe('agentMosSeries', () => {
  it('turns missing MOS into null, never zero, one point per round', () => {
    const matrix = testMatrix(
      [{ agentId: 'a', agentName: 'A', mos: [4.2, null, 3.9], ceiling: G711 }],
      T0,
      300,
    );
    const series = agentMosSeries(matrix, 0);
    expect(series.map((p) => p.t)).toEqual([T0 * 1000, (T0 + 300) * 1000, (T0 + 600) * 1000]);
    expect(series[0]?.mos).toBeCloseTo(4.2, 5);
    expect(series[1]?.mos).toBeNull();
    expect(series[1]?.ceiling).toBeNull();
    expect(series[2]?.mos).toBeCloseTo(3.9, 5);
  });

  it('reads the right agent from the flat matrix', () => {
    const matrix = testMatrix(
      [
        { agentId: 'a', agentName: 'A', mos: [4.0, 4.0], ceiling: G711 },
        { agentId: 'b', agentName: 'B', mos: [2.5, null], ceiling: G722 },
      ],
      T0,
      60,
    );
    const series = agentMosSeries(matrix, 1);
    expect(series[0]?.mos).toBeCloseTo(2.5, 5);
    expect(series[0]?.ceiling).toBeCloseTo(G722, 5);
    expect(series[1]?.mos).toBeNull();
  });

  it('keeps a codec change inside the window as a step in the ceiling', () => {
    const matrix = testMatrix(
      [
        {
          agentId: 'a',
          agentName: 'A',
          mos: [4.3, 4.3, 3.95, 3.95],
          ceiling: [G711, G711, G722, G722],
        },
      ],
      T0,
      300,
    );
    const ceilings = agentMosSeries(matrix, 0).map((p) => p.ceiling);
    expect(ceilings[1]).toBeCloseTo(G711, 5);
    expect(ceilings[2]).toBeCloseTo(G722, 5);
    expect(new Set(ceilings.map((c) => c?.toFixed(2))).size).toBe(2);
  });

  it('downsamples a long window per bucket keeping the minimum, so a one-round dip stays', () => {
    const roundCount = 2016; // a week of 5-minute rounds
    const mos: (number | null)[] = Array.from({ length: roundCount }, () => 4.3);
    mos[1234] = 1.8; // one bad round
    mos[1235] = null;
    const matrix = testMatrix([{ agentId: 'a', agentName: 'A', mos, ceiling: G711 }], T0, 300);
    const series = agentMosSeries(matrix, 0, 600);
    expect(series.length).toBeLessThanOrEqual(600);
    expect(series.length).toBeGreaterThan(300);
    const lowest = Math.min(...series.map((p) => p.mos ?? Infinity));
    expect(lowest).toBeCloseTo(1.8, 5);
    const dip = series.find((p) => p.mos !== null && p.mos < 2);
    expect(dip?.roundId).toBe(T0 + 1234 * 300);
    expect(dip?.rounds).toBeGreaterThan(1);
    expect(series.reduce((sum, p) => sum + p.rounds, 0)).toBe(roundCount);
  });

  it('leaves a bucket with no value at all as a gap', () => {
    const mos: (number | null)[] = Array.from({ length: 1200 }, (_, i) =>
      i >= 600 && i < 700 ? null : 4,
    );
    const matrix = testMatrix([{ agentId: 'a', agentName: 'A', mos, ceiling: G711 }], T0, 60);
    const series = agentMosSeries(matrix, 0, 600);
    expect(series).toHaveLength(600);
    expect(series[310]?.mos).toBeNull();
    expect(series[310]?.ceiling).toBeNull();
    expect(series[0]?.mos).toBe(4);
  });
});

describe('overviewMosSeries', () => {
  const round = (i: number, median?: number, p5?: number, ceiling?: number): RoundSummary => ({
    roundId: T0 + i * 300,
    agentsReporting: median === undefined ? 0 : 10,
    mosMedian: median,
    mosP5: p5,
    codecMaxMos: ceiling,
  });

  it('maps median, p5 and ceiling, with null where a round had no value', () => {
    const series = overviewMosSeries([
      round(0, 4.2, 3.8, G711),
      round(1),
      round(2, 4.1, 3.5, G711),
    ]);
    expect(series.map((p) => p.median)).toEqual([4.2, null, 4.1]);
    expect(series.map((p) => p.p5)).toEqual([3.8, null, 3.5]);
    expect(series.map((p) => p.ceiling)).toEqual([G711, null, G711]);
  });

  it('breaks the lines where rounds are missing from the summaries instead of bridging them', () => {
    const series = overviewMosSeries([
      round(3, 4, 3, G711),
      round(0, 4, 3, G711),
      round(1, 4, 3, G711),
    ]);
    expect(series.map((p) => p.roundId)).toEqual([T0, T0 + 300, T0 + 600, T0 + 900]);
    expect(series[2]?.median).toBeNull();
    expect(series[3]?.median).toBe(4);
  });

  it('downsamples keeping the lowest median and p5 of each bucket', () => {
    const rounds = Array.from({ length: 1500 }, (_, i) => round(i, 4.2, 3.9, G711));
    rounds[700] = round(700, 2.1, 1.5, G711);
    const series = overviewMosSeries(rounds, 500);
    expect(series).toHaveLength(500);
    expect(Math.min(...series.map((p) => p.median ?? Infinity))).toBe(2.1);
    expect(Math.min(...series.map((p) => p.p5 ?? Infinity))).toBe(1.5);
  });
});

describe('agentsByHeadroom', () => {
  it('puts the largest headroom first and agents without values last', () => {
    const matrix = testMatrix(
      ['good', 'none', 'bad', 'middling'].map((name) => ({
        agentId: name,
        agentName: name,
        mos: [4],
        ceiling: G711,
      })),
      T0,
      300,
    );
    const summaries = [
      testSummary('good', 'good', 4.35, G711),
      testSummary('none', 'none', undefined, undefined),
      testSummary('bad', 'bad', 2.9, G711),
      testSummary('middling', 'middling', 3.8, G722),
    ];
    const order = agentsByHeadroom(matrix, summaries).map((i) => matrix.agents[i]?.agentId);
    expect(order).toEqual(['bad', 'middling', 'good', 'none']);
  });

  it('keeps agents missing from the summaries, after those with a headroom', () => {
    const matrix = testMatrix(
      ['z', 'y'].map((name) => ({ agentId: name, agentName: name, mos: [4], ceiling: G711 })),
      T0,
      300,
    );
    const order = agentsByHeadroom(matrix, [testSummary('z', 'z', 4, G711)]);
    expect(order).toEqual([0, 1]);
  });
});

describe('mosDomain', () => {
  it('zooms around the data but always includes the ceiling', () => {
    expect(mosDomain([4.1, 4.2, G711])).toEqual([4, 4.5]);
    expect(mosDomain([2.3, G722, null])).toEqual([2, 4.5]);
  });

  it('stays within 1 to 5 and falls back to the full scale without data', () => {
    expect(mosDomain([1.0, 5])).toEqual([1, 5]);
    expect(mosDomain([null, undefined, Number.NaN])).toEqual([1, 5]);
  });

  it('covers every agent of the matrix, ignoring NaN', () => {
    const matrix = testMatrix(
      [
        { agentId: 'a', agentName: 'A', mos: [4.2, null], ceiling: G711 },
        { agentId: 'b', agentName: 'B', mos: [null, 3.1], ceiling: G722 },
      ],
      T0,
      300,
    );
    expect(matrixMosDomain(matrix)).toEqual([3, 4.5]);
  });
});

describe('axis ticks', () => {
  it('picks a round time step that keeps the tick count under the limit', () => {
    const start = T0 * 1000;
    const ticks = timeTicks(start, start + 6 * 3_600_000, 4);
    expect(ticks).toEqual([0, 2, 4, 6].map((h) => start + h * 3_600_000));
    const week = timeTicks(start, start + 7 * 86_400_000, 5);
    expect(week.length).toBeLessThanOrEqual(5);
    expect(week.every((t) => t % 86_400_000 === 0)).toBe(true);
  });

  it('gives half-point MOS ticks on a zoomed axis and whole points on the full scale', () => {
    expect(mosTicks([3.5, 4.5])).toEqual([3.5, 4, 4.5]);
    expect(mosTicks([1, 5])).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('isolatedIndexes', () => {
  it('finds values with a gap on both sides, including at the edges', () => {
    const data = [4, null, 3.9, 4.0, null, 4.1, null].map((mos) => ({ mos }));
    expect([...isolatedIndexes(data, 'mos')]).toEqual([0, 5]);
    expect(isolatedIndexes([{ mos: null }, { mos: 4 }, { mos: 4 }], 'mos').size).toBe(0);
  });
});

describe('lowestMosPoint', () => {
  it('names the worst round and ignores gaps', () => {
    const matrix = testMatrix(
      [{ agentId: 'a', agentName: 'A', mos: [null, 4.1, 2.2, 2.2, null], ceiling: G711 }],
      T0,
      300,
    );
    expect(lowestMosPoint(agentMosSeries(matrix, 0))?.roundId).toBe(T0 + 600);
    expect(lowestMosPoint([{ t: 0, roundId: 0, mos: null, ceiling: null, rounds: 1 }])).toBe(
      undefined,
    );
  });
});
