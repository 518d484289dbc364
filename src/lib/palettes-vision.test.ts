import { describe, expect, it } from 'vitest';
import { contrastRatio, deltaE, labOf } from './palettes-vision.ts';

describe('palettes-vision', () => {
  it('measures CIELAB lightness, chroma and hue', () => {
    expect(labOf('#ffffff').L).toBeCloseTo(100, 1);
    expect(labOf('#000000').L).toBeCloseTo(0, 5);
    expect(labOf('#777777').C).toBeLessThan(0.5); // a grey has no chroma
    const red = labOf('#ff0000');
    expect(red.L).toBeCloseTo(53.2, 0);
    expect(red.h).toBeGreaterThan(35);
    expect(red.h).toBeLessThan(45);
    expect(labOf('#0000ff').h).toBeGreaterThan(290);
    expect(deltaE(labOf('#ffffff'), labOf('#000000'))).toBeCloseTo(100, 0);
  });

  it('simulates a red-green deficiency: red and green collapse to one hue, greys stay grey', () => {
    for (const vision of ['deuteranopia', 'protanopia'] as const) {
      const red = labOf('#d0442c', vision);
      const green = labOf('#2ca02c', vision);
      // Both read as yellowish (hue near 95°), told apart only by lightness.
      expect(Math.abs(red.h - green.h)).toBeLessThan(10);
      expect(labOf('#808080', vision).C).toBeLessThan(1);
      expect(labOf('#808080', vision).L).toBeCloseTo(labOf('#808080').L, 0);
    }
    // A protanope sees red much darker than normal vision does.
    expect(labOf('#ff0000', 'protanopia').L).toBeLessThan(labOf('#ff0000').L - 10);
  });

  it('computes the WCAG contrast ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // WCAG's own example: #767676 on white is the lightest grey that passes 4.5:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });
});
