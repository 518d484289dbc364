// Saves the all-agents MOS chart as a PNG, titled like the heatmaps' pictures: the chart's SVG
// drawn onto a canvas under a title that names the test and the range.
import { downloadCanvasPng } from '../../lib/download-png.ts';

const MARGIN_PX = 12;
const TITLE_PX = 44;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * The SVG's text with every `var(--name, fallback)` replaced by its value (`valueOf`), else its
 * fallback: an SVG drawn as an image sees none of the page's custom properties.
 */
export function inlineCssVariables(
  svgText: string,
  valueOf: (name: string) => string | undefined,
): string {
  return svgText.replace(
    /var\((--[A-Za-z0-9-]+)\s*(?:,\s*([^()]*?))?\s*\)/g,
    (whole, name: string, fallback: string | undefined) =>
      valueOf(name)?.trim() || fallback?.trim() || whole,
  );
}

export interface ChartPictureText {
  title: string;
  subtitle: string;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The MOS chart could not be drawn as a picture'));
    image.src = url;
  });
}

/** Draws `svg` under its title on a new canvas and downloads it as `fileName`. */
export async function downloadSvgChartPng(
  svg: SVGSVGElement,
  text: ChartPictureText,
  fileName: string,
): Promise<void> {
  const { width, height } = svg.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('font-family', FONT);
  const rootStyle = getComputedStyle(document.documentElement);
  const svgText = inlineCssVariables(new XMLSerializer().serializeToString(clone), (name) =>
    rootStyle.getPropertyValue(name),
  );
  const colour = (name: string, fallback: string) =>
    rootStyle.getPropertyValue(name).trim() || fallback;
  const image = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`);

  const canvas = document.createElement('canvas');
  const cssWidth = width + 2 * MARGIN_PX;
  const cssHeight = TITLE_PX + height + MARGIN_PX;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw pictures (no 2D canvas)');
  context.scale(ratio, ratio);
  context.fillStyle = colour('--surface', '#ffffff');
  context.fillRect(0, 0, cssWidth, cssHeight);
  context.fillStyle = colour('--text', '#15202b');
  context.font = `600 15px ${FONT}`;
  context.fillText(text.title, MARGIN_PX, 20, cssWidth - 2 * MARGIN_PX);
  context.fillStyle = colour('--text-muted', '#4d5b6a');
  context.font = `12px ${FONT}`;
  context.fillText(text.subtitle, MARGIN_PX, 36, cssWidth - 2 * MARGIN_PX);
  context.drawImage(image, MARGIN_PX, TITLE_PX, width, height);
  await downloadCanvasPng(canvas, fileName);
}
