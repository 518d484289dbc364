// v7 result rows read straight from their bytes into round columns: the Earshot server's way to
// read a closed interval (server/proxy/closed-interval-columns.ts), where parsing ~10 MB of JSON
// text an interval, an object and a string for every value, was most of its CPU.
//
// A row is read here only when every value in it is one this reader knows how to check exactly
// as readV7ResultRows (./v7.ts) would, and it is written with the same encoder, texts and
// agents (round-columns.ts). Anything else, a row at a time, goes to readV7ResultRows itself: an
// escape in a string, a value of an unexpected type, whitespace, a key written twice, a number
// with an exponent or more than 15 digits, a date in another spelling, a link that does not
// follow the interval's pattern, the first link of an agent. So the columns are the same bytes
// either way (a property test holds them equal), and a refusal is still the reader's refusal.
//
// How the values are read without a string each:
// - a text is compared, byte for byte, with the last one of its field (the agent's texts with
//   that agent's), and decoded only when it differs;
// - a number is its digits divided by a power of ten (both exact below 2^53 and 10^22, so the
//   quotient is the correctly rounded value JSON.parse gives);
// - a date is the hour its first 13 bytes name (parsed once an hour by parseIsoUtc), plus its
//   minutes and seconds;
// - a link is compared in place with the pattern filled with the row's agent and round.
import { parseIsoUtc } from '../time-window.ts';
import {
  NO_TEXT,
  PATTERN_LINK,
  type LinkPattern,
  type RoundColumnsEncoder,
  type RowCodes,
} from './round-columns.ts';
import type { SkippedRows } from './round-result.ts';
import { readV7ResultRows } from './v7.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

// The fields a row is read by (./v7.ts and round-result.ts), and where each is in a row.
const ROUND_ID = 0;
const DATE = 1;
const AGENT = 2;
const FLAT_AGENT_ID = 3;
const FLAT_AGENT_NAME = 4;
const FLAT_COUNTRY_ID = 5;
const LINKS = 6;
const DSCP = 7;
const DSCP_NAME = 8;
const CODEC_NAME = 9;
const ERROR_DETAIL = 10;
const SERVER_IP = 11;
const MOS = 12;
const CODEC_MAX_MOS = 13;
const LOSS = 14;
const DISCARDS = 15;
const LATENCY = 16;
const PDV = 17;
const AGENT_ID = 18;
const AGENT_NAME = 19;
const COUNTRY_ID = 20;
const LOCATION = 21;
const APP_LINK = 22;
const HREF = 23;
const FIELDS = 24;

/** The keys of each object of a row that this reader reads; any other key's value is skipped. */
const ROW_KEYS: Record<string, number> = {
  roundId: ROUND_ID,
  date: DATE,
  agent: AGENT,
  agentId: FLAT_AGENT_ID,
  agentName: FLAT_AGENT_NAME,
  countryId: FLAT_COUNTRY_ID,
  _links: LINKS,
  dscp: DSCP,
  dscpName: DSCP_NAME,
  codecName: CODEC_NAME,
  errorDetail: ERROR_DETAIL,
  serverIp: SERVER_IP,
  mos: MOS,
  codecMaxMos: CODEC_MAX_MOS,
  loss: LOSS,
  discards: DISCARDS,
  latency: LATENCY,
  pdv: PDV,
};
const AGENT_KEYS: Record<string, number> = {
  agentId: AGENT_ID,
  agentName: AGENT_NAME,
  countryId: COUNTRY_ID,
  location: LOCATION,
};
const LINKS_KEYS: Record<string, number> = { appLink: APP_LINK };
const APP_LINK_KEYS: Record<string, number> = { href: HREF };

/** A field's value in the row being read. */
const ABSENT = 0;
const TEXT = 1;
const NUMBER = 2;
const NULL = 3;
const OBJECT = 4;

