import { describe, expect, it } from 'vitest';
import { HEATMAP_METRICS } from './metrics.ts';
import { HEALTH_COLOURS } from './health-colours.ts';
import {
  NO_BUCKET,
  bucketOf,
  colourOf,
  healthOf,
  healthOfStep,
  specialColours,
  stepColours,
  stepCount,
  stepLabels,
  type Health,
  type PaletteTheme,
} from './palettes.ts';
import { DEFICIENT_VISIONS, contrastRatio, deltaE, labOf, type Vision } from './palettes-vision.ts';

const THEMES: readonly PaletteTheme[] = ['light', 'dark'];

/** The hue family a colour reads as: calm (blue-grey, or nearly grey), amber, red, or other. */
function hueFamily(hex: string): Health | 'other' {
  const { C, h } = labOf(hex);
  if (C < 12 || (h >= 180 && h < 290)) return 'good';
  if (h >= 50 && h < 100) return 'fair';
  if (h >= 10 && h < 50) return 'poor';
  return 'other';
}

/** How far a colour stands out from the page: its colour difference from the background. */
function salience(hex: string, theme: PaletteTheme, vision: Vision = 'normal'): number {
  return deltaE(labOf(hex, vision), labOf(specialColours(theme).background, vision));
}

describe('bucketOf', () => {
  it('gives loss its own step for an exact zero, then the documented thresholds', () => {
    expect(bucketOf('loss', 0)).toBe(0);
    expect(bucketOf('loss', 0.01)).toBe(1);
    expect(bucketOf('loss', 0.49)).toBe(1);
    expect(bucketOf('loss', 0.5)).toBe(2);
    expect(bucketOf('loss', 1)).toBe(3);
    expect(bucketOf('loss', 1.99)).toBe(3);
    expect(bucketOf('loss', 2)).toBe(4);
    expect(bucketOf('loss', 5)).toBe(5);
    expect(bucketOf('loss', 9.99)).toBe(5);
    expect(bucketOf('loss', 10)).toBe(6);
    expect(bucketOf('loss', 100)).toBe(6);
    expect(stepCount('loss')).toBe(7);
  });

  it('places latency in bands of < 50, 50, 100, 150, 250, 400+ ms', () => {
    expect(
      [0, 49.9, 50, 99, 100, 149, 150, 249, 250, 399, 400, 2000].map((v) => bucketOf('latency', v)),
    ).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(stepCount('latency')).toBe(6);
  });

  it('never gives a missing value a colour step', () => {
    for (const metric of HEATMAP_METRICS) {
      expect(bucketOf(metric, undefined)).toBe(NO_BUCKET);
      expect(bucketOf(metric, Number.NaN)).toBe(NO_BUCKET);
    }
  });

  it('judges MOS by its headroom below the codec ceiling, not by a fixed scale', () => {
    // A perfect G.722 stream (4.03 of 4.03) is as good as a perfect G.711 stream (4.41 of 4.41).
    expect(bucketOf('mos', 4.03, 4.03)).toBe(0);
    expect(bucketOf('mos', 4.41, 4.41)).toBe(0);
    // The same 4.03 on G.711 sits 0.38 below its ceiling.
    expect(bucketOf('mos', 4.03, 4.41)).toBe(2);
    expect(bucketOf('mos', 3.9, 4.03)).toBe(1); // 0.13 below
    expect(bucketOf('mos', 3.4, 4.41)).toBe(4); // 1.01 below
    expect(bucketOf('mos', 2.5, 4.41)).toBe(5);
    // Rounding can put MOS a hair above its ceiling: still the best step.
    expect(bucketOf('mos', 4.42, 4.41)).toBe(0);
    // An unknown ceiling is taken as G.711's.
    expect(bucketOf('mos', 4.03, Number.NaN)).toBe(bucketOf('mos', 4.03, 4.41));
    expect(bucketOf('mos', 4.03)).toBe(2);
  });

  it('gives PDV and discards a zero step too', () => {
    expect(bucketOf('pdv', 0)).toBe(0);
    expect(bucketOf('pdv', 1)).toBe(1);
    expect(bucketOf('pdv', 50)).toBe(6);
    expect(bucketOf('discards', 0)).toBe(0);
    expect(bucketOf('discards', 12)).toBe(6);
  });
});

