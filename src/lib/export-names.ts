// What an exported file is called and titled: the test and the range it holds, so a PNG or a CSV
// attached to a ticket says what it shows without the page beside it.
import { formatDateTime, type TimeZoneChoice } from './format.ts';

function compactUtc(ms: number): string {
  // 2026-11-29T11:00:00Z → 20261129T1100Z: sortable, and safe in every file system.
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/** "earshot-7001-20261129T1100Z-20261129T1200Z": a file's name without its extension. */
export function exportFileStem(testId: string, startMs: number, endMs: number): string {
  const safeTestId = testId.replace(/[^A-Za-z0-9_-]/g, '');
  return `earshot-${safeTestId}-${compactUtc(startMs)}-${compactUtc(endMs)}`;
}

/** "2026-11-29 11:00 – 2026-11-29 12:00 UTC" (a day's span keeps its date once: "… 11:00–12:00 UTC"). */
export function describeExportRange(
  startMs: number,
  endMs: number,
  timeZone: TimeZoneChoice,
): string {
  const start = formatDateTime(startMs, timeZone);
  const end = formatDateTime(endMs, timeZone);
  const zone = timeZone === 'utc' ? ' UTC' : '';
  const startBare = zone ? start.slice(0, -zone.length) : start;
  const endBare = zone ? end.slice(0, -zone.length) : end;
  if (startBare.slice(0, 10) === endBare.slice(0, 10)) {
    return `${startBare}–${endBare.slice(11)}${zone}`;
  }
  return `${startBare} – ${endBare}${zone}`;
}
