import { describe, expect, it } from 'vitest';
import {
  agentSeverity,
  rowOrderByCountry,
  rowOrderByName,
  rowOrderFor,
  rowOrderWorstFirst,
  sharedRowOrder,
} from './row-order.ts';
import { matrixFromCells } from '../../lib/fixture-rounds-matrix.ts';

describe('row order', () => {
  // Agent 0 clean, 1 chronic 3 %, 2 one 40 % spike (mean 10, p95 40), 3 only errors, 4 silent.
  const matrix = matrixFromCells([
    [0, 0, 0, 0],
    [3, 3, 3, 3],
    [0, 0, 0, 40],
    ['E', 'E', '.', '.'],
    ['.', '.', '.', '.'],
  ]);
  matrix.agents[0]!.agentName = 'Zurich 2';
  matrix.agents[1]!.agentName = 'Zurich 10';
  matrix.agents[2]!.agentName = 'amsterdam';
  matrix.agents[3]!.agentName = 'Berlin';
  matrix.agents[4]!.agentName = 'Lima';
  matrix.agents[0]!.countryId = 'CH';
  matrix.agents[1]!.countryId = 'CH';
  matrix.agents[2]!.countryId = 'NL';
  matrix.agents[3]!.countryId = 'DE';
  matrix.agents[4]!.countryId = '';

  it('puts agents that only failed first, then the worst mean, and silent agents last', () => {
    expect(rowOrderWorstFirst(matrix, 'loss')).toEqual([3, 2, 1, 0, 4]);
    expect(agentSeverity(matrix, 'loss', 2).severity).toBe(10);
  });

  it('can rank by p95 instead, which puts a short bad spell above steady mild loss', () => {
    expect(agentSeverity(matrix, 'loss', 2, 'p95').severity).toBe(40);
    expect(agentSeverity(matrix, 'loss', 1, 'p95').severity).toBe(3);
    expect(rowOrderWorstFirst(matrix, 'loss', 'p95')).toEqual([3, 2, 1, 0, 4]);
    const zeros = Array<number>(19).fill(0);
    const steady = matrixFromCells([
      [...zeros, 30, 30], // mean 2.86, p95 30
      Array<number>(21).fill(3), // mean 3, p95 3
    ]);
    expect(rowOrderWorstFirst(steady, 'loss')).toEqual([1, 0]);
    expect(rowOrderWorstFirst(steady, 'loss', 'p95')).toEqual([0, 1]);
  });

  it('ranks MOS by headroom below each round’s codec ceiling', () => {
    const mos = matrixFromCells([
      [0, 0],
      [0, 0],
    ]);
    // Agent 0: G.722 at 3.95 (0.08 below its 4.03). Agent 1: G.711 at 4.10 (0.31 below 4.41).
    mos.values.mos.set([3.95, 3.95, 4.1, 4.1]);
    mos.codecMaxMos.set([4.03, 4.03, 4.41, 4.41]);
    expect(rowOrderWorstFirst(mos, 'mos')).toEqual([1, 0]);
    // A fixed "higher MOS is better" rule would have said the opposite.
  });

  it('sorts by name with numbers as numbers, ignoring case', () => {
    expect(rowOrderByName(matrix)).toEqual([2, 3, 4, 0, 1]);
  });

  it('sorts by country, then name, with unknown countries last', () => {
    expect(rowOrderByCountry(matrix)).toEqual([0, 1, 3, 2, 4]);
  });

  it('dispatches by kind', () => {
    expect(rowOrderFor(matrix, 'loss', 'name')).toEqual(rowOrderByName(matrix));
    expect(rowOrderFor(matrix, 'loss', 'country')).toEqual(rowOrderByCountry(matrix));
    expect(rowOrderFor(matrix, 'loss', 'worst')).toEqual([3, 2, 1, 0, 4]);
  });
});

describe('the one row order both heatmaps share', () => {
  // Agent 0: no loss but slow; agent 1: lossy but fast; agent 2: clean; 3: errors; 4: silent.
  const matrix = matrixFromCells([
    [0, 0, 0],
    [5, 5, 5],
    [0, 0, 0],
    ['E', 'E', '.'],
    ['.', '.', '.'],
  ]);
  for (let r = 0; r < 3; r++) {
    matrix.values.latency[0 * 3 + r] = 400;
    matrix.values.latency[1 * 3 + r] = 10;
  }

  it('is the same whichever metric a heatmap shows (per-metric orders would disagree)', () => {
    // Sorting each heatmap by its own metric put different agents on the same row.
    expect(rowOrderWorstFirst(matrix, 'loss')[1]).not.toBe(
      rowOrderWorstFirst(matrix, 'latency')[1],
    );
    expect(sharedRowOrder(matrix, 'worst')).toEqual([3, 1, 0, 2, 4]);
  });

  it('ranks by MOS headroom first, then loss, then latency when MOS ties', () => {
    const tied = matrixFromCells([
      [1, 1],
      [1, 1],
    ]);
    tied.values.latency[0] = 50;
    tied.values.latency[1] = 50;
    tied.values.latency[2] = 300;
    tied.values.latency[3] = 300;
    expect(sharedRowOrder(tied, 'worst')).toEqual([1, 0]);
  });

  it('orders by name and by country as the single-metric orders do', () => {
    expect(sharedRowOrder(matrix, 'name')).toEqual(rowOrderByName(matrix));
    expect(sharedRowOrder(matrix, 'country')).toEqual(rowOrderByCountry(matrix));
  });
});
