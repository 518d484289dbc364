// Counting the result rows a download leaves out, and saying so in words a person reads.
import type { SkippedRows } from './round-result.ts';

export function noSkippedRows(): SkippedRows {
  return { withoutAgent: 0, withoutRound: 0 };
}

/** The counts of several pages (or downloads) together. */
export function addSkippedRows(counts: readonly (SkippedRows | undefined)[]): SkippedRows {
  const total = noSkippedRows();
  for (const count of counts) {
    if (count === undefined) continue;
    total.withoutAgent += count.withoutAgent;
    total.withoutRound += count.withoutRound;
  }
  return total;
}

function rows(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'}`;
}

/**
 * "3 rows without an agent were left out", or undefined when none were. Shown with the data's
 * status, so a gap in the heatmap is never taken for a silent agent.
 */
export function describeSkippedRows(skipped: SkippedRows | undefined): string | undefined {
  if (skipped === undefined) return undefined;
  const parts: string[] = [];
  if (skipped.withoutAgent > 0) parts.push(`${rows(skipped.withoutAgent)} without an agent`);
  if (skipped.withoutRound > 0) parts.push(`${rows(skipped.withoutRound)} without a round`);
  if (parts.length === 0) return undefined;
  const total = skipped.withoutAgent + skipped.withoutRound;
  return `${parts.join(' and ')} ${total === 1 ? 'was' : 'were'} left out`;
}
