// A button that saves round results as a CSV file, built in the browser from the rows on screen.
import type { AgentLocationOf, RoundResult } from '../../lib/model.ts';
import { downloadBlob } from '../../lib/download-file.ts';
import { formatCount } from '../../lib/format.ts';
import { roundsToCsv } from './rounds-to-csv.ts';

export interface CsvDownloadButtonProps {
  rows: readonly RoundResult[];
  /** e.g. "earshot-6627-2026-11-26.csv"; ".csv" is added when missing. */
  fileName: string;
  /** Where each agent is, for rows that do not say (from /agents); the rows' own location wins. */
  agentLocationOf?: AgentLocationOf;
  /**
   * False while older parts of the window are still arriving: a file of part of the window would
   * read as the whole of it, so the button waits (default true).
   */
  complete?: boolean;
}

/** Builds the file and hands it to the browser as a download. */
export function downloadCsv(
  rows: readonly RoundResult[],
  fileName: string,
  agentLocationOf?: AgentLocationOf,
): void {
  // The byte-order mark tells Excel the file is UTF-8, so agent names with accents survive.
  const blob = new Blob(['\uFEFF', roundsToCsv(rows, agentLocationOf)], {
    type: 'text/csv;charset=utf-8',
  });
  downloadBlob(blob, fileName.toLowerCase().endsWith('.csv') ? fileName : `${fileName}.csv`);
}

export function CsvDownloadButton({
  rows,
  fileName,
  agentLocationOf,
  complete = true,
}: CsvDownloadButtonProps) {
  const count = rows.length;
  return (
    <button
      type="button"
      disabled={count === 0 || !complete}
      onClick={() => downloadCsv(rows, fileName, agentLocationOf)}
    >
      {complete ? `Download CSV (${formatCount(count, 'row', 'rows')})` : 'Download CSV (loading…)'}
    </button>
  );
}
