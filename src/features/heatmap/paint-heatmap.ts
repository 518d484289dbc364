// Paints an agents × rounds matrix into an RGBA buffer, without a DOM: the canvas owns the cells.
// Cells are first reduced to palette entries ordered by severity, so "the worst cell a pixel
// covers" is a max over small integers and colour is a table look-up.
//
// The order, when a pixel covers several rounds or agents (a week on a laptop screen):
//   no data < best value … worst value < error.
// A real value beats no data: a pixel is "no data" only when none of its rounds measured anything.
// An error beats every value: an error round is one the test could not measure at all (no call
// was placed or no RTP came back), a problem a NOC engineer must see, and the one state a
// value's colour cannot stand for. The tooltip of such a pixel still names the worst value too.
import type { RoundsMatrix } from '../../lib/model.ts';
import { type HeatmapMetric } from '../../lib/metrics.ts';
import { hexToRgb, specialColours, stepColours, type PaletteTheme } from '../../lib/palettes.ts';
import { classifyCells, ENTRY_NO_DATA, errorEntry } from './classify-cells.ts';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([0x01020304]).buffer)[0] === 0x04;

/**
 * RGBA packed into one signed 32-bit integer, as an Int32Array view over the image data expects
 * it. Signed, not unsigned: opaque colours then stay small integers (V8's Smis) even in code the
 * JIT has not optimised yet, as a heatmap's first paint is; as unsigned values above 2^31 every
 * read allocated a heap number, and the first paint took several times longer.
 */
function pack([r, g, b]: readonly [number, number, number]): number {
  return LITTLE_ENDIAN
    ? (255 << 24) | (b << 16) | (g << 8) | r
    : (r << 24) | (g << 16) | (b << 8) | 255;
}

export interface PackedPalette {
  /** Packed RGBA per palette entry (see pack). */
  fill: Int32Array;
  /** The hatch colour per entry (equal to fill for entries without a hatch). */
  hatch: Int32Array;
  errorEntry: number;
}

export function packedPalette(metric: HeatmapMetric, theme: PaletteTheme): PackedPalette {
  const special = specialColours(theme);
  const fillHex = [special.noData, ...stepColours(metric, theme), special.error];
  const hatchHex = [special.noDataHatch, ...stepColours(metric, theme), special.errorHatch];
  return {
    fill: Int32Array.from(fillHex, (hex) => pack(hexToRgb(hex))),
    hatch: Int32Array.from(hatchHex, (hex) => pack(hexToRgb(hex))),
    errorEntry: errorEntry(metric),
  };
}

/** Hatching, in device pixels: no data gets sparse "/" lines, errors denser "\" lines. */
export function isNoDataHatch(x: number, y: number): boolean {
  return (x + y) % 6 === 0;
}
export function isErrorHatch(x: number, y: number): boolean {
  return (x - y + 4 * 1_000_000) % 4 === 0;
}

/**
 * Which cells each pixel along one axis shows, as [start, end). With fewer cells than pixels a
 * pixel shows exactly the cell under its centre (whole-pixel blocks, crisp edges). With more, the
 * cells are shared out: every cell belongs to exactly one pixel, so a pixel's span is a plain
 * range a tooltip can name and a keyboard cursor can step over, and none is counted twice.
 */
export function pixelSpans(
  cellCount: number,
  pixels: number,
): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(pixels);
  const end = new Int32Array(pixels);
  if (cellCount === 0) return { start, end };
  for (let p = 0; p < pixels; p++) {
    if (cellCount <= pixels) {
      const cell = Math.floor(((2 * p + 1) * cellCount) / (2 * pixels));
      start[p] = cell;
      end[p] = cell + 1;
    } else {
      start[p] = Math.floor((p * cellCount) / pixels);
      end[p] = Math.floor(((p + 1) * cellCount) / pixels);
    }
  }
  return { start, end };
}

/** The pixel (of `pixels`) whose span holds a cell, the inverse of pixelSpans. */
export function pixelOfCell(cell: number, cellCount: number, pixels: number): number {
  if (cellCount <= 0 || pixels <= 0) return 0;
  const clamped = Math.min(Math.max(0, cell), cellCount - 1);
  if (cellCount <= pixels) {
    // The first pixel whose centre falls in the cell.
    return Math.min(pixels - 1, Math.max(0, Math.ceil((clamped * pixels) / cellCount - 0.5)));
  }
  // start[p] <= cell < end[p]  ⟺  p = ceil((cell + 1) × pixels / cellCount) − 1
  return Math.ceil(((clamped + 1) * pixels) / cellCount) - 1;
}

/**
 * The rounds of every agent reduced to the pixel columns of one canvas width: computed once per
 * data or width change (linear in cells), so a repaint (theme, row order, height) costs agents ×
 * columns, however many rounds the window holds.
 */
export interface PooledColumns {
  agentCount: number;
  roundCount: number;
  columnCount: number;
  /** True when columns cover several rounds (rounds outnumber pixels). */
  pooled: boolean;
  /** First round of each column and one past its last. */
  start: Int32Array;
  end: Int32Array;
  /** Agent-major, agentCount × columnCount: the worst palette entry of the column's rounds. */
  entries: Uint8Array;
}

/**
 * Reduces each agent's rounds to `columnCount` columns: the worst palette entry of the rounds a
 * column covers (see classifyCells for the order: no data < best … worst < error), or exactly the
 * round under it when there are no more rounds than columns.
 */
