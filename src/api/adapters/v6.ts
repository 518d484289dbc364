// v6 bodies → the internal model. The envelope and the test arrive schema-checked; metric rows
// are checked and adapted here in one pass (see row-fields.ts for why by hand).
import { parseIsoUtc, parseV6DateTime } from '../../lib/time-window.ts';
import type { AccountGroup, RoundResult } from '../model.ts';
import type { z } from 'zod/mini';
import type { v6AccountGroupsSchema } from '../schemas/v6.ts';
import {
  readId,
  readMos,
  readNonNegative,
  readObject,
  readOptionalText,
  readPercent,
  readRoundId,
  readRowList,
  type RowPlace,
} from './row-fields.ts';
import { dateOrRoundStart, permalinkHref, unlinkedPermalinkText } from './shared.ts';

export function adaptV6AccountGroups(body: z.output<typeof v6AccountGroupsSchema>): AccountGroup[] {
  return body.accountGroups.map((group) => ({
    aid: group.aid,
    name: group.accountGroupName,
    isCurrent: group.current,
    isDefault: group.default,
  }));
}

/** v6 dates are `yyyy-MM-dd hh:mm:ss` in UTC; accept an ISO instant too, else the round start. */
function v6DateMs(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  return parseV6DateTime(date) ?? parseIsoUtc(date);
}

function readV6MetricRow(value: unknown, place: RowPlace): RoundResult {
  const row = readObject(value, place, '');
  const agentId = readId(row.agentId, place, 'agentId');
  const agentName = readOptionalText(row.agentName, place, 'agentName');
  const countryId = readOptionalText(row.countryId, place, 'countryId');
  const date = readOptionalText(row.date, place, 'date');
  const roundId = readRoundId(row.roundId, place, 'roundId');
  // Any text is accepted here; permalinkHref decides whether it may become a link.
  const rawPermalink = readOptionalText(row.permalink, place, 'permalink');
  const serverIp = readOptionalText(row.serverIp, place, 'serverIp');
  const dscp = readOptionalText(row.dscp, place, 'dscp');
  const dscpName = readOptionalText(row.dscpName, place, 'dscpName');
  const mos = readMos(row.mos, place, 'mos');
  const codecName = readOptionalText(row.codecName, place, 'codecName');
  const codecMaxMos = readMos(row.codecMaxMos, place, 'codecMaxMos');
  const loss = readPercent(row.loss, place, 'loss');
  const discards = readNonNegative(row.discards, place, 'discards');
  const latency = readNonNegative(row.latency, place, 'latency');
  const pdv = readNonNegative(row.pdv, place, 'pdv');
  const errorDetail = readOptionalText(row.errorDetail, place, 'errorDetail');

  const permalink = permalinkHref(rawPermalink);
  return {
    agentId,
    agentName: agentName ?? agentId,
    countryId: countryId ?? '',
    roundId,
    dateMs: dateOrRoundStart(v6DateMs(date), roundId),
    permalink,
    permalinkText: unlinkedPermalinkText(rawPermalink, permalink),
    dscp: dscp ?? '',
    dscpName: dscpName ?? '',
    mos,
    codecName: codecName ?? '',
    codecMaxMos,
    loss,
    discards,
    latency,
    pdv,
    errorDetail: errorDetail ?? '',
    serverIp,
  };
}

/** `voice.metrics` of a v6 body, every row checked; the first bad field refuses the whole body. */
export function readV6MetricRows(metrics: readonly unknown[], path: string): RoundResult[] {
  return readRowList(metrics, path, 'voice.metrics', readV6MetricRow);
}
