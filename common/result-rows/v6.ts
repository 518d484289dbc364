// v6 bodies → the internal model. The envelope and the test arrive schema-checked; metric rows
// are checked and adapted here in one pass (see row-fields.ts for why by hand).
import { parseIsoUtc, parseV6DateTime } from '../time-window.ts';
import type { RoundResult, SkippedRows } from './round-result.ts';
import {
  readId,
  readObject,
  readOptionalText,
  readRoundId,
  readRowList,
  type RowPlace,
} from './row-fields.ts';
import { readRoundResult } from './round-result.ts';
import { noSkippedRows } from './skipped-rows.ts';

/** v6 dates are `yyyy-MM-dd hh:mm:ss` in UTC; accept an ISO instant too, else the round start. */
function v6DateMs(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  return parseV6DateTime(date) ?? parseIsoUtc(date);
}

/** Why a row cannot be placed: it is then counted, as v7's are (see ./v7.ts). */
type Unplaceable = 'withoutAgent' | 'withoutRound';

function readV6MetricRow(value: unknown, place: RowPlace): RoundResult | Unplaceable {
  const row = readObject(value, place, '');
  // Absent is counted and left out; present but wrong still refuses the body (it would mislead).
  if (row.roundId === undefined || row.roundId === null) return 'withoutRound';
  if (row.agentId === undefined || row.agentId === null) return 'withoutAgent';
  return readRoundResult(row, place, {
    agentId: readId(row.agentId, place, 'agentId'),
    agentName: readOptionalText(row.agentName, place, 'agentName'),
    countryId: readOptionalText(row.countryId, place, 'countryId'),
    roundId: readRoundId(row.roundId, place, 'roundId'),
    dateMs: v6DateMs(readOptionalText(row.date, place, 'date')),
    // Any text is accepted here; readRoundResult decides whether it may become a link.
    rawPermalink: readOptionalText(row.permalink, place, 'permalink'),
  });
}

/**
 * `voice.metrics` of a v6 body, every row checked. A row without an agent or a round cannot be
 * placed: it is left out and counted in `skipped`, as in v7. Any field present with a wrong value
 * refuses the whole body.
 */
export function readV6MetricRows(
  metrics: readonly unknown[],
  path: string,
  skipped: SkippedRows = noSkippedRows(),
): RoundResult[] {
  const read = readRowList(metrics, path, 'voice.metrics', readV6MetricRow);
  const rows: RoundResult[] = [];
  for (const row of read) {
    if (typeof row === 'string') skipped[row] += 1;
    else rows.push(row);
  }
  return rows;
}
