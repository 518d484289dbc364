// v7 bodies → the internal model. The envelope and the test arrive schema-checked; result rows
// are checked and adapted here in one pass (see row-fields.ts for why by hand).
import { parseIsoUtc } from '../../lib/time-window.ts';
import type { AccountGroup, RoundResult } from '../model.ts';
import type { z } from 'zod/mini';
import type { v7AccountGroupsSchema } from '../schemas/v7.ts';
import {
  readId,
  readObject,
  readOptionalId,
  readOptionalObject,
  readOptionalString,
  readOptionalText,
  readRoundId,
  readRowList,
  refuseField,
  type RowPlace,
} from './row-fields.ts';
import { readRoundResult } from './shared.ts';

export function adaptV7AccountGroups(body: z.output<typeof v7AccountGroupsSchema>): AccountGroup[] {
  return body.accountGroups.map((group) => ({
    aid: group.aid,
    name: group.accountGroupName,
    isCurrent: group.isCurrentAccountGroup,
    isDefault: group.isDefaultAccountGroup,
  }));
}

function readV7ResultRow(value: unknown, place: RowPlace): RoundResult {
  const row = readObject(value, place, '');
  const roundId = readRoundId(row.roundId, place, 'roundId');
  const date = readOptionalText(row.date, place, 'date');
  const agent = readOptionalObject(row.agent, place, 'agent');
  // An agent object must name its agent; the top-level fields are not documented, but cheap to
  // accept when the agent object is missing.
  const nestedAgentId =
    agent === undefined ? undefined : readId(agent.agentId, place, 'agent.agentId');
  const nestedAgentName =
    agent === undefined ? undefined : readOptionalText(agent.agentName, place, 'agent.agentName');
  const nestedCountryId =
    agent === undefined ? undefined : readOptionalText(agent.countryId, place, 'agent.countryId');
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
  if (agentId === undefined) return refuseField(place, 'agent.agentId', 'an agent id', undefined);
  return readRoundResult(row, place, {
    agentId,
    agentName: nestedAgentName ?? flatAgentName,
    countryId: nestedCountryId ?? flatCountryId,
    roundId,
    dateMs: date === undefined ? undefined : parseIsoUtc(date),
    rawPermalink: href,
  });
}

/** `results` of a v7 body, every row checked; the first bad field refuses the whole body. */
export function readV7ResultRows(results: readonly unknown[], path: string): RoundResult[] {
  return readRowList(results, path, 'results', readV7ResultRow);
}
