// The one parser and formatter for time windows: used by the URL state, the API client and the
// simulator alike, so a window means the same thing everywhere.
// Over 300 lines: one grammar of time (windows, UTC and zoned date-times, ranges, the refresh
// instant) that the URL, the client and the simulator must all read alike.
import { formatWindow, UNIT_SECONDS } from './window-text.ts';
import { PROCESSING_DELAY_MS } from './result-intervals.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export type TimeRange =
  | { kind: 'relative'; windowSeconds: number }
  | { kind: 'absolute'; fromMs: number; toMs: number | undefined };

const WINDOW_PATTERN = /^(\d+)([smhdw]?)$/;

/** The longest window anyone may ask for: ThousandEyes keeps 90 days of results. */
export const MAX_WINDOW_SECONDS = 90 * 86_400;

export const DEFAULT_WINDOW_SECONDS = 3600;

/** Parses `window` as ThousandEyes defines it (`^\d+[smhdw]?$`, seconds when no unit). */
export function parseWindow(text: string): Parsed<number> {
  const match = WINDOW_PATTERN.exec(text);
  if (!match) {
    return {
      ok: false,
      message: `window '${text}': use a number followed by s, m, h, d or w, such as 6h`,
    };
  }
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 1);
  if (seconds <= 0) {
    return { ok: false, message: `window '${text}': must be longer than zero, such as 1h` };
  }
  if (seconds > MAX_WINDOW_SECONDS) {
    return {
      ok: false,
      message: `window '${text}': ThousandEyes keeps 90 days of results; use 90d or less`,
    };
  }
  return { ok: true, value: seconds };
}

/** For people: 3600 → "last 1 h", 86400 → "last 24 h", 604800 → "last 7 d". */
export function describeWindow(seconds: number): string {
  if (seconds % 86_400 === 0 && seconds > 86_400) return `last ${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `last ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `last ${seconds / 60} min`;
  return `last ${seconds} s`;
}

const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})$/;

/**
 * Parses `YYYY-MM-DDTHH:MM:SS` (a space may stand for the `T`) as UTC, as v6's `from`/`to` and
 * Earshot's URL do. Rejects impossible dates such as 2024-02-30 rather than rolling them over.
 */
export function parseUtcDateTime(name: string, text: string): Parsed<number> {
  const ms = text.length === 19 ? readUtcDateTime(text) : undefined;
  if (ms !== undefined) return { ok: true, value: ms };
  const hint = `use YYYY-MM-DDTHH:MM:SS in UTC, such as 2026-01-31T14:00:00`;
  if (!DATE_TIME_PATTERN.test(text)) return { ok: false, message: `${name} '${text}': ${hint}` };
  return { ok: false, message: `${name} '${text}': not a real date and time; ${hint}` };
}

/** The ASCII digit at `index` as a number, or -1. */
function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - 48;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

