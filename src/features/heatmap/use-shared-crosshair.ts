// The page's shared crosshair on one heatmap: it writes the round this heatmap points at, and
// draws every heatmap's line on an overlay canvas outside React (no render, no cell repaint).
import { useEffect, useId, useRef } from 'react';
import type { CrosshairStore } from '../../lib/crosshair.ts';
import type { RoundsMatrix } from '../../lib/model.ts';
import { crosshairColour, type PaletteTheme } from '../../lib/palettes.ts';
import { crosshairX } from './time-selection.ts';

export interface SharedCrosshairOptions {
  crosshair: CrosshairStore | undefined;
  matrix: RoundsMatrix;
  /** The round hovered, or under the focused cursor; undefined when this heatmap points at none. */
  pointedRound: number | undefined;
  /** CSS size of the cells. */
  width: number;
  height: number;
  pixelRatio: number;
  theme: PaletteTheme;
}

/** A dashed vertical line at CSS x, device-pixel crisp. */
export function drawCrosshairLine(
  context: CanvasRenderingContext2D,
  x: number,
  pixelRatio: number,
  colour: string,
): void {
  const lineX = Math.round(x * pixelRatio) + 0.5;
  context.lineWidth = Math.max(1, Math.round(pixelRatio));
  context.strokeStyle = colour;
  context.setLineDash([4 * pixelRatio, 3 * pixelRatio]);
  context.beginPath();
  context.moveTo(lineX, 0);
  context.lineTo(lineX, context.canvas.height);
  context.stroke();
}

/** Returns the ref of the overlay canvas the line is drawn on. */
export function useSharedCrosshair({
  crosshair,
  matrix,
  pointedRound,
  width,
  height,
  pixelRatio,
  theme,
}: SharedCrosshairOptions) {
  const source = useId();
  const pointedRoundId = pointedRound === undefined ? undefined : matrix.roundIds[pointedRound];
  useEffect(() => {
    if (!crosshair) return;
    if (pointedRoundId !== undefined) {
      crosshair.set({ timeMs: pointedRoundId * 1000, source });
    } else if (crosshair.get()?.source === source) {
      crosshair.set(undefined);
    }
  }, [crosshair, pointedRoundId, source]);

  const overlayRef = useRef<HTMLCanvasElement>(null);
  // Whether the overlay has a bitmap of its own yet. Until a line is first drawn it has none: a
  // full-size 2D canvas is a bitmap the browser produces with every frame that changes it, and
  // each heatmap's empty overlay doubled that cost in the page's first frame.
  const sized = useRef(false);
  useEffect(() => {
    const overlay = overlayRef.current;
    if (!crosshair || !overlay) return;
    const draw = () => {
      const point = crosshair.get();
      const x =
        point === undefined
          ? undefined
          : crosshairX(point.timeMs, matrix.roundIds, matrix.intervalSeconds, width);
      if (x === undefined || point === undefined) delete overlay.dataset.crosshairTime;
      else overlay.dataset.crosshairTime = String(point.timeMs);
      if (x === undefined && !sized.current) return;
      sized.current = true;
      const deviceWidth = Math.max(1, Math.round(width * pixelRatio));
      const deviceHeight = Math.max(1, Math.round(height * pixelRatio));
      if (overlay.width !== deviceWidth) overlay.width = deviceWidth;
      if (overlay.height !== deviceHeight) overlay.height = deviceHeight;
      const context = overlay.getContext('2d');
      if (!context) return;
      context.clearRect(0, 0, overlay.width, overlay.height);
      if (x !== undefined) drawCrosshairLine(context, x, pixelRatio, crosshairColour(theme));
    };
    draw();
    return crosshair.subscribe(draw);
  }, [crosshair, matrix, width, height, pixelRatio, theme]);
  return overlayRef;
}
