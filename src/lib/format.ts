// How Earshot writes times and metrics for people: one place, so a tooltip, a table, a chart
// axis and a CSV never disagree about a unit or a time zone.
import { METRICS, type HeatmapMetric } from './metrics.ts';

export type TimeZoneChoice = 'utc' | 'local';

// One formatter for counts: toLocaleString builds a new one per call (~5 ms each, cold).
const COUNT_FORMAT = new Intl.NumberFormat('en-GB');

/** A whole number with thousands separated by commas: "300,634". */
export function formatNumber(n: number): string {
  return COUNT_FORMAT.format(n);
}

/** A part of a whole, one way everywhere: "1,487 of 300,634 agents". */
export function formatPartOf(part: number, whole: number, noun: string): string {
  return `${COUNT_FORMAT.format(part)} of ${COUNT_FORMAT.format(whole)} ${noun}`;
}

/** A count and its noun: "1 row", "14,400 rows". */
export function formatCount(n: number, one: string, many: string): string {
  return `${COUNT_FORMAT.format(n)} ${n === 1 ? one : many}`;
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: TimeZoneChoice, options: Intl.DateTimeFormatOptions, key: string) {
  const cacheKey = `${timeZone}|${key}`;
  let cached = timeFormatters.get(cacheKey);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-GB', {
      ...options,
      hourCycle: 'h23',
      timeZone: timeZone === 'utc' ? 'UTC' : undefined,
    });
    timeFormatters.set(cacheKey, cached);
  }
  return cached;
}

/**
 * The zone a choice means, as IANA names it: "UTC", or the browser's own zone ("Europe/Berlin"),
 * for labels such as "From (Europe/Berlin)".
 */
export function zoneName(timeZone: TimeZoneChoice): string {
  if (timeZone === 'utc') return 'UTC';
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  } catch {
    return 'local time';
  }
}

const zoneAbbreviations = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's short name at that moment: "UTC", or for local time "CET" / "CEST" (or "GMT+1" where
 * the zone has no common abbreviation). `zone` is an IANA name; undefined is the browser's own.
 */
export function zoneAbbreviation(ms: number, zone?: string): string {
  const key = zone ?? '';
  let format = zoneAbbreviations.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' });
    zoneAbbreviations.set(key, format);
  }
  return format.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/** Every time written for people carries its zone: " UTC", or the local zone's " CET". */
function suffix(timeZone: TimeZoneChoice, ms: number): string {
  if (timeZone === 'utc') return ' UTC';
  const abbreviation = zoneAbbreviation(ms);
  return abbreviation ? ` ${abbreviation}` : '';
}

/** "2026-11-26 14:05 UTC" (or " CET" in local time): a round's start, as tooltips and tables show it. */
export function formatDateTime(ms: number, timeZone: TimeZoneChoice): string {
  const parts = formatter(
    timeZone,
    { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
    'datetime',
  ).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}${suffix(timeZone, ms)}`;
}

/** "14:05:09 UTC" (or " CET" in local time): the clock and "last updated". */
export function formatClock(ms: number, timeZone: TimeZoneChoice): string {
  return (
    formatter(timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit' }, 'clock').format(
      ms,
    ) + suffix(timeZone, ms)
  );
}

/**
 * A test's round interval, in one wording for the dashboard and the wall: whole hours as "1 h",
 * else whole minutes as "5 min", else seconds ("every 1 h", never "every 60 min").
 */
export function formatInterval(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "14:05" or "26 Nov" for chart axes, depending on how long the window is. */
export function formatAxisTime(ms: number, timeZone: TimeZoneChoice, spanMs: number): string {
  if (spanMs > 2 * 86_400_000) {
    return formatter(timeZone, { day: '2-digit', month: 'short' }, 'axis-day').format(ms);
  }
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit' }, 'axis-time').format(ms);
}

/** A metric value with its unit, or "no value": never a 0 for something that was not measured. */
export function formatMetric(metric: HeatmapMetric, value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return 'no value';
  return METRICS[metric].format(value);
}

/** How far MOS sits below its codec's ceiling: "0.12 below max", or "no value". */
export function formatHeadroom(headroom: number | undefined): string {
  return formatMetric('headroom', headroom);
}
