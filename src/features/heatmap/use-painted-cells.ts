// The heatmap's cells canvas: painted in the commit's layout phase, so new cells and the
// React-drawn axes, cursor and tooltip reach the screen in the same frame.
import { useLayoutEffect, useRef } from 'react';
import type { HeatmapMetric } from '../../lib/metrics.ts';
import type { RoundsMatrix } from '../../lib/model.ts';
import type { PaletteTheme } from '../../lib/palettes.ts';
import { paintHeatmap, type PooledColumns } from './paint-heatmap.ts';

export interface PaintedCellsOptions {
  matrix: RoundsMatrix;
  metric: HeatmapMetric;
  /** Agent indices, top to bottom. */
  order: readonly number[];
  /** classifyCells(matrix, metric) and its columns pooled to deviceWidth. */
  entries: Uint8Array;
  columns: PooledColumns;
  /** CSS size of the cells, and their width in device pixels. */
  width: number;
  height: number;
  deviceWidth: number;
  pixelRatio: number;
  theme: PaletteTheme;
}

/** Returns the ref of the canvas to paint; the only place the cells are painted. */
export function usePaintedCells(options: PaintedCellsOptions) {
  const { matrix, metric, order, entries, columns, width, height, deviceWidth, pixelRatio, theme } =
    options;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0 || height <= 0) return;
    const started = performance.now();
    const deviceHeight = Math.max(1, Math.round(height * pixelRatio));
    canvas.width = deviceWidth;
    canvas.height = deviceHeight;
    const context = canvas.getContext('2d');
    if (!context) return; // no canvas support (jsdom): the rest still works
    const image = context.createImageData(deviceWidth, deviceHeight);
    paintHeatmap(matrix, metric, order, {
      widthPx: deviceWidth,
      heightPx: deviceHeight,
      theme,
      out: image.data,
      entries,
      columns,
    });
    context.putImageData(image, 0, 0);
    // How long the cells took, for the benchmark and for anyone asking why a screen is slow
    // (an attribute, not a performance mark: marks would pile up on a wall left for weeks).
    canvas.dataset.paintMs = (performance.now() - started).toFixed(1);
  }, [matrix, metric, order, entries, columns, deviceWidth, width, height, pixelRatio, theme]);
  return canvasRef;
}
