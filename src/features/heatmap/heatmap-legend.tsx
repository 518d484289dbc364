import type { HeatmapMetric } from '../../lib/metrics.ts';
import {
  hasZeroStep,
  specialColours,
  stepColours,
  stepLabels,
  type PaletteTheme,
} from '../../lib/palettes.ts';
import { heatmapLabel } from './heatmap-text.ts';

/** Hatching as the canvas draws it: no data "/" lines, errors denser "\" lines. */
function hatch(fill: string, line: string, direction: 'up' | 'down', period: number): string {
  const angle = direction === 'up' ? '-45deg' : '45deg';
  return `repeating-linear-gradient(${angle}, ${line} 0 1px, ${fill} 1px ${period}px)`;
}

/** Every colour step with its threshold, then the no-data and error swatches. */
export function HeatmapLegend({ metric, theme }: { metric: HeatmapMetric; theme: PaletteTheme }) {
  const colours = stepColours(metric, theme);
  const labels = stepLabels(metric);
  const special = specialColours(theme);
  const zero = hasZeroStep(metric);
  return (
    <ul className="heatmap-legend" aria-label={`${heatmapLabel(metric)} legend`}>
      {labels.map((label, i) => (
        <li key={label}>
          <span
            className="heatmap-swatch"
            style={{ background: colours[i] }}
            data-testid={i === 0 && zero ? 'heatmap-swatch-zero' : undefined}
          />
          {label}
        </li>
      ))}
      <li>
        <span
          className="heatmap-swatch"
          style={{ background: hatch(special.noData, special.noDataHatch, 'up', 4.2) }}
          data-testid="heatmap-swatch-no-data"
        />
        No data
      </li>
      <li>
        <span
          className="heatmap-swatch"
          style={{ background: hatch(special.error, special.errorHatch, 'down', 2.8) }}
          data-testid="heatmap-swatch-error"
        />
        Error
      </li>
    </ul>
  );
}
