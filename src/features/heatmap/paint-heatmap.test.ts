import { describe, expect, it } from 'vitest';
import { HEATMAP_METRICS } from '../../lib/metrics.ts';
import {
  bucketOf,
  hexToRgb,
  specialColours,
  stepColours,
  type PaletteTheme,
} from '../../lib/palettes.ts';
import {
  cellAt,
  cellRect,
  classifyCells,
  errorEntry,
  isErrorHatch,
  isNoDataHatch,
  paintHeatmap,
  pixelOfCell,
  pixelSpans,
  poolColumns,
  severityAccessor,
  spanShownAt,
} from './paint-heatmap.ts';
import { matrixFromCells, syntheticMatrix } from '../../lib/fixture-rounds-matrix.ts';

function pixel(buffer: Uint8ClampedArray, width: number, x: number, y: number): string {
  const i = (y * width + x) * 4;
  const hex = [buffer[i]!, buffer[i + 1]!, buffer[i + 2]!]
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('');
  return `#${hex}${buffer[i + 3] === 255 ? '' : `/${buffer[i + 3]}`}`;
}

function hex(colour: string): string {
  return `#${hexToRgb(colour)
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')}`;
}

function sameBytes(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

const lossStep = (step: number, theme: PaletteTheme = 'light') =>
  hex(stepColours('loss', theme)[step]!);

describe('paintHeatmap', () => {
  const matrix = matrixFromCells([
    [0, 0.7, 'E', '.'],
    [12, 3, 0, 0.2],
  ]);

  it('paints each cell in its step colour when cells and pixels match one to one', () => {
    const out = paintHeatmap(matrix, 'loss', [0, 1], { widthPx: 4, heightPx: 2, theme: 'light' });
    expect(out).toHaveLength(4 * 2 * 4);
    const special = specialColours('light');
    expect(pixel(out, 4, 0, 0)).toBe(lossStep(0)); // exactly 0 %
    expect(pixel(out, 4, 1, 0)).toBe(lossStep(2)); // 0.7 %
    expect(isErrorHatch(2, 0)).toBe(false);
    expect(pixel(out, 4, 2, 0)).toBe(hex(special.error));
    expect(isNoDataHatch(3, 0)).toBe(false);
    expect(pixel(out, 4, 3, 0)).toBe(hex(special.noData));
    expect(pixel(out, 4, 0, 1)).toBe(lossStep(6)); // 12 %
    expect(pixel(out, 4, 1, 1)).toBe(lossStep(4)); // 3 %
    expect(pixel(out, 4, 2, 1)).toBe(lossStep(0));
    expect(pixel(out, 4, 3, 1)).toBe(lossStep(1)); // 0.2 %
  });

  it('follows the row order, top to bottom', () => {
    const out = paintHeatmap(matrix, 'loss', [1, 0], { widthPx: 4, heightPx: 2, theme: 'dark' });
    expect(pixel(out, 4, 0, 0)).toBe(lossStep(6, 'dark'));
    expect(pixel(out, 4, 1, 1)).toBe(lossStep(2, 'dark'));
  });

  it('keeps no data, an error and an exact zero visibly apart, hatching included', () => {
    const blocks = matrixFromCells([[0, 'E', '.']]);
    const out = paintHeatmap(blocks, 'loss', [0], { widthPx: 30, heightPx: 12, theme: 'light' });
    const coloursIn = (x0: number) => {
      const seen = new Set<string>();
      for (let y = 0; y < 12; y++)
        for (let x = x0; x < x0 + 10; x++) seen.add(pixel(out, 30, x, y));
      return seen;
    };
    const special = specialColours('light');
    expect(coloursIn(0)).toEqual(new Set([lossStep(0)]));
    expect(coloursIn(10)).toEqual(new Set([hex(special.error), hex(special.errorHatch)]));
    expect(coloursIn(20)).toEqual(new Set([hex(special.noData), hex(special.noDataHatch)]));
  });

  it('draws whole-pixel blocks with crisp edges when there are fewer cells than pixels', () => {
    const row = matrixFromCells([[0, 12, 0, 12]]);
    const out = paintHeatmap(row, 'loss', [0], { widthPx: 20, heightPx: 1, theme: 'light' });
    const line = Array.from({ length: 20 }, (_, x) => pixel(out, 20, x, 0));
    const zero = lossStep(0);
    const worst = lossStep(6);
    expect(line).toEqual([
      ...Array<string>(5).fill(zero),
      ...Array<string>(5).fill(worst),
      ...Array<string>(5).fill(zero),
      ...Array<string>(5).fill(worst),
    ]);
    // 3 cells on 7 pixels: every pixel belongs to exactly one cell, no blended edge.
    expect(Array.from(pixelSpans(3, 7).start)).toEqual([0, 0, 1, 1, 1, 2, 2]);
    expect(Array.from(pixelSpans(3, 7).end)).toEqual([1, 1, 2, 2, 2, 3, 3]);
  });

  it('shows the worst cell a pixel covers, so a single bad round never vanishes', () => {
    const cells: (number | 'E' | '.')[] = Array<number>(2016).fill(0);
    cells[1001] = 20;
    const row = matrixFromCells([cells]);
    const out = paintHeatmap(row, 'loss', [0], { widthPx: 150, heightPx: 1, theme: 'light' });
    const line = Array.from({ length: 150 }, (_, x) => pixel(out, 150, x, 0));
    // Round 1001 of 2016 lies under pixel 1001 × 150 / 2016 = 74.48.
    expect(line[74]).toBe(lossStep(6));
    expect(line.filter((c) => c === lossStep(6))).toHaveLength(1);
    expect(line.filter((c) => c === lossStep(0))).toHaveLength(149);
  });

  it('lets an error beat any value, and any value beat no data, when downsampling', () => {
    const row = matrixFromCells([[30, 'E', '.', 0, '.', '.']]);
    const out = paintHeatmap(row, 'loss', [0], { widthPx: 2, heightPx: 1, theme: 'light' });
    // Pixel 0 covers [30 %, error, no data]: the error shows (on a hatch line at 0, 0).
    expect(isErrorHatch(0, 0)).toBe(true);
    expect(pixel(out, 2, 0, 0)).toBe(hex(specialColours('light').errorHatch));
    // Pixel 1 covers [0 %, no data, no data]: the measured zero shows.
    expect(pixel(out, 2, 1, 0)).toBe(lossStep(0));
  });

  it('reduces rows the same way: one bad agent among 500 still shows on 50 pixel rows', () => {
    const rows = Array.from({ length: 500 }, () => [0, 0] as (number | 'E' | '.')[]);
    rows[333]![1] = 7;
    const tall = matrixFromCells(rows);
    const order = Array.from({ length: 500 }, (_, i) => i);
    const out = paintHeatmap(tall, 'loss', order, { widthPx: 2, heightPx: 50, theme: 'light' });
    const column = Array.from({ length: 50 }, (_, y) => pixel(out, 2, 1, y));
    expect(column[33]).toBe(lossStep(5));
    expect(column.filter((c) => c === lossStep(5))).toHaveLength(1);
  });

  it('keeps an incident band visible on every row of a 500 × 2,016 window', () => {
    const big = syntheticMatrix(500, 2016);
    const order = Array.from({ length: 500 }, (_, i) => i);
    const out = paintHeatmap(big, 'loss', order, { widthPx: 1500, heightPx: 400, theme: 'light' });
    // The incident covers rounds 1209–1228 (8 %+ loss everywhere) → pixels 899–914.
    const worst = new Set([lossStep(5), lossStep(6), hex(specialColours('light').error)]);
    const errorHatch = hex(specialColours('light').errorHatch);
    for (let y = 0; y < 400; y++) {
      const colour = pixel(out, 1500, 905, y);
      expect(worst.has(colour) || colour === errorHatch).toBe(true);
    }
  });

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

  it('writes into a buffer it is given', () => {
    const target = new Uint8ClampedArray(4 * 2 * 4);
    const out = paintHeatmap(matrix, 'loss', [0, 1], {
      widthPx: 4,
      heightPx: 2,
      theme: 'light',
      out: target,
    });
    expect(out).toBe(target);
    expect(pixel(target, 4, 0, 1)).toBe(lossStep(6));
  });
});

describe('pooling rounds into pixel columns', () => {
  const WEEK_OF_MINUTES = 10_080;

  it('shares the rounds out: every round in exactly one column, the columns in order', () => {
    for (const [rounds, pixels] of [
      [10_080, 1150],
      [2016, 150],
      [7, 3],
      [1001, 1000],
    ] as const) {
      const { start, end } = pixelSpans(rounds, pixels);
      expect(start[0]).toBe(0);
      expect(end[pixels - 1]).toBe(rounds);
      for (let p = 0; p < pixels; p++) {
        expect(end[p]! - start[p]!).toBeGreaterThanOrEqual(1);
        if (p > 0) expect(start[p]).toBe(end[p - 1]);
      }
      // pixelOfCell is the inverse: the column holding each round.
      for (let r = 0; r < rounds; r++) {
        const p = pixelOfCell(r, rounds, pixels);
        expect(start[p]! <= r && r < end[p]!).toBe(true);
      }
    }
    // Fewer rounds than pixels: the first pixel of each round's block.
    expect([0, 1, 2].map((r) => pixelOfCell(r, 3, 7))).toEqual([0, 2, 5]);
  });

  it('keeps a single bad round among 10,080 visible at 1,150 px, in every metric', () => {
    const cells: (number | 'E' | '.')[] = Array<number>(WEEK_OF_MINUTES).fill(0);
    const bad = 6_543;
    cells[bad] = 20; // 20 % loss → 440 ms latency, 60 ms PDV, 2 % discards, MOS 1.41
    const week = matrixFromCells([cells], 60);
    const badColumn = pixelOfCell(bad, WEEK_OF_MINUTES, 1150);
    for (const metric of HEATMAP_METRICS) {
      const out = paintHeatmap(week, metric, [0], { widthPx: 1150, heightPx: 1, theme: 'dark' });
      const line = Array.from({ length: 1150 }, (_, x) => pixel(out, 1150, x, 0));
      const badColour = hex(
        stepColours(metric, 'dark')[bucketOf(metric, week.values[metric][bad], 4.41)]!,
      );
      const calm = hex(
        stepColours(metric, 'dark')[bucketOf(metric, week.values[metric][0], 4.41)]!,
      );
      expect(badColour).not.toBe(calm);
      expect(line[badColumn], metric).toBe(badColour);
      expect(
        line.filter((c) => c === badColour),
        metric,
      ).toHaveLength(1);
    }
  });

  it('keeps no data and error apart: no data only where nothing was measured', () => {
    // 4 columns of 3 rounds: [no data ×3] [no data, error, no data] [30 %, error, .] [., 0, .]
    const row = matrixFromCells([['.', '.', '.', '.', 'E', '.', 30, 'E', '.', '.', 0, '.']]);
    const out = paintHeatmap(row, 'loss', [0], { widthPx: 4, heightPx: 1, theme: 'light' });
    const special = specialColours('light');
    const colours = [0, 1, 2, 3].map((x) => pixel(out, 4, x, 0));
    expect([isNoDataHatch(0, 0), isErrorHatch(1, 0), isErrorHatch(2, 0)]).toEqual([
      true,
      false,
      false,
    ]);
    expect(colours[0]).toBe(hex(special.noDataHatch)); // only missing rounds: no data
    expect(colours[1]).toBe(hex(special.error)); // an error beats no data…
    expect(colours[2]).toBe(hex(special.error)); // …and any value, even 30 %
    expect(colours[3]).toBe(lossStep(0)); // a measured 0 % beats no data
  });

  it('maps pixels to rounds exactly as before when pixels are at least as many as rounds', () => {
    const random = syntheticMatrix(7, 97, 3);
    const entries = classifyCells(random, 'loss');
    for (const width of [97, 98, 150, 400]) {
      const columns = poolColumns(entries, 7, 97, width);
      expect(columns.pooled).toBe(false);
      const out = paintHeatmap(random, 'loss', [0, 1, 2, 3, 4, 5, 6], {
        widthPx: width,
        heightPx: 7,
        theme: 'light',
      });
      const palette = [
        specialColours('light').noData,
        ...stepColours('loss', 'light'),
        specialColours('light').error,
      ].map(hex);
      const hatches = [specialColours('light').noDataHatch, specialColours('light').errorHatch];
      for (let y = 0; y < 7; y++) {
        for (let x = 0; x < width; x++) {
          const round = Math.floor(((2 * x + 1) * 97) / (2 * width));
          const entry = entries[y * 97 + round]!;
          expect(columns.entries[y * width + x]).toBe(entry);
          const colour = pixel(out, width, x, y);
          expect(colour === palette[entry] || hatches.map(hex).includes(colour)).toBe(true);
        }
      }
    }
  });

  it('paints the same from pooled columns kept between paints as from scratch', () => {
    const big = syntheticMatrix(12, WEEK_OF_MINUTES, 5);
    const entries = classifyCells(big, 'latency');
    const columns = poolColumns(entries, 12, WEEK_OF_MINUTES, 1150);
    expect(columns.pooled).toBe(true);
    const order = Array.from({ length: 12 }, (_, i) => 11 - i);
    const options = { widthPx: 1150, heightPx: 30, theme: 'dark' as const };
    const kept = paintHeatmap(big, 'latency', order, { ...options, entries, columns });
    const fresh = paintHeatmap(big, 'latency', order, options);
    expect(sameBytes(kept, fresh)).toBe(true);
    // A repaint for another theme reuses the columns and changes only the colours.
    const light = paintHeatmap(big, 'latency', order, { ...options, theme: 'light', columns });
    expect(sameBytes(light, kept)).toBe(false);
  });
});

describe('cellAt', () => {
  const layout = {
    widthPx: 300,
    heightPx: 100,
    roundCount: 2016,
    rowOrder: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
  };

  it('finds the cell under a point by index arithmetic', () => {
    expect(cellAt(0, 0, layout)).toEqual({ agentIndex: 9, rowPosition: 0, roundIndex: 0 });
    expect(cellAt(299.9, 99.9, layout)).toEqual({
      agentIndex: 0,
      rowPosition: 9,
      roundIndex: 2015,
    });
    // x = 150 is half way: round 1008; y = 25 is the third row (10 px each).
    expect(cellAt(150, 25, layout)).toEqual({ agentIndex: 7, rowPosition: 2, roundIndex: 1008 });
  });

  it('answers nothing outside the cells or for an empty matrix', () => {
    expect(cellAt(-1, 5, layout)).toBeUndefined();
    expect(cellAt(300, 5, layout)).toBeUndefined();
    expect(cellAt(5, 100, layout)).toBeUndefined();
    expect(cellAt(5, 5, { ...layout, rowOrder: [] })).toBeUndefined();
  });

  it('picks the cell a pooled pixel shows and names the rounds it covers', () => {
    const cells: (number | 'E' | '.')[] = Array<number>(2016).fill(0);
    cells[1001] = 20;
    const row = matrixFromCells([cells, cells.map(() => 0)]);
    const entries = classifyCells(row, 'loss');
    const severity = severityAccessor(row, 'loss');
    const narrow = { widthPx: 150, heightPx: 1, roundCount: 2016, rowOrder: [1, 0] };
    const columns = poolColumns(entries, 2, 2016, 150);
    // Pixel 74 covers rounds 994–1007; plain arithmetic at its left edge gives round 994…
    expect(cellAt(74, 0.2, narrow)).toEqual({ agentIndex: 1, rowPosition: 0, roundIndex: 994 });
    // …while the pixel shows the 20 % round of agent 0 (both rows share the one pixel row).
    expect(spanShownAt(74.6, 0.2, narrow, columns, entries, severity)).toEqual({
      agentIndex: 0,
      rowPosition: 1,
      roundIndex: 1001,
      roundFrom: 994,
      roundTo: 1008,
      rowFrom: 0,
      rowTo: 2,
    });
    // Where cells are bigger than pixels, it is plain arithmetic, one cell.
    const wide = { widthPx: 4000, heightPx: 20, roundCount: 2016, rowOrder: [1, 0] };
    const wideColumns = poolColumns(entries, 2, 2016, 4000);
    expect(spanShownAt(2000, 15, wide, wideColumns, entries, severity)).toEqual({
      ...cellAt(2000, 15, wide),
      roundFrom: 1008,
      roundTo: 1009,
      rowFrom: 1,
      rowTo: 2,
    });
  });

  it('within a colour step, shows the round with the worst value (the lowest MOS)', () => {
    const row = matrixFromCells([[0, 0, 0, 0, 0, 0]]);
    row.values.mos.set([4.3, 3.0, 4.2, 2.95, 3.05, 4.4]);
    const entries = classifyCells(row, 'mos');
    const columns = poolColumns(entries, 1, 6, 2);
    const layout = { widthPx: 2, heightPx: 1, roundCount: 6, rowOrder: [0] };
    const shown = spanShownAt(1.5, 0.5, layout, columns, entries, severityAccessor(row, 'mos'));
    // Rounds 3–5 share the worst step (≥ 1.5 below 4.41); 2.95 is the lowest of them.
    expect(shown?.roundIndex).toBe(3);
    expect([shown?.roundFrom, shown?.roundTo]).toEqual([3, 6]);
  });

  it('agrees with cellRect: the centre of a cell is that cell', () => {
    const small = {
      widthPx: 1237,
      heightPx: 311,
      roundCount: 288,
      rowOrder: [0, 1, 2, 3, 4, 5, 6],
    };
    for (const [row, round] of [
      [0, 0],
      [3, 141],
      [6, 287],
    ] as const) {
      const rect = cellRect(row, round, small);
      const hit = cellAt(rect.x + rect.width / 2, rect.y + rect.height / 2, small);
      expect(hit).toEqual({ agentIndex: row, rowPosition: row, roundIndex: round });
    }
  });
});
