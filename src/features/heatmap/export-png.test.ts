import { describe, expect, it } from 'vitest';
import { HEATMAP_METRICS } from '../../lib/metrics.ts';
import { pictureColours, specialColours, stepColours, stepLabels } from '../../lib/palettes.ts';
import { legendSwatches } from './export-png.ts';

describe('the saved picture', () => {
  it('carries the legend the heatmap shows: every step, then no data and error, hatched', () => {
    for (const metric of HEATMAP_METRICS) {
      for (const theme of ['light', 'dark'] as const) {
        const swatches = legendSwatches(metric, theme);
        const special = specialColours(theme);
        expect(swatches.map((swatch) => swatch.label)).toEqual([
          ...stepLabels(metric),
          'No data',
          'Error',
        ]);
        expect(swatches.slice(0, -2).map((swatch) => swatch.fill)).toEqual(
          stepColours(metric, theme),
        );
        expect(swatches.at(-1)).toEqual({
          label: 'Error',
          fill: special.error,
          hatch: special.errorHatch,
        });
      }
    }
  });

  it("frames the cells on the theme's own background, with text that stands out from it", () => {
    for (const theme of ['light', 'dark'] as const) {
      const colours = pictureColours(theme);
      expect(colours.background).toBe(specialColours(theme).background);
      expect(new Set([colours.background, colours.text, colours.muted]).size).toBe(3);
    }
  });
});