function twoDigitsAt(text: string, index: number): number {
  const tens = digitAt(text, index);
  const ones = digitAt(text, index + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The `YYYY-MM-DD?HH:MM:SS` that starts `text` (`?` being `T` or a space) as UTC epoch ms, or
 * undefined when it is misspelt or not a real date and time. Read by character codes, with no
 * regex and no allocation: every row of a results body has a date, a million in a week.
 */
function readUtcDateTime(text: string): number | undefined {
  const century = twoDigitsAt(text, 0);
  const yearInCentury = twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  const separator = text.charCodeAt(10);
  if (
    century < 0 ||
    yearInCentury < 0 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    (separator !== 84 && separator !== 32) || // T or space
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    minute < 0 ||
    second < 0
  ) {
    return undefined;
  }
  const year = century * 100 + yearInCentury;
  // Date.UTC reads years 0–99 as 1900–1999, so those are not the date that was written.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  if (hour < 0 || hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Epoch ms → `YYYY-MM-DDTHH:MM:SS` (UTC), the URL's and v6's spelling. */
export function formatUtcDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

/** Epoch ms → `YYYY-MM-DDTHH:MM:SSZ`, v7's `startDate`/`endDate` spelling. */
export function formatIsoUtc(ms: number): string {
  return `${formatUtcDateTime(ms)}Z`;
}

export interface TimeRangeParams {
  window?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
}

/**
 * Validates a time frame as the URL and v6 spell it. Absent everything → `undefined` (the caller
 * picks its default). `window` with `from`/`to`, or `to` without `from`, is an error.
 */
export function parseTimeRange(params: TimeRangeParams): Parsed<TimeRange | undefined> {
  const { window, from, to } = params;
  const has = (value: string | null | undefined) => value !== undefined && value !== null;
  if (has(window) && (has(from) || has(to))) {
    return {
      ok: false,
      message: 'window cannot be combined with from/to: keep either a relative window or a range',
    };
  }
  if (has(to) && !has(from)) {
    return { ok: false, message: `to '${to}' needs a from: add from=YYYY-MM-DDTHH:MM:SS` };
  }
  if (has(window)) {
    const parsed = parseWindow(window as string);
    return parsed.ok
      ? { ok: true, value: { kind: 'relative', windowSeconds: parsed.value } }
      : parsed;
  }
  if (has(from)) {
    const fromMs = parseUtcDateTime('from', from as string);
    if (!fromMs.ok) return fromMs;
    let toMs: number | undefined;
    if (has(to)) {
      const parsedTo = parseUtcDateTime('to', to as string);
      if (!parsedTo.ok) return parsedTo;
      toMs = parsedTo.value;
      if (toMs <= fromMs.value) {
        return {
          ok: false,
          message: `from '${from}' is not before to '${to}': swap them or pick a later to`,
        };
      }
    }
    return { ok: true, value: { kind: 'absolute', fromMs: fromMs.value, toMs } };
  }
  return { ok: true, value: undefined };
}

/** The concrete [start, end] in epoch ms that a range covers at `nowMs`. */
export function resolveTimeRange(
  range: TimeRange,
  nowMs: number,
): { startMs: number; endMs: number } {
  if (range.kind === 'relative') {
    return { startMs: nowMs - range.windowSeconds * 1000, endMs: nowMs };
  }
  return { startMs: range.fromMs, endMs: Math.min(range.toMs ?? nowMs, nowMs) };
}

/** Two ranges ask for the same data (used to tell a window change from a no-op). */
export function sameTimeRange(a: TimeRange, b: TimeRange): boolean {
  if (a.kind === 'relative') return b.kind === 'relative' && a.windowSeconds === b.windowSeconds;
  return b.kind === 'absolute' && a.fromMs === b.fromMs && a.toMs === b.toMs;
}

/**
 * A range as Earshot's URL spells it: `window`, or `from` [+ `to`]. The inverse of
 * `parseTimeRange` for every range it accepts.
 */
export function timeRangeToUrlParams(range: TimeRange): Record<string, string> {
  if (range.kind === 'relative') return { window: formatWindow(range.windowSeconds) };
  const params: Record<string, string> = { from: formatUtcDateTime(range.fromMs) };
  if (range.toMs !== undefined) params['to'] = formatUtcDateTime(range.toMs);
  return params;
}

/**
 * A range as the ThousandEyes API spells it: v7 takes `window` or `startDate`/`endDate` (ISO with
 * Z), v6 takes `window` or `from`/`to` (UTC, no zone). Never both a window and a range.
 */
export function timeRangeToUpstreamParams(
  range: TimeRange,
  apiVersion: 'v7' | 'v6',
): [string, string][] {
  if (range.kind === 'relative') return [['window', formatWindow(range.windowSeconds)]];
  const format = apiVersion === 'v7' ? formatIsoUtc : formatUtcDateTime;
  const [fromName, toName] = apiVersion === 'v7' ? ['startDate', 'endDate'] : ['from', 'to'];
  const params: [string, string][] = [[fromName, format(range.fromMs)]];
  if (range.toMs !== undefined) params.push([toName, format(range.toMs)]);
  return params;
}

/** v6's row date, `yyyy-MM-dd hh:mm:ss` in UTC with no zone → epoch ms, or undefined. */
export function parseV6DateTime(text: string): number | undefined {
  return text.length === 19 && text.charCodeAt(10) === 32 ? readUtcDateTime(text) : undefined;
}

/**
 * v7's ISO 8601 UTC instant → epoch ms, or undefined: `YYYY-MM-DDTHH:MM:SS`, an optional
 * fraction of 1–9 digits, then `Z`, `+00:00`, `-00:00`, `+0000` or `-0000`.
 */
export function parseIsoUtc(text: string): number | undefined {
  if (text.length < 20 || text.charCodeAt(10) !== 84 /* T */) return undefined;
  const whole = readUtcDateTime(text);
  if (whole === undefined) return undefined;
  let zoneAt = 19;
  let fractionMs = 0;
  if (text.charCodeAt(19) === 46 /* . */) {
    while (digitAt(text, zoneAt + 1) >= 0) zoneAt += 1;
    const digits = zoneAt - 19;
    if (digits < 1 || digits > 9) return undefined;
    zoneAt += 1;
    fractionMs = Math.floor(Number(`0.${text.slice(20, zoneAt)}`) * 1000);
  }
  const zoneLength = text.length - zoneAt;
  const sign = text.charCodeAt(zoneAt);
  const utc =
    zoneLength === 1
      ? sign === 90 // Z
      : (sign === 43 || sign === 45) && // + or -
        ((zoneLength === 6 && text.startsWith('00:00', zoneAt + 1)) ||
          (zoneLength === 5 && text.startsWith('0000', zoneAt + 1)));
  return utc ? whole + fractionMs : undefined;
}

/**
 * Milliseconds from `nowMs` until the next moment fresh data can exist: the next round boundary of
 * a test with this interval, plus the processing delay. Always in (0, interval], so a caller that
 * waits this long and asks again is never early and never more than one round late.
 */
export function nextRoundRefreshDelayMs(
  intervalSeconds: number,
  nowMs: number,
  processingDelayMs: number = PROCESSING_DELAY_MS,
): number {
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  const delayMs = Math.max(0, processingDelayMs) % intervalMs;
  const lastRefreshAt = Math.floor((nowMs - delayMs) / intervalMs) * intervalMs + delayMs;
  return lastRefreshAt + intervalMs - nowMs;
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of `ms` in an IANA zone, as UTC epoch ms of the same fields. */
function wallClockMs(ms: number, zone: string): number {
  let format = wallClockFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(zone, format);
  }
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) fields[part.type] = Number(part.value);
  return Date.UTC(
    fields['year'] ?? 1970,
    (fields['month'] ?? 1) - 1,
    fields['day'] ?? 1,
    fields['hour'] ?? 0,
    fields['minute'] ?? 0,
    fields['second'] ?? 0,
  );
}

/**
 * Epoch ms → `YYYY-MM-DD HH:MM:SS` on the wall clock of an IANA zone ("UTC", "Europe/Berlin"):
 * what the custom range's fields show, 24-hour, whatever the browser's locale.
 */
export function formatZonedDateTime(ms: number, zone: string): string {
  const whole = Math.floor(ms / 1000) * 1000;
  const wall = zone === 'UTC' ? whole : wallClockMs(whole, zone);
  return formatUtcDateTime(wall).replace('T', ' ');
}

/**
 * Reads `YYYY-MM-DD HH:MM:SS` (or with a `T`) as a wall-clock time in an IANA zone. A time the
 * zone skips (clocks going forward) is refused with a message, not moved by an hour in silence;
 * a time it has twice (clocks going back) is the first of the two.
 */
export function parseZonedDateTime(name: string, text: string, zone: string): Parsed<number> {
  const trimmed = text.trim();
  const wall = trimmed.length === 19 ? readUtcDateTime(trimmed) : undefined;
  const hint = `use YYYY-MM-DD HH:MM:SS in ${zone}, such as 2026-01-31 14:00:00`;
  if (wall === undefined) {
    if (!DATE_TIME_PATTERN.test(trimmed))
      return { ok: false, message: `${name} '${text}': ${hint}` };
    return { ok: false, message: `${name} '${text}': not a real date and time; ${hint}` };
  }
  if (zone === 'UTC') return { ok: true, value: wall };
  // The zone's offset a few hours either side: the earlier of the two that fit wins.
  const candidates = [wall - 14 * 3_600_000, wall + 14 * 3_600_000]
    .map((probe) => wall - (wallClockMs(probe, zone) - probe))
    .filter((ms) => wallClockMs(ms, zone) === wall)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first === undefined) {
    return {
      ok: false,
      message: `${name} '${text}' does not exist in ${zone} (the clocks went forward then): pick a time an hour later or earlier`,
    };
  }
  return { ok: true, value: first };
}
