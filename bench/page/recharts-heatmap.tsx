// The comparison: a plain recharts SVG heatmap, one <rect> per cell through a Scatter shape, with
// the same palette entries as Earshot's canvas. What a dashboard gets without a canvas.
import { Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import type { RoundsMatrix } from '../../src/lib/model.ts';
import { specialColours, stepColours } from '../../src/lib/palettes.ts';
import { classifyCells } from '../../src/features/heatmap/classify-cells.ts';

interface CellPoint {
  x: number;
  y: number;
  entry: number;
  last?: boolean;
}

export function RechartsHeatmap({
  matrix,
  width,
  height,
}: {
  matrix: RoundsMatrix;
  width: number;
  height: number;
}) {
  const roundCount = matrix.roundIds.length;
  const agentCount = matrix.agents.length;
  const entries = classifyCells(matrix, 'loss');
  const special = specialColours('light');
  const colours = [special.noData, ...stepColours('loss', 'light'), special.error];
  const points: CellPoint[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    points[i] = { x: i % roundCount, y: Math.floor(i / roundCount), entry: entries[i] ?? 0 };
  }
  const lastPoint = points[points.length - 1];
  if (lastPoint) lastPoint.last = true;
  const cellWidth = width / roundCount;
  const cellHeight = height / agentCount;
  return (
    <ScatterChart width={width} height={height} margin={{ top: 0, right: 0, bottom: 0, left: 0 }}>
      <XAxis type="number" dataKey="x" domain={[-0.5, roundCount - 0.5]} hide />
      <YAxis type="number" dataKey="y" domain={[-0.5, agentCount - 0.5]} reversed hide />
      <Scatter
        data={points}
        isAnimationActive={false}
        shape={(props: { cx?: number; cy?: number; payload?: CellPoint }) => (
          <rect
            x={(props.cx ?? 0) - cellWidth / 2}
            y={(props.cy ?? 0) - cellHeight / 2}
            width={cellWidth}
            height={cellHeight}
            fill={colours[props.payload?.entry ?? 0]}
            data-last-cell={props.payload?.last ? '' : undefined}
          />
        )}
      />
    </ScatterChart>
  );
}
