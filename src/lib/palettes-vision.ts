// How a colour looks, measured: CIELAB lightness, chroma and hue, colour difference, WCAG text
// contrast, and how the common colour-vision deficiencies see it. Used to test the palettes (and
// nothing in the page), so "safe for colour-blind people" is a checked claim, not a hope.
import { hexToRgb } from './palettes.ts';

/** Normal vision, and the two common (red-green) dichromacies: about 2 % of men between them. */
export type Vision = 'normal' | 'deuteranopia' | 'protanopia';

export const DEFICIENT_VISIONS: readonly Vision[] = ['deuteranopia', 'protanopia'];

type Matrix3 = readonly [
  readonly [number, number, number],
  readonly [number, number, number],
  readonly [number, number, number],
];

/**
 * Machado, Oliveira & Fernandes (2009), severity 1.0 (complete dichromacy), applied to linear RGB:
 * the simulation most colour-vision tools use.
 */
const SIMULATION: Record<Exclude<Vision, 'normal'>, Matrix3> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
};

function toLinear(channel: number): number {
  const v = channel / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

function clampUnit(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/** Linear RGB of a colour as someone with `vision` sees it. */
function linearRgb(hex: string, vision: Vision): [number, number, number] {
  const [r, g, b] = hexToRgb(hex).map(toLinear) as [number, number, number];
  if (vision === 'normal') return [r, g, b];
  const m = SIMULATION[vision];
  return [0, 1, 2].map((i) => clampUnit(m[i]![0] * r + m[i]![1] * g + m[i]![2] * b)) as [
    number,
    number,
    number,
  ];
}

export interface Lab {
  /** Lightness, 0 (black) to 100 (white). */
  L: number;
  a: number;
  b: number;
  /** Chroma: how colourful (0 = grey). */
  C: number;
  /** Hue angle in degrees: red ≈ 40, orange ≈ 55, amber ≈ 75, yellow ≈ 100, blue ≈ 260–300. */
  h: number;
}

/** CIELAB (D65) of an sRGB colour, as seen with `vision`. */
export function labOf(hex: string, vision: Vision = 'normal'): Lab {
  const [r, g, b] = linearRgb(hex, vision);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const L = 116 * f(y) - 16;
  const a = 500 * (f(x) - f(y));
  const bb = 200 * (f(y) - f(z));
  return {
    L,
    a,
    b: bb,
    C: Math.hypot(a, bb),
    h: ((Math.atan2(bb, a) * 180) / Math.PI + 360) % 360,
  };
}

/** CIE76 colour difference: about 2.3 is just noticeable, 10+ clearly different. */
export function deltaE(one: Lab, other: Lab): number {
  return Math.hypot(one.L - other.L, one.a - other.a, one.b - other.b);
}

/** WCAG 2 contrast ratio of two colours (1 to 21; text needs 4.5, large text and marks 3). */
export function contrastRatio(one: string, other: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = hexToRgb(hex).map(toLinear) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(one), luminance(other)].sort((p, q) => q - p) as [
    number,
    number,
  ];
  return (lighter + 0.05) / (darker + 0.05);
}
