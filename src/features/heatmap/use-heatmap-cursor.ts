// The heatmap's keyboard cursor: the cell it is on (an agent's, so a re-sort keeps it on the same
// agent), how the keys move it (by pixel column when rounds are pooled, resting on the column's
// worst round), and the rounds selected with Shift+Left/Right for a zoom.
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import { worstCellIn } from './heatmap-hit.ts';
import { pixelOfCell, type PooledColumns } from './paint-heatmap.ts';
import { roundsBetween, type RoundSpan } from './time-selection.ts';

export interface HeatmapCell {
  /** Index into matrix.agents. */
  agentIndex: number;
  /** Index into matrix.roundIds. */
  roundIndex: number;
}

/** A cell by its row on screen (a position in the row order) rather than its agent. */
export interface RowCell {
  rowPosition: number;
  roundIndex: number;
}

const PAGE_ROWS = 10;
const FAST_ROUNDS = 12;

export interface HeatmapCursorOptions {
  /** Agent indices, top to bottom. */
  order: readonly number[];
  roundCount: number;
  columns: PooledColumns;
  /** classifyCells and severityAccessor of the matrix shown. */
  entries: Uint8Array;
  severityOf: (cellIndex: number) => number;
  /** Where the cursor is, e.g. from the URL's agent + round; the cursor follows when it changes. */
  selectedCell: HeatmapCell | undefined;
  onOpenCell: ((agentIndex: number, roundIndex: number) => void) | undefined;
  /** Enter on a Shift+arrows selection; without it, Shift+arrows only move the cursor. */
  onZoomToRounds: ((span: RoundSpan) => void) | undefined;
  /** Escape with no selection: the heatmap drops its hover. */
  onEscape: () => void;
}

