// The drill-down: one agent, one round, every field; the agent's window around it; a link back to
// ThousandEyes only when the permalink is safe; and a link to this exact view for a ticket.
import { useEffect, useId, useRef, useState } from 'react';
import { agentNameWithLocation } from '../../api/adapters/agents.ts';
import {
  CELL_ERROR,
  CELL_NO_DATA,
  type AgentLocationOf,
  type RoundResult,
  type RoundsMatrix,
} from '../../lib/model.ts';
import { formatDateTime, formatMetric, type TimeZoneChoice } from '../../lib/format.ts';
import { attributeRoundResult, describeRoundAttribution } from '../../lib/window-attribution.ts';
import { METRICS, type HeatmapMetric } from '../../lib/metrics.ts';
import { Sparkline } from './sparkline.tsx';
import './round-details.css';

export interface RoundDetailsDialogProps {
  matrix: RoundsMatrix;
  rows: readonly RoundResult[];
  agentId: string;
  roundId: number;
  timeZone: TimeZoneChoice;
  onClose: () => void;
  /** Move to another round of the same agent (previous / next). */
  onNavigate: (agentId: string, roundId: number) => void;
  /**
   * The address of this exact view with its range pinned (`from`/`to`): a ticket opened a day
   * later still shows this round, where a relative window would have moved past it.
   */
  shareUrl: string;
  /** Where each agent is (/agents), for a row that does not say; the row's own location wins. */
  agentLocationOf?: AgentLocationOf;
}

/** The metrics listed after MOS and its ceiling, in this order. */
const DETAIL_METRICS: readonly HeatmapMetric[] = ['loss', 'discards', 'latency', 'pdv'];

function metricField(metric: HeatmapMetric, row: RoundResult): [string, string] {
  return [METRICS[metric].name, formatMetric(metric, METRICS[metric].read(row))];
}

function locate(matrix: RoundsMatrix, agentId: string, roundId: number) {
  const agentIndex = matrix.agents.findIndex((agent) => agent.agentId === agentId);
  const first = matrix.roundIds[0];
  const roundIndex =
    first === undefined ? -1 : Math.round((roundId - first) / matrix.intervalSeconds);
  const inWindow = roundIndex >= 0 && roundIndex < matrix.roundIds.length;
  return { agentIndex, roundIndex: inWindow ? roundIndex : -1 };
}

function agentSeries(matrix: RoundsMatrix, agentIndex: number, values: Float32Array): Float32Array {
  const count = matrix.roundIds.length;
  return values.subarray(agentIndex * count, (agentIndex + 1) * count);
}

/**
 * The DSCP value with its name: ThousandEyes' names already end with the value ("CS 1 (8)",
 * "EF (DSCP 46)"), and then the name alone says it; any other name follows the value.
 */
export function dscpText(dscp: string, name: string): string {
  if (name === '') return dscp || 'not given';
  if (dscp === '') return name;
  return name.endsWith(`(${dscp})`) || name.endsWith(`(DSCP ${dscp})`) ? name : `${dscp} (${name})`;
}

