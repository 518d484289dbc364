// The health colours (calm blue, amber, red) in each theme: a module of its own so that the first
// page's bundle, which paints the badges through the theme code, does not carry the heatmap scales.
export type PaletteTheme = 'light' | 'dark';
export type Health = 'good' | 'fair' | 'poor';

/**
 * Health as text and badge colours, in the ramps' hue families (calm blue, amber, red) and dark
 * or light enough for text on the theme's surfaces (WCAG AA). The pages' --good, --warn and --bad
 * are these (applyTheme sets them), so a badge, a word and a heatmap cell speak one language.
 */
export const HEALTH_COLOURS: Record<PaletteTheme, Record<Health, string>> = {
  light: { good: '#1f6f8f', fair: '#8a5a00', poor: '#b42318' },
  dark: { good: '#7cc3e6', fair: '#e3a53a', poor: '#ff6b61' },
};
