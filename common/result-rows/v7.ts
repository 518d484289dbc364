// v7 bodies → the internal model. The envelope and the test arrive schema-checked; result rows
// are checked and adapted here in one pass (see row-fields.ts for why by hand).
import { parseIsoUtc } from '../time-window.ts';
import type { RoundResult, SkippedRows } from './round-result.ts';
import {
  readObject,
  readOptionalId,
  readOptionalObject,
  readOptionalString,
  readOptionalText,
  readRoundId,
  readRowList,
  type RowPlace,
} from './row-fields.ts';
import { readRoundResult } from './round-result.ts';
import { noSkippedRows } from './skipped-rows.ts';

/** Why a row the spec allows (every field is optional) cannot be placed: it is then counted. */
type Unplaceable = 'withoutAgent' | 'withoutRound';

function readV7ResultRow(value: unknown, place: RowPlace): RoundResult | Unplaceable {
  const row = readObject(value, place, '');
  // Absent is counted and left out; present but wrong still refuses the body (it would mislead).
  if (row.roundId === undefined || row.roundId === null) return 'withoutRound';
  const roundId = readRoundId(row.roundId, place, 'roundId');
  const date = readOptionalText(row.date, place, 'date');
  const agent = readOptionalObject(row.agent, place, 'agent');
  // The top-level agent fields are not in the spec, but cheap to accept when `agent` is missing.
  const nestedAgentId =
    agent === undefined ? undefined : readOptionalId(agent.agentId, place, 'agent.agentId');
  const nestedAgentName =
    agent === undefined ? undefined : readOptionalText(agent.agentName, place, 'agent.agentName');
  const nestedCountryId =
    agent === undefined ? undefined : readOptionalText(agent.countryId, place, 'agent.countryId');
  const location =
    agent === undefined ? undefined : readOptionalText(agent.location, place, 'agent.location');
  const flatAgentId = readOptionalId(row.agentId, place, 'agentId');
  const flatAgentName = readOptionalText(row.agentName, place, 'agentName');
  const flatCountryId = readOptionalText(row.countryId, place, 'countryId');
  const links = readOptionalObject(row._links, place, '_links');
  const appLink =
    links === undefined ? undefined : readOptionalObject(links.appLink, place, '_links.appLink');
  const href =
    appLink === undefined
      ? undefined
      : readOptionalString(appLink.href, place, '_links.appLink.href');

  const agentId = nestedAgentId ?? flatAgentId;
  if (agentId === undefined) return 'withoutAgent';
  return readRoundResult(row, place, {
    agentId,
    agentName: nestedAgentName ?? flatAgentName,
    countryId: nestedCountryId ?? flatCountryId,
    agentLocation: location === undefined || location.trim() === '' ? undefined : location,
    roundId,
    dateMs: date === undefined ? undefined : parseIsoUtc(date),
    rawPermalink: href,
  });
}

/**
 * `results` of a v7 body, every row checked. A row without an agent or a round cannot be placed:
 * it is left out and counted in `skipped`. Any field present with a wrong value refuses the whole
 * body.
 */
export function readV7ResultRows(
  results: readonly unknown[],
  path: string,
  skipped: SkippedRows = noSkippedRows(),
): RoundResult[] {
  const read = readRowList(results, path, 'results', readV7ResultRow);
  const rows: RoundResult[] = [];
  for (const row of read) {
    if (typeof row === 'string') skipped[row] += 1;
    else rows.push(row);
  }
  return rows;
}
