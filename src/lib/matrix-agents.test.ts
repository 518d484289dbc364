import { describe, expect, it } from 'vitest';
import { CELL_ERROR, CELL_VALUE } from './model.ts';
import { matrixFromCells } from './fixture-rounds-matrix.ts';
import { matrixOfAgents } from './matrix-agents.ts';

describe('matrixOfAgents', () => {
  const matrix = matrixFromCells([
    [1, 2, 'E'],
    [3, '.', 4],
    ['E', 5, 6],
  ]);

  it('keeps the chosen agents, their cells, values and row indices, in order', () => {
    const cut = matrixOfAgents(matrix, (agent) => agent.agentId !== '1001');
    expect(cut.agents.map((agent) => agent.agentId)).toEqual(['1000', '1002']);
    expect([...cut.values.loss.slice(0, 2)]).toEqual([1, 2]);
    expect([...cut.values.loss.slice(4, 6)]).toEqual([5, 6]);
    expect(cut.cellState[2]).toBe(CELL_ERROR);
    expect(cut.cellState[3]).toBe(CELL_ERROR);
    expect(cut.cellState[4]).toBe(CELL_VALUE);
    expect([...cut.rowIndex]).toEqual([0, 1, 2, 6, 7, 8]);
    expect(cut.roundIds).toBe(matrix.roundIds);
  });

  it('is the same matrix when every agent is kept, and empty when none is', () => {
    expect(matrixOfAgents(matrix, () => true)).toBe(matrix);
    const none = matrixOfAgents(matrix, () => false);
    expect(none.agents).toEqual([]);
    expect(none.cellState.length).toBe(0);
  });
});
