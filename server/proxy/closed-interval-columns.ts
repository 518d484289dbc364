// A closed interval's rows read once here and written as round columns
// (common/result-rows/round-columns.ts), the form Earshot's browser asks for: about 7 times fewer
// bytes than upstream's rows, and no object per row to parse. The rows are read by the very
// readers the browser uses on upstream's pages (common/result-rows/v7.ts, v6.ts); rows those
// readers refuse, or columns that would not give a row back exactly, leave the interval without
// columns, and the browser gets upstream's rows and says what was wrong with them, as before.
import type { ApiVersion } from '../../common/earshot-config.ts';
import { encodeRoundColumns } from '../../common/result-rows/round-columns.ts';
import type { RoundResult } from '../../common/result-rows/round-result.ts';
import { RowsRefused } from '../../common/result-rows/row-fields.ts';
import { noSkippedRows } from '../../common/result-rows/skipped-rows.ts';
import { readV6MetricRows } from '../../common/result-rows/v6.ts';
import { readV7ResultRows } from '../../common/result-rows/v7.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The joined body of an interval (upstream's shape, links rewritten, credentials scrubbed) as round
 * columns, scrubbed again as written; undefined when its rows cannot be columns.
 */
export function intervalColumns(
  joined: Buffer,
  apiVersion: ApiVersion,
  path: string,
  scrub: (bytes: Buffer) => Buffer,
): Buffer | undefined {
  let body: unknown;
  try {
    body = JSON.parse(joined.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const skipped = noSkippedRows();
  let rows: RoundResult[];
  let envelope: Record<string, unknown>;
  try {
    if (apiVersion === 'v7') {
      if (!Array.isArray(body.results)) return undefined;
      rows = readV7ResultRows(body.results, path, skipped);
      envelope = { ...body, results: [] };
    } else {
      const voice = body.voice;
      if (!isRecord(voice) || !Array.isArray(voice.metrics)) return undefined;
      rows = readV6MetricRows(voice.metrics, path, skipped);
      envelope = { ...body, voice: { ...voice, metrics: [] } };
    }
  } catch (error) {
    if (error instanceof RowsRefused) return undefined;
    throw error;
  }
  const columns = encodeRoundColumns(rows, envelope, skipped);
  return columns && scrub(Buffer.from(JSON.stringify(columns)));
}
