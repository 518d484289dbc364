// The wall's layout decisions, from the viewport and what is on it: how large the type is, how
// the panels are gridded, whether a panel has room for the MOS chart, how many agents are named
// with their figures, the heatmaps' label sizes and spacing, and which heatmap rows carry a label
// and where. Pure, so the sizes a NOC lead reads from three metres are tested; the views only
// apply what it decides.
//
// Sizes are set for a 1920×1080 screen and scale with the viewport (the wall is always full
// screen), so a 4K screen of the same physical size shows the same physical text: agent names and
// figures 20 px at 1080p (readable from about 3 m on a typical NOC screen), each test's headline
// state 32 px, secondary text (axes, legends, status) 14 px.

export const REFERENCE_VIEWPORT = { width: 1920, height: 1080 } as const;
/** Agent names and figures at 1080p. */
export const NAME_PX_AT_1080P = 20;
/** Each test's headline state (POOR / FAIR / GOOD) at 1080p. */
export const HEADLINE_PX_AT_1080P = 32;

/** `rotate`: one test at a time (rotate=N); `grid`: every test at once (rotate=0). */
export type WallMode = 'rotate' | 'grid';

export interface WallLayoutInput {
  viewportWidth: number;
  viewportHeight: number;
  /** Tests on the wall. */
  testCount: number;
  mode: WallMode;
  /** Agents in the largest test on screen. */
  agentCount: number;
}

export interface WallLayout {
  /** The root font size: 1 rem = an agent name's size. */
  remPx: number;
  namePx: number;
  headlinePx: number;
  columns: number;
  rows: number;
  /** 'full' for one panel on screen; 'grid' for several. */
  size: 'full' | 'grid';
  /** How many of the worst agents are named with MOS, loss and latency. */
  worstCount: number;
  /** How many of the top (worst) rows of a heatmap are always labelled. */
  labelledWorst: number;
  /** The MOS chart has a block of its own: one panel, or one row of panels; else agents get it. */
  showChart: boolean;
  /** The MOS chart's axis text (recharts sizes it in px). */
  chartFontPx: number;
  /** The room a heatmap keeps below its cells for the time axis and the legend (which may wrap). */
  heatmapReservePx: number;
  /** An agent label's line (labels are 1 rem): the least row height that gets a label of its own. */
  labelRowPx: number;
  /** The least room between two time labels (0.7 rem text, about 2.5 rem wide). */
  tickSpacingPx: number;
  /** The empty room beside the time axis (1.2 rem) that a stacked label may reach into. */
  timeAxisPx: number;
}

export function gridColumns(count: number): number {
  if (count <= 1) return 1;
  if (count <= 4) return 2;
  if (count <= 9) return 3;
  if (count <= 16) return 4;
  return Math.ceil(Math.sqrt(count));
}