export function poolColumns(
  cellEntries: Uint8Array,
  agentCount: number,
  roundCount: number,
  columnCount: number,
): PooledColumns {
  const columns = Math.max(0, Math.floor(columnCount));
  const { start, end } = pixelSpans(roundCount, columns);
  const entries = new Uint8Array(agentCount * columns);
  if (roundCount > 0) {
    for (let a = 0; a < agentCount; a++) {
      poolAgentColumns(cellEntries, a * roundCount, start, end, entries, a * columns);
    }
  }
  return {
    agentCount,
    roundCount,
    columnCount: columns,
    pooled: roundCount > columns,
    start,
    end,
    entries,
  };
}

/**
 * One agent's columns (see poolColumns): a function of its own, not an inner loop (see
 * docs/architecture.md on hot loops).
 */
function poolAgentColumns(
  cellEntries: Uint8Array,
  base: number,
  start: Int32Array,
  end: Int32Array,
  entries: Uint8Array,
  out: number,
): void {
  for (let x = 0; x < start.length; x++) {
    let worst = ENTRY_NO_DATA;
    const last = base + end[x]!;
    for (let i = base + start[x]!; i < last; i++) {
      const entry = cellEntries[i]!;
      if (entry > worst) worst = entry;
    }
    entries[out + x] = worst;
  }
}

export interface PaintOptions {
  widthPx: number;
  heightPx: number;
  theme: PaletteTheme;
  /** Write here (e.g. an ImageData's data) instead of allocating; widthPx × heightPx × 4 long. */
  out?: Uint8ClampedArray;
  /** classifyCells(matrix, metric), when the caller already has it. */
  entries?: Uint8Array;
  /** poolColumns(entries, …, widthPx), when the caller keeps it between paints. */
  columns?: PooledColumns;
}

/**
 * RGBA pixels of the heatmap: rows in `rowOrder` (agent indices, top to bottom), rounds left to
 * right. A pixel covering several cells shows the worst of them: an incident never vanishes.
 */
export function paintHeatmap(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
  rowOrder: ArrayLike<number>,
  options: PaintOptions,
): Uint8ClampedArray {
  const width = Math.max(0, Math.floor(options.widthPx));
  const height = Math.max(0, Math.floor(options.heightPx));
  const out = options.out ?? new Uint8ClampedArray(width * height * 4);
  if (out.length < width * height * 4) throw new RangeError('paintHeatmap: out is too small');
  const pixels = new Int32Array(out.buffer, out.byteOffset, width * height);
  const palette = packedPalette(metric, options.theme);
  const { fill, hatch } = palette;
  const errorIndex = palette.errorEntry;
  const roundCount = matrix.roundIds.length;
  const rowCount = rowOrder.length;

  if (roundCount === 0 || rowCount === 0) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        pixels[y * width + x] = pixelColour(ENTRY_NO_DATA, x, y, fill, hatch, errorIndex);
      }
    }
    return out;
  }

  const given = options.columns;
  const columns =
    given &&
    given.columnCount === width &&
    given.roundCount === roundCount &&
    given.agentCount === matrix.agents.length
      ? given
      : poolColumns(
          options.entries ?? classifyCells(matrix, metric),
          matrix.agents.length,
          roundCount,
          width,
        );
  const pooled = columns.entries;
  const rows = pixelSpans(rowCount, height);
  const line = new Uint8Array(width);
  // The x of the line's hatched entries (no data, error): the only pixels that differ between two
  // pixel rows of the same line.
  const hatchedXs = new Int32Array(width);
  let hatchedCount = 0;
  let lineRowStart = -1;
  let lineRowEnd = -1;

  for (let y = 0; y < height; y++) {
    const rowStart = rows.start[y]!;
    const rowEnd = rows.end[y]!;
    const offset = y * width;
    // Consecutive pixel rows showing the same agents share one reduced line, and one row of pixels
    // but for the hatches: the row above is copied and only the hatched pixels are worked out.
    if (rowStart === lineRowStart && rowEnd === lineRowEnd) {
      pixels.copyWithin(offset, offset - width, offset);
      for (let k = 0; k < hatchedCount; k++) {
        const x = hatchedXs[k]!;
        pixels[offset + x] = pixelColour(line[x]!, x, y, fill, hatch, errorIndex);
      }
      continue;
    }
    reduceLine(pooled, rowOrder, rowStart, rowEnd, line);
    lineRowStart = rowStart;
    lineRowEnd = rowEnd;
    hatchedCount = 0;
    for (let x = 0; x < width; x++) {
      const entry = line[x]!;
      if (entry === ENTRY_NO_DATA || entry === errorIndex) hatchedXs[hatchedCount++] = x;
      pixels[offset + x] = pixelColour(entry, x, y, fill, hatch, errorIndex);
    }
  }
  return out;
}

/**
 * The worst entry of each x over the pooled rows of agents rowOrder[rowStart..rowEnd) (one line of
 * the picture), into `line`: a function of its own, not an inner loop (see docs/architecture.md
 * on hot loops).
 */
function reduceLine(
  pooled: Uint8Array,
  rowOrder: ArrayLike<number>,
  rowStart: number,
  rowEnd: number,
  line: Uint8Array,
): void {
  const width = line.length;
  line.fill(ENTRY_NO_DATA);
  for (let r = rowStart; r < rowEnd; r++) {
    const base = (rowOrder[r] ?? 0) * width;
    for (let x = 0; x < width; x++) {
      const entry = pooled[base + x]!;
      if (entry > line[x]!) line[x] = entry;
    }
  }
}

/** A pixel's packed colour: its entry's fill, or its hatch on a hatched pixel of no data or error. */
function pixelColour(
  entry: number,
  x: number,
  y: number,
  fill: Int32Array,
  hatch: Int32Array,
  errorIndex: number,
): number {
  if (entry === ENTRY_NO_DATA) return isNoDataHatch(x, y) ? hatch[entry]! : fill[entry]!;
  if (entry === errorIndex && isErrorHatch(x, y)) return hatch[entry]!;
  return fill[entry]!;
}
