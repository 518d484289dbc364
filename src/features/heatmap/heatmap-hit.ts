// Which cell a point on the heatmap shows, and where a cell is drawn: index arithmetic over the
// same pooled columns the painter drew, so a tooltip names what is seen and a click opens it.
import { ENTRY_NO_DATA } from './classify-cells.ts';
import type { PooledColumns } from './paint-heatmap.ts';

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
