// Reading the fields of a result row: each reader checks one value and converts it in the same
// step, allocating nothing but the text a numeric id or dscp becomes. Rows are nearly all of a results body (a week of a
// 5-minute test at 500 agents is a million rows), so they are read by hand; the envelope around
// them is read by the schemas in src/api/schemas. The rules are the boundary's rules: tolerate what the
// documentation and reality disagree on, refuse what would mislead.

/** What an id may be spelt with (the schemas of the envelope use the same rule). */
export const UPSTREAM_ID_PATTERN = /^[\w.:-]+$/;

/**
 * A body whose rows would mislead: the first bad field, named. The browser shows it as an invalid
 * response of `path` (src/api/voice-results.ts); the server, reading a closed interval into
 * columns, sends the interval as upstream wrote it instead, so the browser names the same field.
 */
export class RowsRefused extends Error {
  override readonly name = 'RowsRefused';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`invalid rows for ${path}: ${detail}`);
  }
}

export type Row = Readonly<Record<string, unknown>>;

/** Where a reader is: the request's path, the list's name in the body, and the row's index. */
export interface RowPlace {
  readonly path: string;
  readonly list: string;
  index: number;
}

/** Reads every row of a list with `readRow`; the first bad field refuses the whole body. */
export function readRowList<T>(
  items: readonly unknown[],
  path: string,
  list: string,
  readRow: (item: unknown, place: RowPlace) => T,
): T[] {
  const place: RowPlace = { path, list, index: 0 };
  const rows: T[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    place.index = index;
    rows[index] = readRow(items[index], place);
  }
  return rows;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Refuses the whole body, naming the field as `results[1].roundId`. */
export function refuseField(
  place: RowPlace,
  field: string,
  expected: string,
  value: unknown,
): never {
  const where = `${place.list}[${place.index}]${field === '' ? '' : `.${field}`}`;
  throw new RowsRefused(place.path, `${where}: expected ${expected}, got ${describeValue(value)}`);
}

function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(value: unknown, place: RowPlace, field: string): Row {
  if (isObject(value)) return value;
  return refuseField(place, field, 'an object', value);
}

/** An object that may be absent or null. */
export function readOptionalObject(
  value: unknown,
  place: RowPlace,
  field: string,
): Row | undefined {
  if (isObject(value)) return value;
  if (value === undefined || value === null) return undefined;
  return refuseField(place, field, 'an object', value);
}

/**
 * The round a row belongs to: an integer number of epoch seconds, strictly. A string or a fraction
 * here would put the measurement in the wrong column, so the whole body is refused instead.
 */
export function readRoundId(value: unknown, place: RowPlace, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  return refuseField(place, field, 'a positive whole number of epoch seconds', value);
}

/** An id sent as a number (v6) or a string (v7); always a string inside Earshot. */
export function readId(value: unknown, place: RowPlace, field: string): string {
  if (typeof value === 'string' && UPSTREAM_ID_PATTERN.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return refuseField(place, field, 'an id of letters, digits, . : - or _', value);
}

export function readOptionalId(value: unknown, place: RowPlace, field: string): string | undefined {
  return value === undefined || value === null ? undefined : readId(value, place, field);
}

/** Free text that may be absent, null, or a number where the docs promise a string (dscp). */
export function readOptionalText(
  value: unknown,
  place: RowPlace,
  field: string,
): string | undefined {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return undefined;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    return String(value);
  }
  return refuseField(place, field, 'text', value);
}

/** A string that may be absent or null, and nothing else (a link's href). */
export function readOptionalString(
  value: unknown,
  place: RowPlace,
  field: string,
): string | undefined {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return undefined;
  return refuseField(place, field, 'a string', value);
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** The numbers each measurement's reader takes as they are (readMos, readPercent, readNonNegative). */
const MOS_BOUNDS = { min: 0, max: 5 } as const;
const PERCENT_BOUNDS = { min: 0, max: 100 } as const;
const NON_NEGATIVE_BOUNDS = { min: 0, max: Number.MAX_VALUE } as const;

/**
 * Each kind of measurement: its reader, and the numbers that reader takes as they are, paired
 * here once (a column of numbers is checked against the bounds, and only a number outside them is
 * given to the reader, which refuses it with its own message).
 */
export const MEASUREMENT_READERS = {
  mos: { read: readMos, ...MOS_BOUNDS },
  percent: { read: readPercent, ...PERCENT_BOUNDS },
  nonNegative: { read: readNonNegative, ...NON_NEGATIVE_BOUNDS },
} as const;

/** A kind of measurement of MEASUREMENT_READERS. */
export type MeasurementReader = (typeof MEASUREMENT_READERS)[keyof typeof MEASUREMENT_READERS];

/**
 * A measurement that may be absent (no value: never zero). A number, or a number written as a
 * string; any other string is refused, because guessing a value would mislead. '' is no value.
 */
function readMetric(
  value: unknown,
  min: number,
  max: number,
  place: RowPlace,
  field: string,
): number | undefined {
  if (typeof value === 'number') {
    if (value >= min && value <= max) return value;
  } else if (value === undefined || value === null || value === '') {
    return undefined;
  } else if (typeof value === 'string' && NUMERIC_TEXT.test(value)) {
    const parsed = Number(value);
    if (parsed >= min && parsed <= max) return parsed;
  }
  return refuseField(
    place,
    field,
    max === Number.MAX_VALUE ? `a number from ${min}` : `a number from ${min} to ${max}`,
    value,
  );
}

/** MOS, and a codec's ceiling: 0–5 (the scale is 1–5; 0 is what a dead stream scores). */
export function readMos(value: unknown, place: RowPlace, field: string): number | undefined {
  return readMetric(value, MOS_BOUNDS.min, MOS_BOUNDS.max, place, field);
}

/** Loss: a percentage, 0–100. */
export function readPercent(value: unknown, place: RowPlace, field: string): number | undefined {
  return readMetric(value, PERCENT_BOUNDS.min, PERCENT_BOUNDS.max, place, field);
}

/** Latency, PDV and discards: never negative. */
export function readNonNegative(
  value: unknown,
  place: RowPlace,
  field: string,
): number | undefined {
  return readMetric(value, NON_NEGATIVE_BOUNDS.min, NON_NEGATIVE_BOUNDS.max, place, field);
}
