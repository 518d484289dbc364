// A tiny SVG line of one agent's metric across the window, with the open round marked. Gaps stay
// gaps. Hand-drawn: a dialog should not wait for the charting library.
import type { TimeZoneChoice } from '../../lib/format.ts';

export interface SparklineProps {
  label: string;
  values: Float32Array | readonly number[];
  /** Index of the round to mark. */
  markIndex: number;
  /** The codec ceiling to draw as a dashed line, for MOS. */
  ceiling?: number;
  formatValue: (value: number | undefined) => string;
  timeZone?: TimeZoneChoice;
}

const WIDTH = 360;
const HEIGHT = 56;
const PAD = 4;

export function Sparkline({ label, values, markIndex, ceiling, formatValue }: SparklineProps) {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (ceiling !== undefined) max = Math.max(max, ceiling);
  const hasValues = Number.isFinite(min);
  if (!hasValues || max === min) {
    min = hasValues ? min - 1 : 0;
    max = hasValues ? max + 1 : 1;
  }
  const count = values.length;
  const x = (index: number) => PAD + (count <= 1 ? 0 : (index / (count - 1)) * (WIDTH - 2 * PAD));
  const y = (value: number) => PAD + (1 - (value - min) / (max - min)) * (HEIGHT - 2 * PAD);

  // One path with a move-to after every gap, so missing rounds are not bridged.
  let path = '';
  let penDown = false;
  for (let index = 0; index < count; index++) {
    const value = values[index] as number;
    if (Number.isNaN(value)) {
      penDown = false;
      continue;
    }
    path += `${penDown ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
    penDown = true;
  }
  const marked = values[markIndex];
  return (
    <figure className="sparkline">
      <figcaption>
        {label}:{' '}
        <strong>
          {formatValue(marked === undefined || Number.isNaN(marked) ? undefined : marked)}
        </strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        // Stretch across the dialog; strokes keep their width (vector-effect in the CSS).
        preserveAspectRatio="none"
        role="img"
        aria-label={`${label} across the window, this round marked`}
      >
        {ceiling !== undefined && (
          <line
            x1={PAD}
            x2={WIDTH - PAD}
            y1={y(ceiling)}
            y2={y(ceiling)}
            className="sparkline__ceiling"
          />
        )}
        <path d={path} className="sparkline__line" />
        {markIndex >= 0 && markIndex < count && (
          <line
            x1={x(markIndex)}
            x2={x(markIndex)}
            y1={0}
            y2={HEIGHT}
            className="sparkline__mark"
          />
        )}
      </svg>
    </figure>
  );
}