/** The keys of one object, found by their bytes' hash and then compared. */
interface KeyTable {
  /** Its place in readV7RowBytes' `lastKeys`. */
  id: number;
  byHash: Map<number, { field: number; view: DataView }>;
}

/** The keys of an object remembered by position (see objectEnd); more are found by their hash. */
const MAX_KEYS_KEPT = 32;

function keyHash(bytes: Uint8Array, start: number, end: number): number {
  let hash = end - start;
  for (let at = start; at < end; at++) hash = (Math.imul(hash, 31) + bytes[at]!) | 0;
  return hash;
}

function keyTable(id: number, keys: Record<string, number>): KeyTable {
  const byHash = new Map<number, { field: number; view: DataView }>();
  for (const [name, field] of Object.entries(keys)) {
    const bytes = new TextEncoder().encode(name);
    const hash = keyHash(bytes, 0, bytes.length);
    if (byHash.has(hash)) throw new Error(`two keys of one hash: ${name}`);
    byHash.set(hash, { field, view: viewOf(bytes) });
  }
  return { id, byHash };
}

const ROW_TABLE = keyTable(0, ROW_KEYS);
const AGENT_TABLE = keyTable(1, AGENT_KEYS);
const LINKS_TABLE = keyTable(2, LINKS_KEYS);
const APP_LINK_TABLE = keyTable(3, APP_LINK_KEYS);
/** The object each object-valued field holds. */
const TABLE_OF: (KeyTable | undefined)[] = [];
TABLE_OF[AGENT] = AGENT_TABLE;
TABLE_OF[LINKS] = LINKS_TABLE;
TABLE_OF[APP_LINK] = APP_LINK_TABLE;

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, power) => 10 ** power);
/** Significant digits below 2^53, so that digits / 10^k is correctly rounded. */
const MAX_DIGITS = 15;

