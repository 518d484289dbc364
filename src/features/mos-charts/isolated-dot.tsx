// Dots for lone values only: a line segment needs two points, so a round with a value between two
// gaps would otherwise not show at all. Every other point stays dot-free (cheap SVG).
import { isolatedIndexes } from './mos-series.ts';

export function isolatedDot<K extends string>(
  data: readonly Record<K, number | null>[],
  key: K,
  color: string,
) {
  const lonely = isolatedIndexes(data, key);
  if (lonely.size === 0) return false;
  return function IsolatedDot(props: { cx?: number; cy?: number; index: number }) {
    const { cx, cy, index } = props;
    if (!lonely.has(index) || cx === undefined || cy === undefined) {
      return <g key={`${key}-${index}`} />;
    }
    return <circle key={`${key}-${index}`} cx={cx} cy={cy} r={2.5} fill={color} />;
  };
}
