// The heatmap's agent axis: which rows get a name, and where it sits beside its row.
import { agentNameWithLocation } from '../../api/adapters/agents.ts';
import type { AgentLocationOf, RoundsMatrix } from '../../lib/model.ts';

type Agent = RoundsMatrix['agents'][number];

export interface AgentLabelsProps {
  agents: RoundsMatrix['agents'];
  /** Agent indices, top to bottom. */
  order: readonly number[];
  /** CSS height of the cells, and of one row. */
  height: number;
  rowHeight: number;
  /** The smallest box a label gets; rows smaller than that are labelled every `labelEvery`-th. */
  labelRowPx: number;
  labelEvery: number;
  /** The caller's choice of labelled rows and their centres (see HeatmapProps.rowLabels). */
  rowLabels: readonly { position: number; centrePx: number }[] | undefined;
  /** Row positions under the cursor and the pointer: their names are highlighted. */
  activeRows: readonly (number | undefined)[];
  agentLocationOf: AgentLocationOf | undefined;
  rowLabelOf: ((agent: Agent) => string) | undefined;
}

/** Every n-th row, each label centred on its row (or its box, when the row is thinner). */
export function everyNthRowLabel(
  rowCount: number,
  labelEvery: number,
  rowHeight: number,
  labelRowPx: number,
): { position: number; centrePx: number }[] {
  const labels: { position: number; centrePx: number }[] = [];
  for (let position = 0; position < rowCount; position += labelEvery) {
    labels.push({ position, centrePx: position * rowHeight + Math.max(rowHeight, labelRowPx) / 2 });
  }
  return labels;
}

/** The labelled rows of a saved picture: every n-th row's name and the CSS y of its middle. */
export function labelledRows(
  order: readonly number[],
  agents: RoundsMatrix['agents'],
  labelEvery: number,
  rowHeight: number,
  rowLabelOf: ((agent: Agent) => string) | undefined,
): { label: string; y: number }[] {
  const rows: { label: string; y: number }[] = [];
  order.forEach((agentIndex, position) => {
    const agent = agents[agentIndex];
    if (agent && position % labelEvery === 0) {
      rows.push({ label: rowLabelOf?.(agent) ?? agent.agentName, y: (position + 0.5) * rowHeight });
    }
  });
  return rows;
}

export function HeatmapAgentLabels({
  agents,
  order,
  height,
  rowHeight,
  labelRowPx,
  labelEvery,
  rowLabels,
  activeRows,
  agentLocationOf,
  rowLabelOf,
}: AgentLabelsProps) {
  const labels = rowLabels ?? everyNthRowLabel(order.length, labelEvery, rowHeight, labelRowPx);
  return (
    <div className="heatmap-agents" style={{ height }} aria-hidden="true">
      {labels.map(({ position, centrePx }) => {
        const agentIndex = order[position];
        const agent = agentIndex === undefined ? undefined : agents[agentIndex];
        if (!agent) return null;
        const highlighted = activeRows.includes(position);
        const boxPx = Math.max(rowHeight, labelRowPx);
        const rowCentre = (position + 0.5) * rowHeight;
        const displaced = rowLabels !== undefined && Math.abs(centrePx - rowCentre) > 1;
        return (
          <div key={agent.agentId}>
            <div
              className={`heatmap-agent${highlighted ? ' heatmap-agent--active' : ''}${displaced ? ' heatmap-agent--displaced' : ''}`}
              title={agentNameWithLocation(agent.agentName, agentLocationOf?.(agent.agentId))}
              style={{ top: centrePx - boxPx / 2, height: boxPx, lineHeight: `${boxPx}px` }}
            >
              {rowLabelOf?.(agent) ?? agent.agentName}
            </div>
            {displaced && (
              <div
                className="heatmap-agent-connector"
                style={{
                  top: Math.min(centrePx, rowCentre),
                  height: Math.abs(centrePx - rowCentre),
                }}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
