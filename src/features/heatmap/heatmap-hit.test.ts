import { describe, expect, it } from 'vitest';
import { classifyCells, severityAccessor } from './classify-cells.ts';
import { cellAt, cellRect, spanShownAt } from './heatmap-hit.ts';
import { poolColumns } from './paint-heatmap.ts';
import { matrixFromCells } from '../../lib/fixture-rounds-matrix.ts';

describe('cellAt', () => {
  const layout = {
    widthPx: 300,
    heightPx: 100,
    roundCount: 2016,
    rowOrder: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
  };

  it('finds the cell under a point by index arithmetic', () => {
    expect(cellAt(0, 0, layout)).toEqual({ agentIndex: 9, rowPosition: 0, roundIndex: 0 });
    expect(cellAt(299.9, 99.9, layout)).toEqual({
      agentIndex: 0,
      rowPosition: 9,
      roundIndex: 2015,
    });
    // x = 150 is half way: round 1008; y = 25 is the third row (10 px each).
    expect(cellAt(150, 25, layout)).toEqual({ agentIndex: 7, rowPosition: 2, roundIndex: 1008 });
  });

  it('answers nothing outside the cells or for an empty matrix', () => {
    expect(cellAt(-1, 5, layout)).toBeUndefined();
    expect(cellAt(300, 5, layout)).toBeUndefined();
    expect(cellAt(5, 100, layout)).toBeUndefined();
    expect(cellAt(5, 5, { ...layout, rowOrder: [] })).toBeUndefined();
  });

  it('picks the cell a pooled pixel shows and names the rounds it covers', () => {
    const cells: (number | 'E' | '.')[] = Array<number>(2016).fill(0);
    cells[1001] = 20;
    const row = matrixFromCells([cells, cells.map(() => 0)]);
    const entries = classifyCells(row, 'loss');
    const severity = severityAccessor(row, 'loss');
    const narrow = { widthPx: 150, heightPx: 1, roundCount: 2016, rowOrder: [1, 0] };
    const columns = poolColumns(entries, 2, 2016, 150);
    // Pixel 74 covers rounds 994–1007; plain arithmetic at its left edge gives round 994…
    expect(cellAt(74, 0.2, narrow)).toEqual({ agentIndex: 1, rowPosition: 0, roundIndex: 994 });
    // …while the pixel shows the 20 % round of agent 0 (both rows share the one pixel row).
    expect(spanShownAt(74.6, 0.2, narrow, columns, entries, severity)).toEqual({
      agentIndex: 0,
      rowPosition: 1,
      roundIndex: 1001,
      roundFrom: 994,
      roundTo: 1008,
      rowFrom: 0,
      rowTo: 2,
    });
    // Where cells are bigger than pixels, it is plain arithmetic, one cell.
    const wide = { widthPx: 4000, heightPx: 20, roundCount: 2016, rowOrder: [1, 0] };
    const wideColumns = poolColumns(entries, 2, 2016, 4000);
    expect(spanShownAt(2000, 15, wide, wideColumns, entries, severity)).toEqual({
      ...cellAt(2000, 15, wide),
      roundFrom: 1008,
      roundTo: 1009,
      rowFrom: 1,
      rowTo: 2,
    });
  });

  it('within a colour step, shows the round with the worst value (the lowest MOS)', () => {
    const row = matrixFromCells([[0, 0, 0, 0, 0, 0]]);
    row.values.mos.set([4.3, 3.0, 4.2, 2.95, 3.05, 4.4]);
    const entries = classifyCells(row, 'mos');
    const columns = poolColumns(entries, 1, 6, 2);
    const layout = { widthPx: 2, heightPx: 1, roundCount: 6, rowOrder: [0] };
    const shown = spanShownAt(1.5, 0.5, layout, columns, entries, severityAccessor(row, 'mos'));
    // Rounds 3–5 share the worst step (≥ 1.5 below 4.41); 2.95 is the lowest of them.
    expect(shown?.roundIndex).toBe(3);
    expect([shown?.roundFrom, shown?.roundTo]).toEqual([3, 6]);
  });

  it('agrees with cellRect: the centre of a cell is that cell', () => {
    const small = {
      widthPx: 1237,
      heightPx: 311,
      roundCount: 288,
      rowOrder: [0, 1, 2, 3, 4, 5, 6],
    };
    for (const [row, round] of [
      [0, 0],
      [3, 141],
      [6, 287],
    ] as const) {
      const rect = cellRect(row, round, small);
      const hit = cellAt(rect.x + rect.width / 2, rect.y + rect.height / 2, small);
      expect(hit).toEqual({ agentIndex: row, rowPosition: row, roundIndex: round });
    }
  });
});
