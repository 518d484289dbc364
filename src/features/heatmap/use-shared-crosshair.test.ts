import { describe, expect, it } from 'vitest';
import { crosshairColour } from '../../lib/palettes.ts';
import { drawCrosshairLine } from './use-shared-crosshair.ts';

/** The calls a 2D context received, in order. */
function recordingContext(height: number) {
  const calls: string[] = [];
  const context = {
    canvas: { height },
    set lineWidth(value: number) {
      calls.push(`lineWidth ${value}`);
    },
    set strokeStyle(value: string) {
      calls.push(`strokeStyle ${value}`);
    },
    setLineDash: (dash: number[]) => calls.push(`dash ${dash.join(',')}`),
    beginPath: () => calls.push('beginPath'),
    moveTo: (x: number, y: number) => calls.push(`moveTo ${x},${y}`),
    lineTo: (x: number, y: number) => calls.push(`lineTo ${x},${y}`),
    stroke: () => calls.push('stroke'),
  };
  return { context: context as unknown as CanvasRenderingContext2D, calls };
}

describe('drawCrosshairLine', () => {
  it('draws a dashed line the height of the canvas on a device pixel, scaled with the ratio', () => {
    const { context, calls } = recordingContext(300);
    drawCrosshairLine(context, 100.4, 2, crosshairColour('dark'));
    expect(calls).toEqual([
      'lineWidth 2',
      'strokeStyle #ffffff',
      'dash 8,6',
      'beginPath',
      'moveTo 201.5,0',
      'lineTo 201.5,300',
      'stroke',
    ]);
  });

  it('contrasts with the page in each theme', () => {
    expect(crosshairColour('light')).not.toBe(crosshairColour('dark'));
  });
});
