// Saves a heatmap as a PNG for a ticket or a post-mortem: the painted cells at device resolution,
// framed with what makes them readable on their own (title, agent names, time axis, legend).
import type { HeatmapMetric } from '../../lib/metrics.ts';
import {
  pictureColours,
  specialColours,
  stepColours,
  stepLabels,
  type PaletteTheme,
} from '../../lib/palettes.ts';
import { downloadCanvasPng } from '../../lib/download-png.ts';

export interface LegendSwatch {
  label: string;
  fill: string;
  /** Colour of the hatch lines, for no data and error. */
  hatch?: string;
}

export interface HeatmapPicture {
  /** The canvas the cells were painted on (device pixels). */
  cells: HTMLCanvasElement;
  /** CSS size of the cells. */
  widthPx: number;
  heightPx: number;
  pixelRatio: number;
  title: string;
  subtitle: string;
  /** Agent names and the CSS y of their row's middle. */
  rows: { label: string; y: number }[];
  /** Tick labels and their CSS x. */
  ticks: { label: string; x: number }[];
  legend: LegendSwatch[];
  colours: { background: string; text: string; muted: string; border: string };
}

const NAMES_PX = 170;
const MARGIN_PX = 12;
const TITLE_PX = 44;
const AXIS_PX = 22;
const LEGEND_PX = 26;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** A new canvas holding the whole picture; undefined without 2D canvas support. */
export function composeHeatmapPicture(picture: HeatmapPicture): HTMLCanvasElement | undefined {
  const { widthPx, heightPx, pixelRatio: ratio, colours } = picture;
  const canvas = document.createElement('canvas');
  const cssWidth = MARGIN_PX + NAMES_PX + widthPx + MARGIN_PX;
  const cssHeight = TITLE_PX + heightPx + AXIS_PX + LEGEND_PX + MARGIN_PX;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.scale(ratio, ratio);
  context.fillStyle = colours.background;
  context.fillRect(0, 0, cssWidth, cssHeight);

  context.fillStyle = colours.text;
  context.font = `600 15px ${FONT}`;
  context.textBaseline = 'alphabetic';
  context.fillText(picture.title, MARGIN_PX, 20);
  context.fillStyle = colours.muted;
  context.font = `12px ${FONT}`;
  context.fillText(picture.subtitle, MARGIN_PX, 36, cssWidth - 2 * MARGIN_PX);

  const left = MARGIN_PX + NAMES_PX;
  // The cells, pixel for pixel: no smoothing may blur an incident into its neighbours.
  context.imageSmoothingEnabled = false;
  context.drawImage(picture.cells, left, TITLE_PX, widthPx, heightPx);
  context.strokeStyle = colours.border;
  context.lineWidth = 1;
  context.strokeRect(left - 0.5, TITLE_PX - 0.5, widthPx + 1, heightPx + 1);

  context.font = `11px ${FONT}`;
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  context.fillStyle = colours.muted;
  for (const row of picture.rows) {
    context.fillText(row.label, left - 6, TITLE_PX + row.y, NAMES_PX - 10);
  }

  context.textAlign = 'left';
  context.textBaseline = 'top';
  for (const tick of picture.ticks) {
    const x = left + tick.x;
    context.fillRect(Math.round(x), TITLE_PX + heightPx, 1, 5);
    context.fillText(tick.label, x + 3, TITLE_PX + heightPx + 5);
  }

  let x = left;
  const y = TITLE_PX + heightPx + AXIS_PX + 6;
  for (const swatch of picture.legend) {
    context.fillStyle = swatch.fill;
    context.fillRect(x, y, 12, 12);
    if (swatch.hatch) {
      context.save();
      context.beginPath();
      context.rect(x, y, 12, 12);
      context.clip();
      context.strokeStyle = swatch.hatch;
      context.beginPath();
      for (let d = -12; d <= 12; d += 4) {
        context.moveTo(x + d, y + 12);
        context.lineTo(x + d + 12, y);
      }
      context.stroke();
      context.restore();
    }
    context.strokeStyle = colours.border;
    context.strokeRect(x + 0.5, y + 0.5, 11, 11);
    context.fillStyle = colours.text;
    context.fillText(swatch.label, x + 16, y);
    x += 16 + context.measureText(swatch.label).width + 14;
  }
  return canvas;
}

/** The legend as the heatmap shows it: every step of the metric, then no data and error. */
export function legendSwatches(metric: HeatmapMetric, theme: PaletteTheme): LegendSwatch[] {
  const special = specialColours(theme);
  const steps = stepColours(metric, theme);
  return [
    ...stepLabels(metric).map((label, i) => ({ label, fill: steps[i] ?? '' })),
    { label: 'No data', fill: special.noData, hatch: special.noDataHatch },
    { label: 'Error', fill: special.error, hatch: special.errorHatch },
  ];
}

export type HeatmapPng = Omit<HeatmapPicture, 'legend' | 'colours'> & {
  metric: HeatmapMetric;
  theme: PaletteTheme;
  fileName: string;
};

/** Composes the picture in the theme's colours and downloads it (the bare cells without 2D canvas). */
export function downloadHeatmapPng({ metric, theme, fileName, ...picture }: HeatmapPng) {
  const composed = composeHeatmapPicture({
    ...picture,
    legend: legendSwatches(metric, theme),
    colours: pictureColours(theme),
  });
  return downloadCanvasPng(composed ?? picture.cells, fileName);
}
