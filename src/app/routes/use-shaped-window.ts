// The test page's one shaping pass: the window's rows into a rounds matrix, cut to the agents that
// pass the page's agent filter, with the summaries and figures every view reads. Typing in the
// filter stays instant; the views follow when React has time.
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { AgentInfo, VoiceResults } from '../../lib/model.ts';
import type { AgentFilter } from '../../lib/url-state.ts';
import { headlineFigures } from '../../lib/headline-figures.ts';
import { matrixOfAgents } from '../../lib/matrix-agents.ts';
import { buildRoundsMatrix, summarizeAgents, summarizeRounds } from '../../lib/rounds-matrix.ts';
import {
  agentPassesFilter,
  agentPlaces,
  countriesOf,
} from '../../features/agents-table/agents-table-model.ts';

export function useShapedWindow(
  data: VoiceResults | undefined,
  intervalSeconds: number,
  agents: ReadonlyMap<string, AgentInfo> | undefined,
  agentFilterAsTyped: AgentFilter,
) {
  // The combined body says which window it covers: the head's instant, minus the window.
  const windowMatrix = useMemo(
    () =>
      data
        ? buildRoundsMatrix(data.rows, {
            startMs: data.startMs ?? 0,
            endMs: data.endMs ?? 0,
            intervalSeconds,
          })
        : undefined,
    [data, intervalSeconds],
  );
  const agentPlacesOfWindow = useMemo(() => agentPlaces(data?.rows ?? [], agents), [data, agents]);
  // One agent filter for every view: each shapes the same cut matrix.
  const agentFilter = useDeferredValue(agentFilterAsTyped);
  const shaped = useMemo(() => {
    if (!windowMatrix || !data) return undefined;
    const matrix = matrixOfAgents(windowMatrix, (agent) =>
      agentPassesFilter(agent, agentFilter, agentPlacesOfWindow),
    );
    const agentSummaries = summarizeAgents(matrix);
    return {
      matrix,
      rows: data.rows,
      agentSummaries,
      roundSummaries: summarizeRounds(matrix),
      figures: headlineFigures(matrix, agentSummaries),
    };
  }, [data, windowMatrix, agentFilter, agentPlacesOfWindow]);
  // The CSV holds what the views show: the rows of the agents that pass the filter.
  const csvRows = useMemo(() => {
    if (!data || !shaped || !windowMatrix) return [];
    if (shaped.matrix === windowMatrix) return data.rows;
    const shown = new Set(shaped.matrix.agents.map((agent) => agent.agentId));
    return data.rows.filter((row) => shown.has(row.agentId));
  }, [data, shaped, windowMatrix]);
  const countries = useMemo(() => countriesOf(windowMatrix?.agents ?? []), [windowMatrix]);
  // Every view that names an agent names where it is too (rows' location, else /agents).
  const agentLocationOf = useCallback(
    (agentId: string) => agentPlacesOfWindow.get(agentId)?.location,
    [agentPlacesOfWindow],
  );
  return { windowMatrix, agentPlacesOfWindow, shaped, csvRows, countries, agentLocationOf };
}

/**
 * What the views that cost the whole window each time (the MOS charts, the attribution of every
 * round) draw: while the older parts of a long window stream in, the window is rebuilt several
 * times, and redrawing those views each time made a cold week at 500 agents many times slower.
 * They take a range's window once it is whole, or as whole as it will get (`filling` false: every
 * part in, or a download failing or waiting to retry), keeping the last one meanwhile, then follow
 * it (the live edge, round by round). Drawn for the newest day while the older days streamed in,
 * they took ~1 s of the page's main thread on a cold week at 500 agents, beside the server that
 * was still sending the rest, and were drawn again for the week seconds later: the week came on
 * screen ~0.6 s later for it. A placeholder (the last range's window, kept while a new range's
 * first answer is on its way) is never taken for the new range.
 */
export function useSettledWindow<T extends object>(
  shaped: T | undefined,
  { filling, placeholder, rangeKey }: { filling: boolean; placeholder: boolean; rangeKey: string },
): T | undefined {
  const [settled, setSettled] = useState<{ value: T | undefined; rangeKey: string }>({
    value: undefined,
    rangeKey,
  });
  const settles = shaped !== undefined && shaped !== settled.value && !placeholder && !filling;
  // State set while rendering (React's pattern for state that follows props): this render
  // returns the new value at once, and React renders again with it stored.
  if (settles) {
    setSettled({ value: shaped, rangeKey });
    return shaped;
  }
  // The last range's window goes with the last range's screen (the placeholder), never beside the
  // new range's first rows: until the new range settles, nothing (the views' skeletons).
  return settled.rangeKey === rangeKey || placeholder ? settled.value : undefined;
}
