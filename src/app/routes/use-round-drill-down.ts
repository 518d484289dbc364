// From a heatmap cell to Round details and back: which cell the URL's agent and round point at,
// what an error round's detail says, opening a round, and focus returned to the heatmap (and so
// the cell) it was opened from when the dialog closes.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { RoundResult, RoundsMatrix } from '../../lib/model.ts';

export interface RoundDrillDownOptions {
  /** The matrix the heatmaps show, and the rows it was built from. */
  matrix: RoundsMatrix | undefined;
  rows: readonly RoundResult[] | undefined;
  intervalSeconds: number;
  /** The URL's agent and round (epoch seconds). */
  agent: string | undefined;
  round: number | undefined;
  openRound: (agentId: string, roundId: number) => void;
}

export function useRoundDrillDown({
  matrix,
  rows,
  intervalSeconds,
  agent,
  round,
  openRound,
}: RoundDrillDownOptions) {
  const heatmapCells = useRef<(HTMLDivElement | null)[]>([]);
  const openedFromHeatmap = useRef<number | undefined>(undefined);
  const roundOpen = round !== undefined;
  useEffect(() => {
    const slot = openedFromHeatmap.current;
    if (roundOpen || slot === undefined) return;
    openedFromHeatmap.current = undefined;
    heatmapCells.current[slot]?.focus();
  }, [roundOpen]);

  /** A cell opened from heatmap `slot`: its round's details, in the URL. */
  const onOpenCell = (slot: number, agentIndex: number, roundIndex: number) => {
    openedFromHeatmap.current = slot;
    const opened = matrix?.agents[agentIndex];
    const roundId = matrix?.roundIds[roundIndex];
    if (opened && roundId !== undefined) openRound(opened.agentId, roundId);
  };
  const cellsRef = (slot: number, element: HTMLDivElement | null) => {
    heatmapCells.current[slot] = element;
  };

  const errorDetailOf = useCallback(
    (agentIndex: number, roundIndex: number) => {
      if (!matrix || !rows) return undefined;
      const cell = agentIndex * matrix.roundIds.length + roundIndex;
      const rowIndex = matrix.rowIndex[cell] ?? -1;
      return rowIndex >= 0 ? rows[rowIndex]?.errorDetail : undefined;
    },
    [matrix, rows],
  );

  /** The cell of the URL's agent and round (its latest round without one). */
  const initialCell = useMemo(() => {
    if (!matrix || agent === undefined) return undefined;
    const agentIndex = matrix.agents.findIndex((candidate) => candidate.agentId === agent);
    const first = matrix.roundIds[0];
    if (agentIndex < 0 || first === undefined) return undefined;
    const roundIndex =
      round === undefined
        ? matrix.roundIds.length - 1
        : Math.round((round - first) / intervalSeconds);
    if (roundIndex < 0 || roundIndex >= matrix.roundIds.length) return undefined;
    return { agentIndex, roundIndex };
  }, [matrix, agent, round, intervalSeconds]);

  return { onOpenCell, cellsRef, errorDetailOf, initialCell };
}
