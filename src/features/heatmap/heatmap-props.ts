// What a caller tells the Heatmap: the data and how it is shown, and what the page does with it.
import type { Ref } from 'react';
import type { CrosshairStore } from '../../lib/crosshair.ts';
import type { TimeZoneChoice } from '../../lib/format.ts';
import type { HeatmapMetric } from '../../lib/metrics.ts';
import type { AgentLocationOf, RoundsMatrix } from '../../lib/model.ts';
import type { PaletteTheme } from '../../lib/palettes.ts';
import type { HeatmapCell } from './use-heatmap-cursor.ts';

export interface HeatmapProps {
  matrix: RoundsMatrix;
  metric: HeatmapMetric;
  /** Agent indices top to bottom (see row-order.ts); default: the matrix's own order. */
  rowOrder?: readonly number[];
  timeZone: TimeZoneChoice;
  theme?: PaletteTheme;
  /** Enter on the cursor cell, or a click on a cell: open the drill-down for it. */
  onOpenCell?: (agentIndex: number, roundIndex: number) => void;
  /** Where the cursor is, e.g. from the URL's agent + round; the cursor follows when it changes. */
  selectedCell?: HeatmapCell;
  /** Used in the PNG file name. */
  testId?: string;
  /** CSS height of the cells; default grows with the agent count, up to 640 px. */
  heightPx?: number;
  /** CSS width of the cells; default: the container's width, followed with a ResizeObserver. */
  widthPx?: number;
  /** Show the "Download PNG" button (default true). */
  showExport?: boolean;
  /** Show the legend (default true). */
  showLegend?: boolean;
  /**
   * The smallest row, in CSS px, that gets its own agent label (default 12); rows smaller than
   * that label every n-th agent. A caller with larger label text (the wall) passes more.
   */
  labelRowPx?: number;
  /**
   * Which rows get a label and where its centre sits (px from the top), chosen by the caller (the
   * wall labels its worst agents whatever the row height); a label away from its row is joined to
   * it by a connector. Default: every n-th row, each label on its row.
   */
  rowLabels?: readonly { position: number; centrePx: number }[];
  /** The least room between two time labels, in CSS px (default 110); larger text needs more. */
  tickSpacingPx?: number;
  /** An error round's detail (the row's errorDetail), for the tooltip and the live region. */
  errorDetailOf?: (agentIndex: number, roundIndex: number) => string | undefined;
  /** Where each agent is, named in its row's title and the tooltip. */
  agentLocationOf?: AgentLocationOf;
  /**
   * A drag across the cells (or Shift+arrows, then Enter) selected [startMs, endMs): zoom to it.
   * Without it, a drag does nothing but a click still opens the round.
   */
  onZoom?: (startMs: number, endMs: number) => void;
  /** A double-click on the time axis: zoom out. */
  onZoomOut?: () => void;
  /** The page's shared crosshair: this heatmap writes the round hovered and draws the line. */
  crosshair?: CrosshairStore;
  /** The cells' focusable element (the page returns focus to it when the round dialog closes). */
  cellsRef?: Ref<HTMLDivElement>;
  /** A row's label (default the agent's name), e.g. with its country when sorted by country. */
  rowLabelOf?: (agent: RoundsMatrix['agents'][number]) => string;
  /** The PNG's title and file name (default: the metric and the test id). */
  pngExport?: { title: string; fileName: string };
  /** `wall`: type and labels sized for a NOC screen (heatmap.css, `.heatmap--wall`). */
  variant?: 'page' | 'wall';
  /** The agent label column's width in CSS px (default 11 rem, 9 rem on the wall). */
  labelColumnPx?: number;
}
