// The one parser and formatter for time windows: used by the URL state, the API client and the
// simulator alike, so a window means the same thing everywhere.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export type TimeRange =
  | { kind: 'relative'; windowSeconds: number }
  | { kind: 'absolute'; fromMs: number; toMs: number | undefined };

const WINDOW_PATTERN = /^(\d+)([smhdw]?)$/;

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

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

/** The shortest exact spelling of a window: 3600 → "1h", 5400 → "90m", 7 → "7s". */
export function formatWindow(seconds: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit] ?? 1;
    if (seconds % size === 0 && seconds >= size) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
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
  const match = DATE_TIME_PATTERN.exec(text);
  const hint = `use YYYY-MM-DDTHH:MM:SS in UTC, such as 2026-01-31T14:00:00`;
  if (!match) return { ok: false, message: `${name} '${text}': ${hint}` };
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, message: `${name} '${text}': not a real date and time; ${hint}` };
  }
  return { ok: true, value: ms };
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

const V6_DATE_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]00:?00)$/;

/** v6's row date, `yyyy-MM-dd hh:mm:ss` in UTC with no zone → epoch ms, or undefined. */
export function parseV6DateTime(text: string): number | undefined {
  if (!V6_DATE_PATTERN.test(text)) return undefined;
  const parsed = parseUtcDateTime('date', text);
  return parsed.ok ? parsed.value : undefined;
}

/** v7's ISO 8601 UTC instant (`…Z`, optional fraction) → epoch ms, or undefined. */
export function parseIsoUtc(text: string): number | undefined {
  if (!ISO_UTC_PATTERN.test(text)) return undefined;
  const whole = parseUtcDateTime('date', text.slice(0, 19));
  if (!whole.ok) return undefined;
  const fraction = /\.(\d+)/.exec(text)?.[1];
  return whole.value + (fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0);
}

/** How long after a round starts its results are usually readable upstream. */
export const DEFAULT_PROCESSING_DELAY_MS = 30_000;

/**
 * Milliseconds from `nowMs` until the next moment fresh data can exist: the next round boundary of
 * a test with this interval, plus the processing delay. Always in (0, interval], so a caller that
 * waits this long and asks again is never early and never more than one round late.
 */
export function nextRoundRefreshDelayMs(
  intervalSeconds: number,
  nowMs: number,
  processingDelayMs: number = DEFAULT_PROCESSING_DELAY_MS,
): number {
  const intervalMs = Math.max(1, intervalSeconds) * 1000;
  const delayMs = Math.max(0, processingDelayMs) % intervalMs;
  const lastRefreshAt = Math.floor((nowMs - delayMs) / intervalMs) * intervalMs + delayMs;
  return lastRefreshAt + intervalMs - nowMs;
}
