// Sizes and colours shared by the MOS charts and their skeleton (no recharts here, so the
// skeleton can render before the chart chunk has loaded). Colours are CSS custom properties the
// page may define; the fallbacks read on both light and dark backgrounds.

export const OVERVIEW_HEIGHT = 280;
export const MULTIPLE_CHART_HEIGHT = 130;
/** Name, statistics line and chart of one small multiple. */
export const MULTIPLE_CARD_HEIGHT = MULTIPLE_CHART_HEIGHT + 64;
export const AGENTS_PER_PAGE = 24;

export const MOS_COLORS = {
  mos: 'var(--mos-line, #2563eb)',
  median: 'var(--mos-line, #2563eb)',
  p5: 'var(--mos-p5-line, #d9480f)',
  ceiling: 'var(--mos-ceiling, #2f9e44)',
  grid: 'var(--chart-grid, rgba(128, 128, 128, 0.25))',
  axis: 'var(--chart-axis, #6b7280)',
} as const;

/** The ceiling is dashed as well as coloured, so it is told apart without colour vision. */
export const CEILING_DASH = '6 3';
export const P5_DASH = '2 2';

export const MOS_CHARTS_TITLE = 'MOS vs codec maximum';
export const OVERVIEW_TITLE = 'All agents';
export const MULTIPLES_TITLE = 'Per agent, worst headroom first';