/** Whether `length` bytes at `at` in `view` are those at `otherAt` in `other`, 4 at a time. */
function sameBytes(view: DataView, at: number, other: DataView, otherAt: number, length: number) {
  let index = 0;
  for (; index + 4 <= length; index += 4) {
    if (view.getUint32(at + index) !== other.getUint32(otherAt + index)) return false;
  }
  for (; index < length; index++) {
    if (view.getUint8(at + index) !== other.getUint8(otherAt + index)) return false;
  }
  return true;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The decimal digits of a positive whole number. */
function digitCount(value: number): number {
  let digits = 1;
  while (value >= POWERS_OF_TEN[digits]! && digits < 16) digits++;
  return digits;
}

/**
 * A string's text from its bytes (no escape in them): what a parse of the whole list gives, bytes
 * that are no UTF-8 included (replaced alike: a string is bounded by ASCII quotes).
 */
function decodeText(bytes: Uint8Array, start: number, end: number): string {
  return TEXT_DECODER.decode(bytes.subarray(start, end));
}
// A byte order mark inside a text is a character of it, as in a parse of the whole list: not
// dropped as the start of a stream.
const TEXT_DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

/** An agent's texts as last seen: their bytes (in the interval's body) and the agent's index. */
interface KnownAgent {
  idStart: number;
  idEnd: number;
  name: Range;
  country: Range;
  location: Range;
  agent: number;
}

/** The agents kept for one hash of an id's bytes (see agentIndex). */
const MAX_AGENTS_PER_HASH = 8;

/** What the readers of a row's parts answer for a value they leave to readV7ResultRows. */
const NOT_HERE = -100;

/** A value's bytes, or none (start -1): the field was absent or null. */
interface Range {
  start: number;
  end: number;
}

/**
 * Reads the rows of a v7 results list (`start` at its `[`, `end` after its `]`) into `encoder`,
 * counting in `skipped` the rows left out, as readV7ResultRows counts them. Returns how many rows
 * were left to readV7ResultRows, or undefined when the list is not JSON (a parse of it would
 * throw); throws RowsRefused where readV7ResultRows would, and NotColumns where a row it read would
 * not come back from the columns as it is.
 */
export function readV7RowBytes(
  body: Uint8Array,
  start: number,
  end: number,
  encoder: RoundColumnsEncoder,
  path: string,
  skipped: SkippedRows,
): { rowsReadAsObjects: number } | undefined {
  const { codes } = encoder;
  // A plain Uint8Array (not a Buffer): every byte array compared here is then of one kind.
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const view = viewOf(bytes);
  let rowsReadAsObjects = 0;
  const kinds = new Uint8Array(FIELDS);
  const starts = new Int32Array(FIELDS);
  const ends = new Int32Array(FIELDS);
  const numbers = new Float64Array(FIELDS);
  const last = end - 1;

  // ---- Reading one row's values; -1: not a row this reader reads (readV7ResultRows does). ----

  /** After a string's opening quote: the index of its closing quote, or -1. */
  const stringEnd = (at: number): number => {
    for (; at < last; at++) {
      const byte = bytes[at]!;
      if (byte === QUOTE) return at;
      if (byte === BACKSLASH || byte < 0x20) return -1;
    }
    return -1;
  };

  let numberValue = 0;
  /** A JSON number at `at` without exponent, of at most MAX_DIGITS digits: its end, or -1. */
  const numberEnd = (at: number): number => {
    const negative = bytes[at] === MINUS;
    if (negative) at++;
    let byte = bytes[at]!;
    if (byte < ZERO || byte > NINE) return -1;
    let digits = 0;
    let whole = 0;
    if (byte === ZERO) {
      at++;
      digits = 1;
    } else {
      while (byte >= ZERO && byte <= NINE) {
        whole = whole * 10 + (byte - ZERO);
        digits++;
        byte = bytes[++at]!;
      }
    }
    let scale = 0;
    if (bytes[at] === DOT) {
      byte = bytes[++at]!;
      if (byte < ZERO || byte > NINE) return -1;
      while (byte >= ZERO && byte <= NINE) {
        whole = whole * 10 + (byte - ZERO);
        digits++;
        scale++;
        byte = bytes[++at]!;
      }
    }
    // A leading zero's next digit, or too many digits: not read here. (An exponent ends the
    // number here, and no `,` or `}` follows it: the row is not read here either.)
    byte = bytes[at]!;
    if (digits > MAX_DIGITS || (byte >= ZERO && byte <= NINE)) return -1;
    const value = scale === 0 ? whole : whole / POWERS_OF_TEN[scale]!;
    numberValue = negative ? -value : value;
    return at;
  };

  /** A literal's end (`null`, `true`, `false`), or -1. */
  const literalEnd = (at: number, literal: DataView): number =>
    at + literal.byteLength <= last && sameBytes(view, at, literal, 0, literal.byteLength)
      ? at + literal.byteLength
      : -1;

  /**
   * The bytes a text field's value most likely has (a string elsewhere in `bytes`, start -1 for
   * none), compared before its end is searched for: the last of its kind for the texts every
   * row repeats, the agent's own for its name, country and location (set when its id is read).
   */
  const expectStart = new Int32Array(FIELDS).fill(-1);
  const expectLength = new Int32Array(FIELDS);
  /** Whether the row's value of a text field was those bytes (1), as objectEnd found. */
  const asExpected = new Uint8Array(FIELDS);
  const expectAgentTexts = (idStart: number, idEnd: number) => {
    const known = knownAgents.get(keyHash(bytes, idStart, idEnd))?.[0];
    expectRange(AGENT_NAME, known?.name);
    expectRange(COUNTRY_ID, known?.country);
    expectRange(LOCATION, known?.location);
  };
  const expectRange = (field: number, range: Range | undefined) => {
    expectStart[field] = range === undefined ? -1 : range.start;
    expectLength[field] = range === undefined ? 0 : range.end - range.start;
  };

  /**
   * Each object's keys as the last row wrote them, by position: their bytes (in `bytes`) and
   * field. Rows as upstream writes them repeat their keys in one order, so a key is nearly always
   * the same bytes as the last row's at its place, compared without a search for its end.
   */
  const lastKeys = [0, 1, 2, 3].map(() => ({
    start: new Int32Array(MAX_KEYS_KEPT).fill(-1),
    length: new Int32Array(MAX_KEYS_KEPT),
    field: new Int32Array(MAX_KEYS_KEPT),
  }));

  /** An object at `at` (its `{`) with the keys of `table`: the index after its `}`, or -1. */
  const objectEnd = (at: number, table: KeyTable): number => {
    at++;
    if (bytes[at] === CLOSE_BRACE) return at + 1;
    const remembered = lastKeys[table.id]!;
    for (let position = 0; ; position++) {
      if (bytes[at] !== QUOTE) return -1;
      const keyStart = at + 1;
      let keyEnd: number;
      let field: number;
      const lastStart = position < MAX_KEYS_KEPT ? remembered.start[position]! : -1;
      const lastLength = lastStart < 0 ? -1 : remembered.length[position]!;
      if (
        lastStart >= 0 &&
        keyStart + lastLength < last &&
        bytes[keyStart + lastLength] === QUOTE &&
        sameBytes(view, keyStart, view, lastStart, lastLength)
      ) {
        keyEnd = keyStart + lastLength;
        field = remembered.field[position]!;
      } else {
        keyEnd = stringEnd(keyStart);
        if (keyEnd < 0) return -1;
        const known = table.byHash.get(keyHash(bytes, keyStart, keyEnd));
        field =
          known !== undefined &&
          known.view.byteLength === keyEnd - keyStart &&
          sameBytes(view, keyStart, known.view, 0, known.view.byteLength)
            ? known.field
            : -1;
        if (position < MAX_KEYS_KEPT) {
          remembered.start[position] = keyStart;
          remembered.length[position] = keyEnd - keyStart;
          remembered.field[position] = field;
        }
      }
      if (field >= 0 && kinds[field] !== ABSENT) return -1; // a key written twice
      at = keyEnd + 1;
      if (bytes[at] !== COLON) return -1;
      at++;
      const first = bytes[at];
      let kind: number;
      if (first === QUOTE) {
        let valueEnd = -1;
        const expected = field >= 0 ? expectStart[field]! : -1;
        if (expected >= 0) {
          const length = expectLength[field]!;
          const after = at + 1 + length;
          if (
            after < last &&
            bytes[after] === QUOTE &&
            sameBytes(view, at + 1, view, expected, length)
          ) {
            valueEnd = after;
          }
        }
        const matched = valueEnd >= 0;
        if (!matched) valueEnd = stringEnd(at + 1);
        if (valueEnd < 0) return -1;
        if (field === AGENT_ID) expectAgentTexts(at + 1, valueEnd);
        if (field >= 0) {
          starts[field] = at + 1;
          ends[field] = valueEnd;
          asExpected[field] = matched ? 1 : 0;
        }
        kind = TEXT;
        at = valueEnd + 1;
      } else if (first === OPEN_BRACE) {
        const inner = field >= 0 ? TABLE_OF[field] : undefined;
        if (inner === undefined) return -1;
        at = objectEnd(at, inner);
        if (at < 0) return -1;
        kind = OBJECT;
      } else if (first === 0x6e /* n */) {
        at = literalEnd(at, NULL_BYTES);
        if (at < 0) return -1;
        kind = NULL;
      } else if (first === 0x74 /* t */ || first === 0x66 /* f */) {
        // A boolean is read only where no field is (readOptionalText would make it text).
        if (field >= 0) return -1;
        at = literalEnd(at, first === 0x74 ? TRUE_BYTES : FALSE_BYTES);
        if (at < 0) return -1;
        kind = NULL;
      } else {
        at = numberEnd(at);
        if (at < 0) return -1;
        if (field >= 0) numbers[field] = numberValue;
        kind = NUMBER;
      }
      if (field >= 0) kinds[field] = kind;
      const next = bytes[at];
      if (next === CLOSE_BRACE) return at + 1;
      if (next !== COMMA) return -1;
      at++;
    }
  };

  // ---- What a row's values mean, checked as readV7ResultRow checks them. ----

  /** The index of each text field's text as it was last decoded (its bytes: expectStart). */
  const lastTextIndex = new Int32Array(FIELDS);
  /**
   * The index of a text field's text; when absent or null, of '' (`orEmpty`) or NO_TEXT; NOT_HERE:
   * not read here. The texts every row repeats are decoded only when their bytes change.
   */
  const textIndex = (field: number, orEmpty: boolean): number => {
    const kind = kinds[field];
    if (kind === ABSENT || kind === NULL) return orEmpty ? codes.text('') : NO_TEXT;
    if (kind !== TEXT) return NOT_HERE;
    if (asExpected[field] === 1) return lastTextIndex[field]!;
    const from = starts[field]!;
    const to = ends[field]!;
    lastTextIndex[field] = codes.text(decodeText(bytes, from, to));
    expectStart[field] = from;
    expectLength[field] = to - from;
    return lastTextIndex[field]!;
  };

  /** A measurement in [min, max], null when absent, null or ''; undefined: not read here. */
  const measurement = (field: number, max: number): number | null | undefined => {
    const kind = kinds[field];
    if (kind === NUMBER) {
      const value = numbers[field]!;
      return value >= 0 && value <= max ? value : undefined;
    }
    if (kind === ABSENT || kind === NULL) return null;
    if (kind === TEXT && starts[field] === ends[field]) return null;
    return undefined;
  };

  /** The agents of this interval by their id's bytes' hash. */
  const knownAgents = new Map<number, KnownAgent[]>();
  const rangeOf = (field: number): Range =>
    kinds[field] === TEXT ? { start: starts[field]!, end: ends[field]! } : { start: -1, end: -1 };
  const sameRange = (field: number, range: Range): boolean => {
    if (kinds[field] !== TEXT) return range.start < 0;
    const from = starts[field]!;
    const length = ends[field]! - from;
    return (
      range.start >= 0 &&
      range.end - range.start === length &&
      sameBytes(view, from, view, range.start, length)
    );
  };
  /** The row's agent (nested, with an id of the id pattern); NOT_HERE: not read here. */
  const agentIndex = (): number => {
    if (
      kinds[AGENT] !== OBJECT ||
      kinds[FLAT_AGENT_ID] !== ABSENT ||
      kinds[FLAT_AGENT_NAME] !== ABSENT ||
      kinds[FLAT_COUNTRY_ID] !== ABSENT ||
      kinds[AGENT_ID] !== TEXT
    ) {
      return NOT_HERE;
    }
    if (!isTextOrNone(kinds[AGENT_NAME]!) || !isTextOrNone(kinds[COUNTRY_ID]!)) return NOT_HERE;
    if (!isTextOrNone(kinds[LOCATION]!)) return NOT_HERE;
    const idStart = starts[AGENT_ID]!;
    const idEnd = ends[AGENT_ID]!;
    const hash = keyHash(bytes, idStart, idEnd);
    const sameId = knownAgents.get(hash);
    for (const known of sameId ?? []) {
      if (
        known.idEnd - known.idStart === idEnd - idStart &&
        sameBytes(view, idStart, view, known.idStart, idEnd - idStart) &&
        sameRange(AGENT_NAME, known.name) &&
        sameRange(COUNTRY_ID, known.country) &&
        sameRange(LOCATION, known.location)
      ) {
        return known.agent;
      }
    }
    // Ids whose bytes hash alike, or one id's texts in many spellings, are few in upstream's
    // rows; past a few, the rows are readV7ResultRows' (a scan of the bucket a row would make
    // hostile rows quadratic).
    if (sameId !== undefined && sameId.length >= MAX_AGENTS_PER_HASH) return NOT_HERE;
    // First seen (or with other texts): decoded, checked and added as readV7ResultRow reads it.
    if (idEnd === idStart) return NOT_HERE;
    for (let at = idStart; at < idEnd; at++) if (!isIdByte(bytes[at]!)) return NOT_HERE;
    const agentId = decodeText(bytes, idStart, idEnd);
    const name = optionalText(AGENT_NAME);
    const country = optionalText(COUNTRY_ID);
    const location = optionalText(LOCATION);
    const agent = codes.agent(
      agentId,
      name ?? agentId,
      country ?? '',
      location === undefined || location.trim() === '' ? undefined : location,
    );
    const known: KnownAgent = {
      idStart,
      idEnd,
      name: rangeOf(AGENT_NAME),
      country: rangeOf(COUNTRY_ID),
      location: rangeOf(LOCATION),
      agent,
    };
    if (sameId) sameId.push(known);
    else knownAgents.set(hash, [known]);
    return agent;
  };
  /** An optional text field (text, absent or null: see isTextOrNone) decoded. */
  const optionalText = (field: number): string | undefined =>
    kinds[field] === TEXT ? decodeText(bytes, starts[field]!, ends[field]!) : undefined;

  /** The hour of a date's first 13 bytes (`YYYY-MM-DDTHH`), as last parsed. */
  const lastHour = { start: -1, ms: 0 };
  /** The row's date in epoch ms, the round's start when absent or null; undefined: not read here. */
  const dateMs = (roundId: number): number | undefined => {
    const kind = kinds[DATE];
    if (kind === ABSENT || kind === NULL) return roundId * 1000;
    if (kind !== TEXT) return undefined;
    const at = starts[DATE]!;
    // `YYYY-MM-DDTHH:MM:SSZ` only; parseIsoUtc reads the other spellings.
    if (ends[DATE]! - at !== 20 || bytes[at + 19] !== 0x5a /* Z */) return undefined;
    if (bytes[at + 13] !== COLON || bytes[at + 16] !== COLON) return undefined;
    const minutes = twoDigits(bytes, at + 14);
    const seconds = twoDigits(bytes, at + 17);
    if (minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
    if (lastHour.start < 0 || !sameBytes(view, at, view, lastHour.start, 13)) {
      const ms = parseIsoUtc(`${decodeText(bytes, at, at + 13)}:00:00Z`);
      if (ms === undefined) return undefined;
      lastHour.start = at;
      lastHour.ms = ms;
    }
    return lastHour.ms + minutes * 60_000 + seconds * 1000;
  };

  /** The link pattern's parts as bytes, once the encoder has a pattern. */
  let pattern: { before: DataView; between: DataView; after: DataView; agentFirst: boolean };
  let patternOf: LinkPattern | null | undefined;
  /** The row's link code when it is absent, or the pattern's; NOT_HERE: not read here. */
  const linkCode = (agent: number, roundId: number): number => {
    if (kinds[LINKS] === ABSENT || kinds[LINKS] === NULL) return NO_TEXT;
    if (kinds[LINKS] !== OBJECT) return NOT_HERE;
    if (kinds[APP_LINK] === ABSENT || kinds[APP_LINK] === NULL) return NO_TEXT;
    if (kinds[APP_LINK] !== OBJECT) return NOT_HERE;
    if (kinds[HREF] === ABSENT || kinds[HREF] === NULL) return NO_TEXT;
    if (kinds[HREF] !== TEXT || roundId < 10 || codes.plainPatternLinks(agent) !== true)
      return NOT_HERE;
    const current = codes.linkPattern();
    if (!current) return NOT_HERE;
    if (current !== patternOf) {
      patternOf = current;
      const encoder = new TextEncoder();
      pattern = {
        before: viewOf(encoder.encode(current.before)),
        between: viewOf(encoder.encode(current.between)),
        after: viewOf(encoder.encode(current.after)),
        agentFirst: current.agentFirst,
      };
    }
    const { before, between, after, agentFirst } = pattern;
    const idStart = starts[AGENT_ID]!;
    const idLength = ends[AGENT_ID]! - idStart;
    const roundLength = digitCount(roundId);
    let at = starts[HREF]!;
    const linkEnd = ends[HREF]!;
    if (
      linkEnd - at !==
      before.byteLength + idLength + between.byteLength + roundLength + after.byteLength
    ) {
      return NOT_HERE;
    }
    if (!sameBytes(view, at, before, 0, before.byteLength)) return NOT_HERE;
    at += before.byteLength;
    // The agent's id and the round, in the pattern's order (no closure a row: they cost).
    const agentAt = agentFirst ? at : at + roundLength + between.byteLength;
    const roundAt = agentFirst ? at + idLength + between.byteLength : at;
    const betweenAt = at + (agentFirst ? idLength : roundLength);
    if (!sameBytes(view, agentAt, view, idStart, idLength)) return NOT_HERE;
    if (digitsValue(bytes, roundAt, roundLength) !== roundId) return NOT_HERE;
    if (!sameBytes(view, betweenAt, between, 0, between.byteLength)) return NOT_HERE;
    at = betweenAt + between.byteLength + (agentFirst ? roundLength : idLength);
    return sameBytes(view, at, after, 0, after.byteLength) ? PATTERN_LINK : NOT_HERE;
  };

  const row: RowCodes = {
    agent: 0,
    roundId: 0,
    dateOffsetMs: 0,
    dscp: 0,
    dscpName: 0,
    codecName: 0,
    errorDetail: 0,
    serverIp: 0,
    link: 0,
    mos: null,
    codecMaxMos: null,
    loss: null,
    discards: null,
    latency: null,
    pdv: null,
  };
  /** The row at `at` read and written: its end, or -1 when readV7ResultRows must read it. */
  const fastRow = (at: number): number => {
    kinds.fill(ABSENT);
    if (bytes[at] !== OPEN_BRACE) return -1;
    const rowEnd = objectEnd(at, ROW_TABLE);
    if (rowEnd < 0) return -1;
    if (kinds[ROUND_ID] === ABSENT || kinds[ROUND_ID] === NULL) {
      skipped.withoutRound += 1;
      return rowEnd;
    }
    const roundId = numbers[ROUND_ID]!;
    if (kinds[ROUND_ID] !== NUMBER || !Number.isSafeInteger(roundId) || roundId <= 0) return -1;
    const date = dateMs(roundId);
    // A date the columns cannot hold as a whole number of ms from its round: the encoder refuses it.
    if (date === undefined || !Number.isSafeInteger(date - roundId * 1000)) return -1;
    const agent = agentIndex();
    if (agent === NOT_HERE) return -1;
    // Before the texts: a row read by readV7ResultRows instead adds its texts in its own order.
    const link = linkCode(agent, roundId);
    if (link === NOT_HERE) return -1;
    // Each text in readRoundResult's order, and none after one not read here: that row's reader
    // adds its texts in its own order.
    const dscp = textIndex(DSCP, true);
    if (dscp === NOT_HERE) return -1;
    const dscpName = textIndex(DSCP_NAME, true);
    if (dscpName === NOT_HERE) return -1;
    const codecName = textIndex(CODEC_NAME, true);
    if (codecName === NOT_HERE) return -1;
    const errorDetail = textIndex(ERROR_DETAIL, true);
    if (errorDetail === NOT_HERE) return -1;
    const serverIp = textIndex(SERVER_IP, false);
    if (serverIp === NOT_HERE) return -1;
    const mos = measurement(MOS, 5);
    const codecMaxMos = measurement(CODEC_MAX_MOS, 5);
    const loss = measurement(LOSS, 100);
    const discards = measurement(DISCARDS, Number.MAX_VALUE);
    const latency = measurement(LATENCY, Number.MAX_VALUE);
    const pdv = measurement(PDV, Number.MAX_VALUE);
    if (
      mos === undefined ||
      codecMaxMos === undefined ||
      loss === undefined ||
      discards === undefined ||
      latency === undefined ||
      pdv === undefined
    ) {
      return -1;
    }
    row.agent = agent;
    row.roundId = roundId;
    row.dateOffsetMs = date - roundId * 1000;
    row.dscp = dscp;
    row.dscpName = dscpName;
    row.codecName = codecName;
    row.errorDetail = errorDetail;
    row.serverIp = serverIp;
    row.link = link;
    row.mos = mos;
    row.codecMaxMos = codecMaxMos;
    row.loss = loss;
    row.discards = discards;
    row.latency = latency;
    row.pdv = pdv;
    codes.push(row);
    return rowEnd;
  };

  /**
   * The row at `at` read by readV7ResultRows: its end, or -1 when it is no JSON. A row that reader
   * refuses throws, as it would in the whole list.
   */
  const readerRow = (at: number): number => {
    const itemEnd = endOfItem(bytes, at, last);
    if (itemEnd < 0) return -1;
    let item: unknown;
    try {
      item = JSON.parse(TEXT_DECODER.decode(bytes.subarray(at, itemEnd)));
    } catch {
      return -1;
    }
    rowsReadAsObjects++;
    for (const read of readV7ResultRows([item], path, skipped)) {
      if (!encoder.add(read)) throw new NotColumns();
    }
    return itemEnd;
  };

  if (bytes[start] !== OPEN_BRACKET || bytes[last] !== CLOSE_BRACKET) return undefined;
  let at = skipSpace(bytes, start + 1, last);
  if (at === last) return { rowsReadAsObjects };
  for (;;) {
    let rowEnd = fastRow(at);
    if (rowEnd < 0) rowEnd = readerRow(at);
    if (rowEnd < 0) return undefined;
    at = skipSpace(bytes, rowEnd, last);
    if (at === last) return { rowsReadAsObjects };
    if (bytes[at] !== COMMA) return undefined;
    at = skipSpace(bytes, at + 1, last);
    if (at === last) return undefined; // a comma before the list's end
  }
}

/** A row readV7ResultRows read that the columns would not give back as it is. */
export class NotColumns extends Error {
  override readonly name = 'NotColumns';
}

const NULL_BYTES = viewOf(new TextEncoder().encode('null'));
const TRUE_BYTES = viewOf(new TextEncoder().encode('true'));
const FALSE_BYTES = viewOf(new TextEncoder().encode('false'));

function isTextOrNone(kind: number): boolean {
  return kind === TEXT || kind === ABSENT || kind === NULL;
}

function isIdByte(byte: number): boolean {
  // [\w.:-]: letters, digits, _ . : -
  return (
    (byte >= 0x30 && byte <= 0x3a) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x5f ||
    byte === 0x2e ||
    byte === 0x2d
  );
}

function twoDigits(bytes: Uint8Array, at: number): number {
  const tens = bytes[at]! - ZERO;
  const ones = bytes[at + 1]! - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** The value of `length` decimal digits at `at`, or -1. */
function digitsValue(bytes: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let index = 0; index < length; index++) {
    const digit = bytes[at + index]! - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function skipSpace(bytes: Uint8Array, at: number, last: number): number {
  while (at < last) {
    const byte = bytes[at]!;
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) break;
    at++;
  }
  return at;
}

/**
 * Where the list's item at `at` ends: its first `,` or `]` outside any string and nested value,
 * or the list's end (`last`, its `]`); -1 when a string does not end.
 */
function endOfItem(bytes: Uint8Array, at: number, last: number): number {
  let depth = 0;
  let inString = false;
  for (; at < last; at++) {
    const byte = bytes[at]!;
    if (inString) {
      if (byte === BACKSLASH) at++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth === 0) return at;
      depth--;
    } else if (byte === COMMA && depth === 0) return at;
  }
  return inString ? -1 : last;
}
