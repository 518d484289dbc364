// Round results as RFC 4180 CSV: every field of RoundResult, stable column names, safe to open in
// a spreadsheet.
import type { AgentLocationOf, RoundResult } from '../../lib/model.ts';
import { formatIsoUtc } from '../../../common/time-window.ts';
import { METRICS } from '../../lib/metrics.ts';

type Cell = string | number | undefined;

const NO_LOCATIONS: AgentLocationOf = () => undefined;

/**
 * Column name → the cell of one row. The names are product surface: scripts read them, so a new
 * column goes after the ones scripts already know by position. A measured quantity carries its
 * unit in its name (`loss_percent`, `latency_ms`), as a spreadsheet opened alone cannot say it;
 * `date` is ISO 8601 in UTC, `roundId` epoch seconds, MOS has no unit.
 */
const COLUMNS: readonly (readonly [
  string,
  (row: RoundResult, locationOf: AgentLocationOf) => Cell,
])[] = [
  ['agentId', (row) => row.agentId],
  ['agentName', (row) => row.agentName],
  ['countryId', (row) => row.countryId],
  ['roundId', (row) => row.roundId],
  ['date', (row) => (Number.isFinite(row.dateMs) ? formatIsoUtc(row.dateMs) : undefined)],
  // The safe link when there is one; otherwise what upstream sent, as text (never a live link in
  // the app, but the person exporting may still want to see it).
  ['permalink', (row) => row.permalink ?? row.permalinkText],
  ['dscp', (row) => row.dscp],
  ['dscpName', (row) => row.dscpName],
  ['mos', METRICS.mos.read],
  ['codecName', (row) => row.codecName],
  ['codecMaxMos', (row) => row.codecMaxMos],
  ['loss_percent', METRICS.loss.read],
  ['discards_percent', METRICS.discards.read],
  ['latency_ms', METRICS.latency.read],
  ['pdv_ms', METRICS.pdv.read],
  ['errorDetail', (row) => row.errorDetail],
  ['serverIp', (row) => row.serverIp],
  ['agentLocation', (row, locationOf) => row.agentLocation ?? locationOf(row.agentId)],
];

export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

/**
 * Spreadsheets (Excel, LibreOffice, Google Sheets) run a cell that begins with =, +, -, @ as a
 * formula, and tab / CR can smuggle one past a naive check. The text comes from upstream data we
 * do not trust (agent names, error details), so such text gets a leading apostrophe: shown as
 * text, never executed (OWASP "CSV Injection"). Only strings are guarded: a real number such as a
 * negative value stays a number a spreadsheet can compute with.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function textCell(text: string): string {
  const guarded = FORMULA_START.test(text) ? `'${text}` : text;
  // RFC 4180: quote a field holding a comma, quote, CR or LF, and double the quotes inside it.
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

function cell(value: Cell): string {
  // "No value" is an empty field, never a 0.
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return textCell(value);
}

/** A header row and one line per round, CRLF line ends, as RFC 4180 asks. */
export function roundsToCsv(
  rows: readonly RoundResult[],
  locationOf: AgentLocationOf = NO_LOCATIONS,
): string {
  const lines = [CSV_COLUMNS.map(textCell).join(',')];
  for (const row of rows) {
    lines.push(COLUMNS.map(([, read]) => cell(read(row, locationOf))).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
