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
import { CELL_ERROR, CELL_VALUE, type RoundsMatrix } from '../../lib/model.ts';
import { type HeatmapMetric } from '../../lib/metrics.ts';
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
      const base = a * roundCount;
      const out = a * columns;
      for (let x = 0; x < columns; x++) {
        let worst = ENTRY_NO_DATA;
        const last = base + end[x]!;
        for (let i = base + start[x]!; i < last; i++) {
          const entry = cellEntries[i]!;
          if (entry > worst) worst = entry;
        }
        entries[out + x] = worst;
      }
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
        pixels[y * width + x] = isNoDataHatch(x, y) ? hatch[0]! : fill[0]!;
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
  let lineRowStart = -1;
  let lineRowEnd = -1;

  for (let y = 0; y < height; y++) {
    const rowStart = rows.start[y]!;
    const rowEnd = rows.end[y]!;
    // Consecutive pixel rows showing the same agents share one reduced line.
    if (rowStart !== lineRowStart || rowEnd !== lineRowEnd) {
      line.fill(ENTRY_NO_DATA);
      for (let r = rowStart; r < rowEnd; r++) {
        const base = (rowOrder[r] ?? 0) * width;
        for (let x = 0; x < width; x++) {
          const entry = pooled[base + x]!;
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

/** What a pixel shows: the cell whose colour it is, and the rounds and rows it covers. */
export interface ShownSpan extends CellAddress {
  /** The rounds of the pixel column, [roundFrom, roundTo): one round unless pooled. */
  roundFrom: number;
  roundTo: number;
  /** The row positions of the pixel row, [rowFrom, rowTo): one row unless pooled. */
  rowFrom: number;
  rowTo: number;
}

/** The worst cell of one agent's rounds [from, to), and what made it the worst. */
export interface WorstCell {
  roundIndex: number;
  /** Its palette entry (classifyCells). */
  entry: number;
  /** Its severity measure; −Infinity without a value (no data, an error round). */
  severity: number;
}

/**
 * The worst round of one agent among [from, to): the highest palette entry, then (within a
 * colour step) the highest severity measure, then the earliest. `severityOf` gives the "higher is
 * worse" measure of a cell with a value (palettes.ts: the value, or MOS headroom).
 */
export function worstCellIn(
  entries: Uint8Array,
  severityOf: (cellIndex: number) => number,
  roundCount: number,
  agentIndex: number,
  from: number,
  to: number,
): WorstCell {
  const base = agentIndex * roundCount;
  const worst: WorstCell = { roundIndex: from, entry: -1, severity: -Infinity };
  for (let r = from; r < to; r++) {
    const entry = entries[base + r] ?? ENTRY_NO_DATA;
    if (entry < worst.entry) continue;
    const measure = entry === ENTRY_NO_DATA ? Number.NaN : severityOf(base + r);
    const severity = Number.isNaN(measure) ? -Infinity : measure;
    if (entry > worst.entry || severity > worst.severity) {
      worst.roundIndex = r;
      worst.entry = entry;
      worst.severity = severity;
    }
  }
  return worst;
}

/**
 * The pixel under a point, as the painter drew it: the rounds its column covers (the pooled span
 * when rounds outnumber device pixels), the agents its row covers, and the worst cell among them:
 * the one whose colour the pixel shows, so a tooltip explains what is seen and a click opens it.
 * `entries` is classifyCells(matrix, metric); `pixelSize` is one device pixel in layout units.
 */
export function spanShownAt(
  x: number,
  y: number,
  layout: HeatmapLayout,
  columns: PooledColumns,
  entries: Uint8Array,
  severityOf: (cellIndex: number) => number,
  pixelSize = 1,
): ShownSpan | undefined {
  const hit = cellAt(x, y, layout);
  if (!hit) return undefined;
  const { widthPx, heightPx, roundCount, rowOrder } = layout;
  let roundFrom = hit.roundIndex;
  let roundTo = hit.roundIndex + 1;
  if (columns.pooled && columns.columnCount > 0 && columns.roundCount === roundCount) {
    const column = Math.min(
      columns.columnCount - 1,
      Math.floor((x * columns.columnCount) / widthPx),
    );
    roundFrom = columns.start[column]!;
    roundTo = columns.end[column]!;
  }
  let rowFrom = hit.rowPosition;
  let rowTo = hit.rowPosition + 1;
  const deviceRows = Math.max(1, Math.round(heightPx / pixelSize));
  if (rowOrder.length > deviceRows) {
    const row = Math.min(deviceRows - 1, Math.floor((y * deviceRows) / heightPx));
    rowFrom = Math.floor((row * rowOrder.length) / deviceRows);
    rowTo = Math.floor(((row + 1) * rowOrder.length) / deviceRows);
  }
  let shown: CellAddress | undefined;
  let shownWorst: WorstCell | undefined;
  for (let rowPosition = rowFrom; rowPosition < rowTo; rowPosition++) {
    const agentIndex = rowOrder[rowPosition];
    if (agentIndex === undefined) continue;
    const worst = worstCellIn(entries, severityOf, roundCount, agentIndex, roundFrom, roundTo);
    if (
      !shownWorst ||
      worst.entry > shownWorst.entry ||
      (worst.entry === shownWorst.entry && worst.severity > shownWorst.severity)
    ) {
      shown = { agentIndex, rowPosition, roundIndex: worst.roundIndex };
      shownWorst = worst;
    }
  }
  return { ...(shown ?? hit), roundFrom, roundTo, rowFrom, rowTo };
}

/**
 * The rectangle of one cell, or of the rounds [roundIndex, roundTo) of one row (a pooled pixel
 * column), in the layout's units: where a cursor or tooltip goes.
 */
export function cellRect(
  rowPosition: number,
  roundIndex: number,
  layout: HeatmapLayout,
  roundTo = roundIndex + 1,
): { x: number; y: number; width: number; height: number } {
  const cellWidth = layout.widthPx / Math.max(1, layout.roundCount);
  const cellHeight = layout.heightPx / Math.max(1, layout.rowOrder.length);
  return {
    x: roundIndex * cellWidth,
    y: rowPosition * cellHeight,
    width: cellWidth * Math.max(1, roundTo - roundIndex),
    height: cellHeight,
  };
}

/** The "higher is worse" measure of each cell (palettes.ts's severityMeasure), by cell index. */
export function severityAccessor(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
): (cellIndex: number) => number {
  const values = matrix.values[metric];
  if (metric !== 'mos') return (i) => values[i] ?? Number.NaN;
  const { codecMaxMos } = matrix;
  return (i) => {
    const ceiling = codecMaxMos[i] ?? Number.NaN;
    return (Number.isNaN(ceiling) ? DEFAULT_CODEC_MAX_MOS : ceiling) - (values[i] ?? Number.NaN);
  };
}
