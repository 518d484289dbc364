// Paints an agents × rounds matrix into an RGBA buffer, without a DOM: the canvas owns the cells.
// Cells are first reduced to palette entries ordered by severity (no data < best … worst < error),
// so "the worst cell a pixel covers" is a max over small integers and colour is a table look-up.
import { CELL_ERROR, CELL_VALUE, type HeatmapMetric, type RoundsMatrix } from '../../api/model.ts';
import {
  DEFAULT_CODEC_MAX_MOS,
  hasZeroStep,
  hexToRgb,
  specialColours,
  stepColours,
  stepCount,
  thresholdsOf,
  type PaletteTheme,
} from '../../lib/palettes.ts';

/** Palette entry of a cell with no value for the metric (no row, or the metric missing). */
export const ENTRY_NO_DATA = 0;

/** Palette entry of an error round: above every value step, so it wins any downsampling. */
export function errorEntry(metric: HeatmapMetric): number {
  return stepCount(metric) + 1;
}

/**
 * Palette entry per cell, in matrix order: 0 no data, 1 + bucketOf(…) for a value, errorEntry.
 * bucketOf inlined over typed arrays: this runs once per cell of a 1M-cell window.
 */
export function classifyCells(matrix: RoundsMatrix, metric: HeatmapMetric): Uint8Array {
  const { cellState, codecMaxMos } = matrix;
  const values = matrix.values[metric];
  const entries = new Uint8Array(cellState.length);
  // Imported bindings copied to locals: some module loaders turn each read in a hot loop into a
  // property access (tsx: several times slower over a million cells).
  const stateError = CELL_ERROR;
  const stateValue = CELL_VALUE;
  const defaultCeiling = DEFAULT_CODEC_MAX_MOS;
  const error = errorEntry(metric);
  const bounds = thresholdsOf(metric);
  // The first five thresholds in locals, unrolled: several times faster than a loop over them on
  // a million cells. Missing ones are Infinity; any beyond five are looked at only past the fifth.
  const b0 = bounds[0] ?? Infinity;
  const b1 = bounds[1] ?? Infinity;
  const b2 = bounds[2] ?? Infinity;
  const b3 = bounds[3] ?? Infinity;
  const b4 = bounds[4] ?? Infinity;
  const zeroStep = hasZeroStep(metric);
  const firstEntry = zeroStep ? 2 : 1;
  const isMos = metric === 'mos';
  for (let i = 0; i < cellState.length; i++) {
    const state = cellState[i];
    if (state === stateError) {
      entries[i] = error;
      continue;
    }
    if (state !== stateValue) continue;
    const value = values[i]!;
    if (value !== value) continue; // NaN: this row has no value for the metric
    let measure = value;
    if (isMos) {
      const ceiling = codecMaxMos[i]!;
      measure = (ceiling === ceiling ? ceiling : defaultCeiling) - value;
    }
    if (zeroStep && measure <= 0) {
      entries[i] = 1;
      continue;
    }
    let entry =
      measure < b0
        ? firstEntry
        : measure < b1
          ? firstEntry + 1
          : measure < b2
            ? firstEntry + 2
            : measure < b3
              ? firstEntry + 3
              : measure < b4
                ? firstEntry + 4
                : firstEntry + 5;
    for (let k = 5; k < bounds.length && measure >= bounds[k]!; k++) entry++;
    entries[i] = entry;
  }
  return entries;
}

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
 * pixel shows exactly the cell under its centre (whole-pixel blocks, crisp edges); with more, it
 * covers every cell it touches, even partly, so the worst of them can win.
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
      end[p] = Math.min(cellCount, Math.ceil(((p + 1) * cellCount) / pixels));
    }
  }
  return { start, end };
}

export interface PaintOptions {
  widthPx: number;
  heightPx: number;
  theme: PaletteTheme;
  /** Write here (e.g. an ImageData's data) instead of allocating; widthPx × heightPx × 4 long. */
  out?: Uint8ClampedArray;
  /** classifyCells(matrix, metric), when the caller already has it. */
  entries?: Uint8Array;
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
        pixels[y * width + x] = isNoDataHatch(x, y) ? hatch[0]! : fill[0]!;
      }
    }
    return out;
  }

  const entries = options.entries ?? classifyCells(matrix, metric);
  const columns = pixelSpans(roundCount, width);
  const rows = pixelSpans(rowCount, height);
  const colStart = columns.start;
  const colEnd = columns.end;
  const line = new Uint8Array(width);
  let lineRowStart = -1;
  let lineRowEnd = -1;
  // Each row reduced across the columns once, even when it falls in two pixel rows.
  const rowLines = new Uint8Array(rowCount * width);
  const rowDone = new Uint8Array(rowCount);

  for (let y = 0; y < height; y++) {
    const rowStart = rows.start[y]!;
    const rowEnd = rows.end[y]!;
    // Consecutive pixel rows showing the same agents share one reduced line.
    if (rowStart !== lineRowStart || rowEnd !== lineRowEnd) {
      line.fill(ENTRY_NO_DATA);
      for (let r = rowStart; r < rowEnd; r++) {
        const lineOffset = r * width;
        if (rowDone[r] === 0) {
          const base = (rowOrder[r] ?? 0) * roundCount;
          for (let x = 0; x < width; x++) {
            let worst = ENTRY_NO_DATA;
            const end = base + colEnd[x]!;
            for (let i = base + colStart[x]!; i < end; i++) {
              const entry = entries[i]!;
              if (entry > worst) worst = entry;
            }
            rowLines[lineOffset + x] = worst;
          }
          rowDone[r] = 1;
        }
        for (let x = 0; x < width; x++) {
          const entry = rowLines[lineOffset + x]!;
          if (entry > line[x]!) line[x] = entry;
        }
      }
      lineRowStart = rowStart;
      lineRowEnd = rowEnd;
    }
    const offset = y * width;
    for (let x = 0; x < width; x++) {
      const entry = line[x]!;
      let colour = fill[entry]!;
      if (entry === ENTRY_NO_DATA) {
        if (isNoDataHatch(x, y)) colour = hatch[entry]!;
      } else if (entry === errorIndex && isErrorHatch(x, y)) {
        colour = hatch[entry]!;
      }
      pixels[offset + x] = colour;
    }
  }
  return out;
}