/** The viewport over the reference: the smaller of the two, so nothing outgrows the screen. */
export function wallScale(viewportWidth: number, viewportHeight: number): number {
  const scale = Math.min(
    viewportWidth / REFERENCE_VIEWPORT.width,
    viewportHeight / REFERENCE_VIEWPORT.height,
  );
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

export function wallLayout({
  viewportWidth,
  viewportHeight,
  testCount,
  mode,
  agentCount,
}: WallLayoutInput): WallLayout {
  const scale = wallScale(viewportWidth, viewportHeight);
  const remPx = NAME_PX_AT_1080P * scale;
  const count = mode === 'rotate' ? 1 : Math.max(1, testCount);
  const columns = gridColumns(count);
  const rows = Math.ceil(count / columns);
  const size = count === 1 ? 'full' : 'grid';
  // A named agent takes two lines (name, then figures) in a panel's narrow column: in the grid
  // the rows of panels share the height, so more rows of panels name fewer agents each.
  const worstWanted = size === 'full' ? 8 : rows <= 2 ? 3 : rows === 3 ? 2 : 1;
  const worstCount = Math.max(0, Math.min(worstWanted, agentCount));
  return {
    remPx,
    namePx: remPx,
    headlinePx: HEADLINE_PX_AT_1080P * scale,
    columns,
    rows,
    size,
    worstCount,
    labelledWorst: Math.min(agentCount, Math.max(1, worstCount)),
    showChart: size === 'full' || rows === 1,
    chartFontPx: Math.round(remPx * 0.7),
    // The legend wraps to two lines in a panel of the grid, not in a full one.
    heatmapReservePx: remPx * (size === 'full' ? 2.8 : 3.4),
    labelRowPx: Math.ceil(remPx * 1.2),
    tickSpacingPx: remPx * 5.5,
    timeAxisPx: remPx * 1.2,
  };
}

/**
 * The layout below a panel's header when the header carries `extraLines` more than usual (the
 * "worse than yesterday" mark): in the grid, one named agent fewer for each (a named agent takes
 * two lines), never fewer than the worst one, so the heatmaps and their legends keep their room.
 * Seen at 1080p: two marked panels of six had their latency legend cut at the bottom.
 */
export function layoutBelowHeader(layout: WallLayout, extraLines: number): WallLayout {
  if (layout.size !== 'grid' || extraLines <= 0) return layout;
  const worstCount = Math.max(Math.min(1, layout.worstCount), layout.worstCount - extraLines);
  return worstCount === layout.worstCount ? layout : { ...layout, worstCount };
}

/**
 * The most of a heatmap block its label column may take: half. At 45 % a 26-character city name
 * (the simulator's "Ashburn, VA, United States") did not fit a grid panel's column at 1080p or 4K
 * once stacked beside its connector, and the worst agent's name, the label the wall exists to
 * show, was cut; a name longer still is cut with an ellipsis and read in the worst-agents list.
 */
const LABEL_COLUMN_MAX_SHARE = 0.5;

/**
 * The heatmaps' label column: the longest agent name (about 0.58 em a character, plus room for
 * the bracket), within half the heatmap block's width.
 */
export function labelColumnPx(blockWidthPx: number, longestName: number, remPx: number): number {
  return Math.round(
    Math.min(blockWidthPx * LABEL_COLUMN_MAX_SHARE, remPx * (longestName * 0.58 + 0.9)),
  );
}

export interface RowLabel {
  /** Row position, top to bottom (0 = the worst agent). */
  position: number;
  /** Where the label's centre sits, in px from the top of the cells. */
  centrePx: number;
}

/**
 * Which rows of a heatmap get a label, and where. The top `labelledWorst` rows (the worst agents)
 * always do: when their rows are thinner than a line of text, their labels stack downwards from
 * the top and the heatmap draws a connector to each row. Below them, a row gets a label of its own
 * only where one fits without touching the label above. Labels never run more than `overhangPx`
 * past the bottom (the empty room beside the time axis), so even a heatmap shorter than a line of
 * text names its worst agent.
 */
export function placeRowLabels({
  rowCount,
  heightPx,
  labelPx,
  labelledWorst,
  overhangPx = 0,
}: {
  rowCount: number;
  heightPx: number;
  labelPx: number;
  labelledWorst: number;
  overhangPx?: number;
}): RowLabel[] {
  if (rowCount <= 0 || heightPx <= 0 || labelPx <= 0) return [];
  const rowPx = heightPx / rowCount;
  const room = heightPx + Math.max(0, overhangPx);
  const fits = Math.floor(room / labelPx);
  const labels: RowLabel[] = [];
  let lastCentre = -Infinity;
  for (let position = 0; position < rowCount && labels.length < fits; position++) {
    const rowCentre = (position + 0.5) * rowPx;
    const earliest = lastCentre + labelPx;
    const forced = position < labelledWorst;
    if (!forced && rowCentre < earliest) continue;
    const centrePx = Math.max(rowCentre, earliest, labelPx / 2);
    if (centrePx + labelPx / 2 > room + 0.5) break;
    labels.push({ position, centrePx });
    lastCentre = centrePx;
  }
  return labels;
}
