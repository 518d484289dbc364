// Sizes and colours shared by the MOS charts and their skeleton (no recharts here, so the
// skeleton can render before the chart chunk has loaded). Colours are the theme's CSS custom
// properties (src/app/global.css, light and dark); the fallbacks only matter outside the app.

export const OVERVIEW_HEIGHT = 280;
export const MULTIPLE_CHART_HEIGHT = 130;
/** Name, statistics line and chart of one small multiple. */
export const MULTIPLE_CARD_HEIGHT = MULTIPLE_CHART_HEIGHT + 64;
export const AGENTS_PER_PAGE = 24;

export const MOS_COLORS = {
  mos: 'var(--mos-line, #0b5cad)',
  median: 'var(--mos-line, #0b5cad)',
  p5: 'var(--mos-p5, #c2410c)',
  ceiling: 'var(--mos-ceiling, #5b6b7b)',
  grid: 'var(--border, #d3d9e2)',
  axis: 'var(--text-muted, #4d5b6a)',
  /** compare=1d|1w: the earlier window's median, drawn faint. */
  previous: 'var(--text-muted, #4d5b6a)',
} as const;

/** The ceiling is dashed as well as coloured, so it is told apart without colour vision. */
export const CEILING_DASH = '6 3';
export const P5_DASH = '2 2';

export const MOS_CHARTS_TITLE = 'MOS vs codec maximum';
export const OVERVIEW_TITLE = 'All agents';
export const MULTIPLES_TITLE = 'Per agent, worst headroom first';
