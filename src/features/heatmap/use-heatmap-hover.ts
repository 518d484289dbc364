// The cell under the pointer: index arithmetic over what the painter drew (heatmap-hit.ts), kept
// only while it belongs to the matrix on screen.
import { useState, type MouseEvent } from 'react';
import { flushSync } from 'react-dom';
import type { RoundsMatrix } from '../../lib/model.ts';
import { spanShownAt, type HeatmapLayout, type ShownSpan } from './heatmap-hit.ts';
import type { PooledColumns } from './paint-heatmap.ts';

export interface HeatmapHoverOptions {
  matrix: RoundsMatrix;
  layout: HeatmapLayout;
  columns: PooledColumns;
  entries: Uint8Array;
  severityOf: (cellIndex: number) => number;
  pixelRatio: number;
}

export function useHeatmapHover(options: HeatmapHoverOptions) {
  const { matrix, layout, columns, entries, severityOf, pixelRatio } = options;
  const [hoverState, setHover] = useState<ShownSpan | undefined>();
  // A zoom changes the matrix under a still pointer: a hover from the old one is no hover (it
  // is dropped, and never read past the new matrix's edge in the render that drops it).
  const [hoverMatrix, setHoverMatrix] = useState(matrix);
  if (hoverMatrix !== matrix) {
    setHoverMatrix(matrix);
    setHover(undefined);
  }
  const hover =
    hoverState &&
    hoverState.roundTo <= layout.roundCount &&
    hoverState.rowTo <= layout.rowOrder.length
      ? hoverState
      : undefined;

  /** The pixel under the pointer as the painter drew it: the cell whose colour it shows. */
  const cellFromPointer = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return spanShownAt(
      event.clientX - box.left,
      event.clientY - box.top,
      layout,
      columns,
      entries,
      severityOf,
      1 / pixelRatio,
    );
  };
  const onMouseMove = (event: MouseEvent<HTMLDivElement>) => {
    const next = cellFromPointer(event);
    if (
      next?.rowPosition !== hover?.rowPosition ||
      next?.roundIndex !== hover?.roundIndex ||
      next?.roundFrom !== hover?.roundFrom ||
      next?.rowFrom !== hover?.rowFrom
    ) {
      // Rendered now, not in a task after this frame: Chromium delivers mouse moves at the start
      // of a frame, so the outline and tooltip land in that frame instead of the next one.
      flushSync(() => setHover(next));
    }
  };
  return { hover, clearHover: () => setHover(undefined), onMouseMove, cellFromPointer };
}