export function RoundDetailsDialog({
  matrix,
  rows,
  agentId,
  roundId,
  timeZone,
  onClose,
  onNavigate,
  shareUrl,
  agentLocationOf,
}: RoundDetailsDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'manual'>('idle');

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const { agentIndex, roundIndex } = locate(matrix, agentId, roundId);
  const agent = matrix.agents[agentIndex];
  const cell =
    agentIndex >= 0 && roundIndex >= 0 ? agentIndex * matrix.roundIds.length + roundIndex : -1;
  const state = cell >= 0 ? matrix.cellState[cell] : CELL_NO_DATA;
  const rowIndex = cell >= 0 ? (matrix.rowIndex[cell] ?? -1) : -1;
  const row = rowIndex >= 0 ? rows[rowIndex] : undefined;
  const previousRound = roundIndex > 0 ? matrix.roundIds[roundIndex - 1] : undefined;
  const nextRound =
    roundIndex >= 0 && roundIndex < matrix.roundIds.length - 1
      ? matrix.roundIds[roundIndex + 1]
      : undefined;

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(shareUrl);
      setCopyState('copied');
    } catch {
      setCopyState('manual');
    }
  }

  const location = row?.agentLocation ?? agentLocationOf?.(agentId);
  const fields: [string, string][] = row
    ? [
        ['Agent', `${row.agentName} (id ${row.agentId})`],
        ['Location', location ?? 'not given'],
        ['Country', row.countryId || 'not given'],
        ['Time', formatDateTime(row.dateMs, timeZone)],
        ['Round id', String(row.roundId)],
        metricField('mos', row),
        ['Codec maximum MOS', formatMetric('mos', row.codecMaxMos)],
        metricField('headroom', row),
        // The E-model's split of that headroom (docs/e-model.md), or why there is none.
        ['Where the MOS went', describeRoundAttribution(attributeRoundResult(row))],
        ...DETAIL_METRICS.map((metric) => metricField(metric, row)),
        ['DSCP', dscpText(row.dscp, row.dscpName)],
        ['Codec', row.codecName || 'not given'],
        ['Server IP', row.serverIp ?? 'not given'],
        ['Error detail', row.errorDetail || 'none'],
      ]
    : [];

  return (
    <dialog
      ref={dialogRef}
      className="round-details"
      aria-labelledby={headingId}
      onCancel={(event) => {
        // Escape: let the URL close it, so the back button and Escape agree.
        event.preventDefault();
        onClose();
      }}
    >
      <header className="round-details__header">
        <h2 id={headingId}>Round details</h2>
        <button type="button" onClick={onClose} aria-label="Close round details">
          Close
        </button>
      </header>

      <p className="round-details__subtitle">
        {agent ? agentNameWithLocation(agent.agentName, location) : `Agent ${agentId}`} ·{' '}
        {formatDateTime(roundId * 1000, timeZone)}
      </p>

      {!agent && (
        <p role="alert">
          Agent {agentId} has no results in this window. Pick another agent or widen the window.
        </p>
      )}
      {agent && roundIndex < 0 && (
        <p role="alert">
          Round {roundId} is outside this window. Widen the window or pick another round.
        </p>
      )}
      {agent && roundIndex >= 0 && state === CELL_NO_DATA && (
        <p>No result from this agent for this round: the agent did not report (a missing round).</p>
      )}
      {state === CELL_ERROR && row && (
        <p className="round-details__error">This round failed: {row.errorDetail}</p>
      )}

      {row && (
        <dl className="round-details__fields">
          {fields.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          <div>
            <dt>ThousandEyes</dt>
            <dd>
              {row.permalink ? (
                <a href={row.permalink} target="_blank" rel="noopener noreferrer">
                  Open in ThousandEyes
                </a>
              ) : row.permalinkText ? (
                <span>
                  Link withheld (not an app.thousandeyes.com address):{' '}
                  <code>{row.permalinkText}</code>
                </span>
              ) : (
                'no link given'
              )}
            </dd>
          </div>
        </dl>
      )}

      {agent && roundIndex >= 0 && (
        // Outside the window the series would be another time's, unrelated to this round.
        <section aria-label="This agent across the window" className="round-details__series">
          <Sparkline
            label={METRICS.mos.name}
            values={agentSeries(matrix, agentIndex, matrix.values.mos)}
            markIndex={roundIndex}
            ceiling={row?.codecMaxMos}
            formatValue={(value) => formatMetric('mos', value)}
          />
          <Sparkline
            label={METRICS.loss.name}
            values={agentSeries(matrix, agentIndex, matrix.values.loss)}
            markIndex={roundIndex}
            formatValue={(value) => formatMetric('loss', value)}
          />
          <Sparkline
            label={METRICS.latency.name}
            values={agentSeries(matrix, agentIndex, matrix.values.latency)}
            markIndex={roundIndex}
            formatValue={(value) => formatMetric('latency', value)}
          />
        </section>
      )}

      <footer className="round-details__footer">
        <button
          type="button"
          disabled={previousRound === undefined}
          onClick={() => previousRound !== undefined && onNavigate(agentId, previousRound)}
        >
          ← Previous round
        </button>
        <button
          type="button"
          disabled={nextRound === undefined}
          onClick={() => nextRound !== undefined && onNavigate(agentId, nextRound)}
        >
          Next round →
        </button>
        <button type="button" onClick={() => void copyLink()}>
          Copy link
        </button>
        <span role="status" className="round-details__copy-status">
          {copyState === 'copied' && 'Link copied, with this range pinned'}
        </span>
        {copyState === 'manual' && (
          <label className="round-details__manual-copy">
            Copy this link
            <input readOnly value={shareUrl} onFocus={(event) => event.currentTarget.select()} />
          </label>
        )}
      </footer>
    </dialog>
  );
}