export function useHeatmapCursor(options: HeatmapCursorOptions) {
  const {
    order,
    roundCount,
    columns,
    entries,
    severityOf,
    selectedCell,
    onOpenCell,
    onZoomToRounds,
    onEscape,
  } = options;
  const [cursorCell, setCursorCell] = useState<HeatmapCell | undefined>(selectedCell);
  // Follow the selection when the caller changes it (the URL's agent + round, back button).
  const selectedKey = selectedCell ? `${selectedCell.agentIndex}:${selectedCell.roundIndex}` : '';
  const [seenSelectedKey, setSeenSelectedKey] = useState(selectedKey);
  if (seenSelectedKey !== selectedKey) {
    setSeenSelectedKey(selectedKey);
    if (selectedCell) setCursorCell(selectedCell);
  }
  const positionOfAgent = useMemo(() => {
    const positions = new Map<number, number>();
    order.forEach((agentIndex, position) => positions.set(agentIndex, position));
    return positions;
  }, [order]);
  const setCursor = (cell: RowCell) => {
    const agentIndex = order[cell.rowPosition];
    if (agentIndex !== undefined) setCursorCell({ agentIndex, roundIndex: cell.roundIndex });
  };
  // Rounds selected with Shift+Left/Right, from the round the selection started on.
  const [keySelection, setKeySelection] = useState<
    { anchor: number; span: RoundSpan } | undefined
  >();

  const clampCell = useCallback(
    (rowPosition: number, roundIndex: number) => ({
      rowPosition: Math.min(Math.max(0, rowPosition), Math.max(0, order.length - 1)),
      roundIndex: Math.min(Math.max(0, roundIndex), Math.max(0, roundCount - 1)),
    }),
    [order.length, roundCount],
  );
  // The rounds [from, to) of the pixel column showing a round: one round unless pooled.
  const columnSpanOf = (roundIndex: number) => {
    if (!columns.pooled) return { from: roundIndex, to: roundIndex + 1 };
    const column = pixelOfCell(roundIndex, roundCount, columns.columnCount);
    return { from: columns.start[column]!, to: columns.end[column]! };
  };
  // When pooled, the cursor moves by pixel columns and rests on the column's worst round of its
  // agent: the round whose colour is seen, and the one Enter opens.
  const landOn = (cell: RowCell): RowCell => {
    const agentIndex = order[cell.rowPosition];
    if (!columns.pooled || agentIndex === undefined) return cell;
    const { from, to } = columnSpanOf(cell.roundIndex);
    const worst = worstCellIn(entries, severityOf, roundCount, agentIndex, from, to);
    return { rowPosition: cell.rowPosition, roundIndex: worst.roundIndex };
  };
  // Moves `by` pixel columns (or rounds, when each round has its own pixels).
  const stepRounds = (roundIndex: number, by: number) => {
    if (!columns.pooled) return roundIndex + by;
    const column = pixelOfCell(roundIndex, roundCount, columns.columnCount);
    const next = Math.min(Math.max(0, column + by), columns.columnCount - 1);
    return columns.start[next]!;
  };
  // The matrix can shrink under the cursor (a shorter window): keep it on a real cell.
  const cursorPosition = cursorCell ? positionOfAgent.get(cursorCell.agentIndex) : undefined;
  const activeCursor =
    cursorCell && cursorPosition !== undefined && roundCount > 0
      ? clampCell(cursorPosition, cursorCell.roundIndex)
      : undefined;

  const open = (rowPosition: number, roundIndex: number) => {
    const agentIndex = order[rowPosition];
    if (agentIndex !== undefined) onOpenCell?.(agentIndex, roundIndex);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (order.length === 0 || roundCount === 0) return;
    // Without a cursor yet, any move starts on the latest round of the top row.
    const from = activeCursor ?? { rowPosition: 0, roundIndex: roundCount - 1 };
    // Shift+Left/Right selects rounds from where the cursor was (Enter zooms to them); Ctrl
    // moves fast.
    if (
      onZoomToRounds &&
      event.shiftKey &&
      activeCursor &&
      (event.key === 'ArrowLeft' || event.key === 'ArrowRight')
    ) {
      event.preventDefault();
      const anchor = keySelection?.anchor ?? from.roundIndex;
      const moved = clampCell(
        from.rowPosition,
        stepRounds(from.roundIndex, event.key === 'ArrowLeft' ? -1 : 1),
      );
      setCursor(moved);
      setKeySelection({ anchor, span: roundsBetween(anchor, moved.roundIndex) });
      return;
    }
    if (keySelection && (event.key === 'Enter' || event.key === 'Escape')) {
      event.preventDefault();
      setKeySelection(undefined);
      if (event.key === 'Enter') onZoomToRounds?.(keySelection.span);
      return;
    }
    if (keySelection && event.key.startsWith('Arrow')) setKeySelection(undefined);
    const step = event.ctrlKey || event.shiftKey ? FAST_ROUNDS : 1;
    let next: RowCell;
    switch (event.key) {
      case 'ArrowLeft':
        next = activeCursor
          ? clampCell(from.rowPosition, stepRounds(from.roundIndex, -step))
          : from;
        break;
      case 'ArrowRight':
        next = activeCursor ? clampCell(from.rowPosition, stepRounds(from.roundIndex, step)) : from;
        break;
      case 'ArrowUp':
        next = activeCursor ? clampCell(from.rowPosition - 1, from.roundIndex) : from;
        break;
      case 'ArrowDown':
        next = activeCursor ? clampCell(from.rowPosition + 1, from.roundIndex) : from;
        break;
      case 'PageUp':
        next = clampCell(from.rowPosition - PAGE_ROWS, from.roundIndex);
        break;
      case 'PageDown':
        next = clampCell(from.rowPosition + PAGE_ROWS, from.roundIndex);
        break;
      case 'Home':
        next = clampCell(event.ctrlKey ? 0 : from.rowPosition, 0);
        break;
      case 'End':
        next = clampCell(event.ctrlKey ? order.length - 1 : from.rowPosition, roundCount - 1);
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        next = activeCursor ? from : landOn(from);
        setCursor(next);
        open(next.rowPosition, next.roundIndex);
        return;
      case 'Escape':
        onEscape();
        return;
      default:
        return;
    }
    event.preventDefault();
    setCursor(landOn(next));
  };

  // What the cursor covers: its cell, or its pooled pixel column's rounds.
  const cursorSpan = activeCursor
    ? (() => {
        const { from, to } = columnSpanOf(activeCursor.roundIndex);
        return {
          ...activeCursor,
          roundFrom: from,
          roundTo: to,
          rowFrom: activeCursor.rowPosition,
          rowTo: activeCursor.rowPosition + 1,
        };
      })()
    : undefined;

  return {
    activeCursor,
    cursorSpan,
    setCursor,
    keySelection: keySelection?.span,
    dropKeySelection: () => setKeySelection(undefined),
    onKeyDown,
  };
}