/** Where the cells sit, in whatever unit x and y are given in (CSS pixels for hover). */
export interface HeatmapLayout {
  widthPx: number;
  heightPx: number;
  roundCount: number;
  /** Agent indices, top to bottom. */
  rowOrder: ArrayLike<number>;
}

export interface CellAddress {
  /** Index into matrix.agents. */
  agentIndex: number;
  /** Position in rowOrder (0 = top row). */
  rowPosition: number;
  roundIndex: number;
}

/** The cell under a point: index arithmetic, no hit-testing. Undefined outside the cells. */
export function cellAt(x: number, y: number, layout: HeatmapLayout): CellAddress | undefined {
  const { widthPx, heightPx, roundCount, rowOrder } = layout;
  if (roundCount === 0 || rowOrder.length === 0 || widthPx <= 0 || heightPx <= 0) return undefined;
  if (!(x >= 0 && x < widthPx && y >= 0 && y < heightPx)) return undefined;
  const roundIndex = Math.min(roundCount - 1, Math.floor((x * roundCount) / widthPx));
  const rowPosition = Math.min(rowOrder.length - 1, Math.floor((y * rowOrder.length) / heightPx));
  const agentIndex = rowOrder[rowPosition];
  if (agentIndex === undefined) return undefined;
  return { agentIndex, rowPosition, roundIndex };
}

/**
 * Like cellAt, but when a pixel covers several cells (a long window on a narrow screen), the
 * worst of them: the cell whose colour the pixel shows, so a tooltip explains what is seen.
 * `entries` is classifyCells(matrix, metric); `pixelSize` is one device pixel in layout units.
 */
export function cellShownAt(
  x: number,
  y: number,
  layout: HeatmapLayout,
  entries: Uint8Array,
  pixelSize = 1,
): CellAddress | undefined {
  const hit = cellAt(x, y, layout);
  if (!hit) return undefined;
  const { widthPx, heightPx, roundCount, rowOrder } = layout;
  const px = Math.floor(x / pixelSize) * pixelSize;
  const py = Math.floor(y / pixelSize) * pixelSize;
  // As paintHeatmap does: only an axis with more cells than pixels is reduced to its worst.
  const roundsReduced = roundCount > widthPx / pixelSize;
  const rowsReduced = rowOrder.length > heightPx / pixelSize;
  const roundFrom = roundsReduced ? Math.floor((px * roundCount) / widthPx) : hit.roundIndex;
  const roundTo = roundsReduced
    ? Math.min(roundCount, Math.ceil(((px + pixelSize) * roundCount) / widthPx))
    : hit.roundIndex + 1;
  const rowFrom = rowsReduced ? Math.floor((py * rowOrder.length) / heightPx) : hit.rowPosition;
  const rowTo = rowsReduced
    ? Math.min(rowOrder.length, Math.ceil(((py + pixelSize) * rowOrder.length) / heightPx))
    : hit.rowPosition + 1;
  if (roundTo - roundFrom <= 1 && rowTo - rowFrom <= 1) return hit;
  let best = hit;
  let bestEntry = entries[hit.agentIndex * roundCount + hit.roundIndex] ?? 0;
  for (let rowPosition = rowFrom; rowPosition < rowTo; rowPosition++) {
    const agentIndex = rowOrder[rowPosition];
    if (agentIndex === undefined) continue;
    for (let roundIndex = roundFrom; roundIndex < roundTo; roundIndex++) {
      const entry = entries[agentIndex * roundCount + roundIndex] ?? 0;
      if (entry > bestEntry) {
        bestEntry = entry;
        best = { agentIndex, rowPosition, roundIndex };
      }
    }
  }
  return best;
}

/** The rectangle of one cell in the layout's units: where a cursor or tooltip goes. */
export function cellRect(
  rowPosition: number,
  roundIndex: number,
  layout: HeatmapLayout,
): { x: number; y: number; width: number; height: number } {
  const cellWidth = layout.widthPx / Math.max(1, layout.roundCount);
  const cellHeight = layout.heightPx / Math.max(1, layout.rowOrder.length);
  return {
    x: roundIndex * cellWidth,
    y: rowPosition * cellHeight,
    width: cellWidth,
    height: cellHeight,
  };
}