describe('palettes', () => {
  it('has one colour and one label per step', () => {
    for (const metric of HEATMAP_METRICS) {
      expect(stepLabels(metric)).toHaveLength(stepCount(metric));
      for (const theme of ['light', 'dark'] as const) {
        expect(stepColours(metric, theme)).toHaveLength(stepCount(metric));
      }
    }
    expect(stepLabels('loss')).toEqual([
      '0 %',
      '< 0.5 %',
      '0.5–1 %',
      '1–2 %',
      '2–5 %',
      '5–10 %',
      '≥ 10 %',
    ]);
    expect(stepLabels('mos')[0]).toBe('< 0.1 below max');
  });

  it('keeps one order of meaning in every theme: calm, amber, red, the worst most salient', () => {
    for (const metric of HEATMAP_METRICS) {
      for (const theme of THEMES) {
        const colours = stepColours(metric, theme);
        const where = `${metric}, ${theme}`;
        // Each step in the hue family of the health it stands for, in every theme.
        expect(colours.map(hueFamily), where).toEqual(
          colours.map((_, step) => healthOfStep(metric, step)),
        );
        // Salience grows with severity, by a visible amount each step.
        for (let i = 1; i < colours.length; i++) {
          expect(
            salience(colours[i]!, theme) - salience(colours[i - 1]!, theme),
            where,
          ).toBeGreaterThanOrEqual(3);
        }
        const chroma = colours.map((hex) => labOf(hex).C);
        if (theme === 'dark') {
          // On a dark page the worst is the most saturated colour, not the palest.
          expect(Math.max(...chroma), where).toBe(chroma.at(-1));
        } else {
          // On a light page it is the darkest, and still a strong colour, not a grey.
          const lightness = colours.map((hex) => labOf(hex).L);
          expect(Math.min(...lightness), where).toBe(lightness.at(-1));
          expect(chroma.at(-1), where).toBeGreaterThan(40);
        }
      }
    }
    expect(stepColours('loss', 'light').map((_, step) => healthOfStep('loss', step))).toEqual([
      'good',
      'good',
      'fair',
      'fair',
      'fair',
      'poor',
      'poor',
    ]);
  });

  it('stays readable with a red-green colour-vision deficiency', () => {
    for (const vision of DEFICIENT_VISIONS) {
      for (const metric of HEATMAP_METRICS) {
        for (const theme of THEMES) {
          const colours = stepColours(metric, theme);
          const where = `${metric}, ${theme}, ${vision}`;
          const lightness = colours.map((hex) => labOf(hex, vision).L);
          // Adjacent steps are told apart by lightness alone, whatever the hue looks like.
          for (let i = 1; i < lightness.length; i++) {
            expect(Math.abs(lightness[i]! - lightness[i - 1]!), where).toBeGreaterThanOrEqual(6);
            // The light ramp darkens step by step: its order survives greyscale too.
            if (theme === 'light') expect(lightness[i]!, where).toBeLessThan(lightness[i - 1]!);
          }
          // Poor always stands out from the page more than good.
          const health = colours.map((_, step) => healthOfStep(metric, step));
          const of = (h: Health) =>
            colours.filter((_, i) => health[i] === h).map((hex) => salience(hex, theme, vision));
          expect(Math.min(...of('poor')), where).toBeGreaterThan(Math.max(...of('good')) + 15);
          // No step is mistaken for the error swatch.
          const error = labOf(specialColours(theme).error, vision);
          for (const hex of colours) {
            expect(deltaE(labOf(hex, vision), error), where).toBeGreaterThan(15);
          }
        }
      }
    }
  });

  it('gives badges and health words the same language, readable as text', () => {
    const surfaces: Record<PaletteTheme, string[]> = {
      light: ['#ffffff', '#f6f7f9'],
      dark: ['#161b22', '#0e1116', '#1f2630'],
    };
    for (const theme of THEMES) {
      for (const health of ['good', 'fair', 'poor'] as const) {
        const colour = HEALTH_COLOURS[theme][health];
        expect(hueFamily(colour), `${theme} ${health}`).toBe(health);
        for (const surface of surfaces[theme]) {
          expect(
            contrastRatio(colour, surface),
            `${theme} ${health} on ${surface}`,
          ).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it('keeps no data, error and an exact zero apart from each other and from every step', () => {
    for (const theme of ['light', 'dark'] as const) {
      const special = specialColours(theme);
      const steps = stepColours('loss', theme);
      const zero = colourOf('loss', 0, theme);
      expect(zero).toBe(steps[0]);
      expect(new Set([special.noData, special.error, zero]).size).toBe(3);
      expect(steps).not.toContain(special.noData);
      expect(steps).not.toContain(special.error);
      expect(steps).not.toContain(special.errorHatch);
      expect(steps).not.toContain(special.noDataHatch);
      expect(colourOf('loss', undefined, theme)).not.toBe(zero);
    }
  });

  it('calls a value good, fair or poor from the same steps', () => {
    expect(healthOf('loss', 0)).toBe('good');
    expect(healthOf('loss', 1.5)).toBe('fair');
    expect(healthOf('loss', 6)).toBe('poor');
    expect(healthOf('mos', 4.0, 4.03)).toBe('good');
    expect(healthOf('mos', 2.8, 4.41)).toBe('poor');
    expect(healthOf('latency', undefined)).toBeUndefined();
  });
});
