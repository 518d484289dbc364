import { describe, expect, it } from 'vitest';
import { HEATMAP_METRICS } from '../../lib/metrics.ts';
import {
  bucketOf,
  hexToRgb,
  specialColours,
  stepColours,
  type PaletteTheme,
} from '../../lib/palettes.ts';
import { classifyCells } from './classify-cells.ts';
import {
  isErrorHatch,
  isNoDataHatch,
  paintHeatmap,
  pixelOfCell,
  pixelSpans,
  poolColumns,
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

describe('paintHeatmap row reuse', () => {
  /** The plain rule, pixel by pixel: the worst entry of the rows and rounds a pixel covers. */
  function reference(
    matrix: ReturnType<typeof syntheticMatrix>,
    order: number[],
    width: number,
    height: number,
  ): Uint8ClampedArray {
    const entries = classifyCells(matrix, 'loss');
    const columns = poolColumns(entries, matrix.agents.length, matrix.roundIds.length, width);
    const rows = pixelSpans(order.length, height);
    const palette = [specialColours('light').noData, ...stepColours('loss', 'light')];
    const errorEntry = palette.length;
    const out = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let worst = 0;
        for (let r = rows.start[y]!; r < rows.end[y]!; r++) {
          worst = Math.max(worst, columns.entries[order[r]! * width + x]!);
        }
        const special = specialColours('light');
        const colour =
          worst === 0
            ? isNoDataHatch(x, y)
              ? special.noDataHatch
              : special.noData
            : worst === errorEntry
              ? isErrorHatch(x, y)
                ? special.errorHatch
                : special.error
              : palette[worst]!;
        out.set([...hexToRgb(colour), 255], (y * width + x) * 4);
      }
    }
    return out;
  }

  it('paints what the plain rule paints: taller and shorter than the rows, wider and narrower than the rounds', () => {
    for (const [agents, rounds, width, height] of [
      [30, 62, 300, 330], // rows many pixels tall, rounds wider than pixels: rows reused
      [7, 500, 120, 9], // about a pixel a row, rounds pooled
      [40, 40, 40, 25], // rows pooled into fewer pixels
    ] as const) {
      const matrix = syntheticMatrix(agents, rounds, agents + rounds);
      const order = Array.from({ length: agents }, (_, a) => (a * 7) % agents);
      const painted = paintHeatmap(matrix, 'loss', order, {
        widthPx: width,
        heightPx: height,
        theme: 'light',
      });
      expect(sameBytes(painted, reference(matrix, order, width, height))).toBe(true);
    }
  });
});
