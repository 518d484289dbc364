// For tests: rows as plain objects, to compare with toEqual. A closed interval's rows read from
// round columns are views whose fields are getters (round-columns.ts), which toEqual does not see.
import { RoundColumnsBytes } from './round-columns-bytes.ts';
import {
  decodeRoundColumns,
  encodeRoundColumns,
  joinRoundColumns,
  writeRoundColumns,
} from './round-columns.ts';
import type { RoundResult } from './round-result.ts';

/** Every field of each row, read once, as a plain object in RoundResult's order. */
export function plainRows(rows: readonly RoundResult[]): RoundResult[] {
  return rows.map((row) => ({
    agentId: row.agentId,
    agentName: row.agentName,
    countryId: row.countryId,
    agentLocation: row.agentLocation,
    roundId: row.roundId,
    dateMs: row.dateMs,
    permalink: row.permalink,
    permalinkText: row.permalinkText,
    dscp: row.dscp,
    dscpName: row.dscpName,
    mos: row.mos,
    codecName: row.codecName,
    codecMaxMos: row.codecMaxMos,
    loss: row.loss,
    discards: row.discards,
    latency: row.latency,
    pdv: row.pdv,
    errorDetail: row.errorDetail,
    serverIp: row.serverIp,
  }));
}

/** `rows` as the browser holds a closed interval's: written as round columns, read back as views. */
export function rowsThroughColumns(rows: readonly RoundResult[]): RoundResult[] {
  const body = encodeRoundColumns(rows, {}, { withoutAgent: 0, withoutRound: 0 });
  if (!body) throw new Error('expected the rows to be encoded as columns');
  const { header, numbers } = writeRoundColumns(body);
  return decodeRoundColumns(
    new RoundColumnsBytes(joinRoundColumns(header, numbers)),
    '/test/columns',
  ).rows;
}
