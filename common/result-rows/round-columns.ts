// A closed interval's rows as columns: what the Earshot server sends the browser instead of
// upstream's rows when the browser asks for it (`Accept: ROUND_COLUMNS_MEDIA_TYPE`) and the server
// has read the interval whole (server/proxy/closed-intervals.ts).
//
// Why: a week at 500 agents is ~540 MB of upstream JSON, every row naming its agent, its codec and
// a hundred-character permalink again, and receiving and parsing it was most of the browser's time
// (docs/performance.md). Read once by the server with the very readers the browser uses
// (./v7.ts, ./v6.ts), a row becomes a few numbers: each distinct text is written once, an agent
// is an index, a permalink that follows the interval's pattern (its round and agent put in one
// fixed text) is one code, and a measurement is a number in a column of numbers. The texts, the
// agents and the envelope travel as a small JSON header; the columns as little-endian binary
// (numbers as Int16, Int32 or Float64, indices as Int16 or Int32), which the browser reads in
// place: no JSON parse of a million numbers (writeRoundColumns, RoundColumnsBytes), no copy of a
// number column (NumberColumn), and no object of every field a row either: the browser's rows are
// views over the columns (ColumnsRow). About 12 times fewer bytes than upstream's rows before
// compression.
//
// The browser still treats the body as input it checks (decodeRoundColumns): every value goes
// through the same field readers as an upstream row, and every link through the same permalink
// rule, so a body that only looks like columns can say nothing an upstream row could not.
// Encoding is exact: encodeRoundColumns refuses (returns undefined) any row the decoder would not
// give back as it was, and the server then sends upstream's rows as they are.
//
// Over 300 lines on purpose: the format, its writer (the server's) and its reader (the browser's)
// stay in one file, so that what one side writes and the other reads cannot drift apart.
import {
  readId,
  MEASUREMENT_READERS,
  type MeasurementReader,
  readRoundId,
  refuseField,
  RowsRefused,
  type RowPlace,
} from './row-fields.ts';
import { ROUND_COLUMNS_FORMAT, RoundColumnsBytes } from './round-columns-bytes.ts';
import {
  isPlainPermalink,
  permalinkHref,
  unlinkedPermalinkText,
  type RoundResult,
  type SkippedRows,
} from './round-result.ts';

/** No text (an optional field left out; a row without a link). */
export const NO_TEXT = -1;
/** The link is the interval's pattern, with the row's round and agent in it. */
export const PATTERN_LINK = -2;

/** A link the round and agent are put into: before, first, between, second, after. */
export interface LinkPattern {
  before: string;
  between: string;
  after: string;
  /** The agent's id comes first, then the round; else the round first. */
  agentFirst: boolean;
}

export interface RoundColumns {
  count: number;
  /** Every distinct text, once. */
  texts: string[];
  /** Each distinct agent (id, name, country, location: indices into `texts`, location NO_TEXT). */
  agents: { id: number[]; name: number[]; country: number[]; location: number[] };
  linkPattern: LinkPattern | null;
  agent: Int32Array;
  roundId: Float64Array;
  /** The row's date minus the start of its round, in ms (0 when upstream sent no date). */
  dateOffsetMs: Float64Array;
  /** Indices into `texts`. */
  dscp: Int32Array;
  dscpName: Int32Array;
  codecName: Int32Array;
  errorDetail: Int32Array;
  serverIp: Int32Array;
  /** The link as sent: an index into `texts`, PATTERN_LINK, or NO_TEXT. */
  link: Int32Array;
  /** The measurements: NaN where absent (a value is always finite). */
  mos: Float64Array;
  codecMaxMos: Float64Array;
  loss: Float64Array;
  discards: Float64Array;
  latency: Float64Array;
  pdv: Float64Array;
}

export interface RoundColumnsBody {
  format: typeof ROUND_COLUMNS_FORMAT;
  /** The interval's body without its rows (an empty list in their place): test, range, links. */
  envelope: unknown;
  skippedRows: SkippedRows;
  columns: RoundColumns;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a body is columns (then decode it), not an upstream body. */
export function isRoundColumnsBody(body: unknown): body is RoundColumnsBytes {
  return body instanceof RoundColumnsBytes;
}

function finiteOrAbsent(value: number | undefined): boolean {
  return value === undefined || Number.isFinite(value);
}

/** The link a row was read from, as the decoder will read it again. */
function linkOf(row: RoundResult): string | undefined {
  return row.permalink ?? row.permalinkText;
}

/** The pattern of the first row whose link holds its round and its agent, or null. */
function findLinkPattern(rows: readonly RoundResult[]): LinkPattern | null {
  for (const row of rows) {
    const link = linkOf(row);
    if (link === undefined) continue;
    const round = String(row.roundId);
    const roundAt = link.indexOf(round);
    const agentAt = link.indexOf(row.agentId);
    if (roundAt < 0 || agentAt < 0) return null;
    const agentFirst = agentAt < roundAt;
    const [first, second] = agentFirst ? [row.agentId, round] : [round, row.agentId];
    const firstAt = Math.min(roundAt, agentAt);
    const secondAt = link.indexOf(second, firstAt + first.length);
    if (secondAt < 0) return null;
    return {
      before: link.slice(0, firstAt),
      between: link.slice(firstAt + first.length, secondAt),
      after: link.slice(secondAt + second.length),
      agentFirst,
    };
  }
  return null;
}

function fillPattern(pattern: LinkPattern, roundId: number, agentId: string): string {
  const round = String(roundId);
  return pattern.agentFirst
    ? pattern.before + agentId + pattern.between + round + pattern.after
    : pattern.before + round + pattern.between + agentId + pattern.after;
}

/**
 * permalinkHref for an interval's pattern links, asked once per agent: the rule reads the text
 * whole, but a round id, digits only, can neither complete `https://app.thousandeyes.com/` (it
 * holds no digit) nor leave its character set, nor make a dot segment (`/.`, `%2e`) unless it is
 * the single digit 2. So for one agent and pattern, every round of two digits or more gets the
 * same answer, and a plain link stays as joined, unflattened. `agent` is an index of the body's.
 */
function patternPermalinks(): {
  href: (agent: number, roundId: number, link: string) => string | undefined;
  plain: (agent: number) => boolean | undefined;
} {
  const plainByAgent: (boolean | undefined)[] = [];
  return {
    href: (agent, roundId, link) => {
      let plain = roundId >= 10 ? plainByAgent[agent] : false;
      if (plain === undefined) plain = plainByAgent[agent] = isPlainPermalink(link);
      return plain ? link : permalinkHref(link);
    },
    plain: (agent) => plainByAgent[agent],
  };
}

/**
 * Whether `link` is fillPattern's text for this round and agent, compared in place: building
 * the text to compare it cost the server a new string a row (a million a week at 500 agents).
 */
function followsPattern(link: string, pattern: LinkPattern, roundId: number, agentId: string) {
  const round = String(roundId);
  const [first, second] = pattern.agentFirst ? [agentId, round] : [round, agentId];
  const { before, between, after } = pattern;
  if (
    link.length !==
    before.length + first.length + between.length + second.length + after.length
  ) {
    return false;
  }
  let at = before.length;
  if (!link.startsWith(before) || !link.startsWith(first, at)) return false;
  at += first.length;
  if (!link.startsWith(between, at)) return false;
  at += between.length;
  return link.startsWith(second, at) && link.endsWith(after);
}

/** A row as its columns hold it: text and agent indices, the link's code, the measurements. */
export interface RowCodes {
  agent: number;
  roundId: number;
  /** The row's date minus the start of its round, in ms: a safe integer. */
  dateOffsetMs: number;
  dscp: number;
  dscpName: number;
  codecName: number;
  errorDetail: number;
  /** A text's index, or NO_TEXT. */
  serverIp: number;
  /** A text's index, PATTERN_LINK, or NO_TEXT. */
  link: number;
  mos: number | null;
  codecMaxMos: number | null;
  loss: number | null;
  discards: number | null;
  latency: number | null;
  pdv: number | null;
}

/**
 * What the encoder knows, for a reader that checks a row's values itself and hands over its codes
 * (the server's reader of v7 row bytes, v7-row-bytes.ts): the same texts, agents and link pattern
 * the rows added as objects use, so that either way a row is written the same.
 */
export interface RoundColumnsCodes {
  /** The index of a text, added when new. */
  text(text: string): number;
  /** The index of an agent with these texts (as a row's fields hold them), added when new. */
  agent(
    agentId: string,
    agentName: string,
    countryId: string,
    location: string | undefined,
  ): number;
  /** The pattern of the first row added with a link: undefined before it, null if it has none. */
  linkPattern(): LinkPattern | null | undefined;
  /**
   * Whether an agent's links that follow the pattern, for rounds of two digits or more, are
   * linked exactly as written (see patternPermalinks); undefined until a row of it was added.
   */
  plainPatternLinks(agent: number): boolean | undefined;
  /** Writes a row's codes (checked by the caller: every value as `add` would write it). */
  push(codes: Readonly<RowCodes>): void;
}

/** Rows made into columns one by one (see encodeRoundColumns): an interval read a part at a time. */
export interface RoundColumnsEncoder {
  /** Adds a row; false when it would not come back exactly (then send upstream's rows). */
  add(row: RoundResult): boolean;
  codes: RoundColumnsCodes;
  /** The body of every row added. */
  finish(envelope: unknown, skippedRows: SkippedRows): RoundColumnsBody;
}

export function createRoundColumnsEncoder(): RoundColumnsEncoder {
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const textOf = (text: string) => {
    let index = textIndex.get(text);
    if (index === undefined) {
      index = texts.length;
      texts.push(text);
      textIndex.set(text, index);
    }
    return index;
  };
  const optionalTextOf = (text: string | undefined) =>
    text === undefined ? NO_TEXT : textOf(text);
  const agents: RoundColumns['agents'] = { id: [], name: [], country: [], location: [] };
  /** Each agent id's agents (nearly always one; more when its name or place changed). */
  const agentsById = new Map<string, number[]>();
  const agentOf = (
    agentId: string,
    agentName: string,
    countryId: string,
    location: string | undefined,
  ): number => {
    const known = agentsById.get(agentId);
    for (const index of known ?? []) {
      if (
        texts[agents.name[index]!] === agentName &&
        texts[agents.country[index]!] === countryId &&
        readText(texts, agents.location[index]!) === location
      ) {
        return index;
      }
    }
    const index = agents.id.length;
    agents.id.push(textOf(agentId));
    agents.name.push(textOf(agentName));
    agents.country.push(textOf(countryId));
    agents.location.push(optionalTextOf(location));
    if (known) known.push(index);
    else agentsById.set(agentId, [index]);
    return index;
  };
  const patternPermalink = patternPermalinks();
  /** The pattern of the first row with a link (findLinkPattern); undefined until that row. */
  let linkPattern: LinkPattern | null | undefined;
  // Typed arrays, grown by doubling: a row is 15 numbers, none of them an object to collect.
  let capacity = 1024;
  let count = 0;
  const indices = () => new Int32Array(capacity);
  const values = () => new Float64Array(capacity);
  let rowColumns = {
    agent: indices(),
    roundId: values(),
    dateOffsetMs: values(),
    dscp: indices(),
    dscpName: indices(),
    codecName: indices(),
    errorDetail: indices(),
    serverIp: indices(),
    link: indices(),
    mos: values(),
    codecMaxMos: values(),
    loss: values(),
    discards: values(),
    latency: values(),
    pdv: values(),
  };
  type RowColumns = typeof rowColumns;
  const grown = <T extends Int32Array | Float64Array>(column: T): T => {
    const bigger = (column instanceof Int32Array ? indices() : values()) as T;
    bigger.set(column);
    return bigger;
  };
  const push = (codes: Readonly<RowCodes>): void => {
    if (count === capacity) {
      capacity *= 2;
      rowColumns = Object.fromEntries(
        Object.entries(rowColumns).map(([name, column]) => [name, grown(column)]),
      ) as RowColumns;
    }
    // Written out field by field: a loop over field names costs a keyed lookup a field a row.
    const columns = rowColumns;
    const row = count++;
    columns.agent[row] = codes.agent;
    columns.roundId[row] = codes.roundId;
    columns.dateOffsetMs[row] = codes.dateOffsetMs;
    columns.dscp[row] = codes.dscp;
    columns.dscpName[row] = codes.dscpName;
    columns.codecName[row] = codes.codecName;
    columns.errorDetail[row] = codes.errorDetail;
    columns.serverIp[row] = codes.serverIp;
    columns.link[row] = codes.link;
    columns.mos[row] = codes.mos ?? Number.NaN;
    columns.codecMaxMos[row] = codes.codecMaxMos ?? Number.NaN;
    columns.loss[row] = codes.loss ?? Number.NaN;
    columns.discards[row] = codes.discards ?? Number.NaN;
    columns.latency[row] = codes.latency ?? Number.NaN;
    columns.pdv[row] = codes.pdv ?? Number.NaN;
  };
  const add = (row: RoundResult): boolean => {
    const agent = agentOf(row.agentId, row.agentName, row.countryId, row.agentLocation);
    const dateOffsetMs = row.dateMs - row.roundId * 1000;
    if (!Number.isSafeInteger(dateOffsetMs)) return false;
    const link = linkOf(row);
    let linkCode = NO_TEXT;
    if (link !== undefined) {
      if (linkPattern === undefined) linkPattern = findLinkPattern([row]);
      const patterned =
        linkPattern !== null && followsPattern(link, linkPattern, row.roundId, row.agentId);
      // The decoder links what the permalink rule links, and shows the rest as text.
      const href = patterned
        ? patternPermalink.href(agent, row.roundId, link)
        : permalinkHref(link);
      if (href !== row.permalink || unlinkedPermalinkText(link, href) !== row.permalinkText) {
        return false;
      }
      linkCode = patterned ? PATTERN_LINK : textOf(link);
    } else if (row.permalink !== undefined || row.permalinkText !== undefined) {
      return false;
    }
    if (
      !finiteOrAbsent(row.mos) ||
      !finiteOrAbsent(row.codecMaxMos) ||
      !finiteOrAbsent(row.loss) ||
      !finiteOrAbsent(row.discards) ||
      !finiteOrAbsent(row.latency) ||
      !finiteOrAbsent(row.pdv)
    ) {
      return false;
    }
    push({
      agent,
      roundId: row.roundId,
      dateOffsetMs,
      dscp: textOf(row.dscp),
      dscpName: textOf(row.dscpName),
      codecName: textOf(row.codecName),
      errorDetail: textOf(row.errorDetail),
      serverIp: optionalTextOf(row.serverIp),
      link: linkCode,
      mos: row.mos ?? null,
      codecMaxMos: row.codecMaxMos ?? null,
      loss: row.loss ?? null,
      discards: row.discards ?? null,
      latency: row.latency ?? null,
      pdv: row.pdv ?? null,
    });
    return true;
  };
  const finish = (envelope: unknown, skippedRows: SkippedRows): RoundColumnsBody => {
    const rows = Object.fromEntries(
      Object.entries(rowColumns).map(([name, column]) => [name, column.subarray(0, count)]),
    ) as RowColumns;
    return {
      format: ROUND_COLUMNS_FORMAT,
      envelope,
      skippedRows,
      columns: { count, texts, agents, linkPattern: linkPattern ?? null, ...rows },
    };
  };
  const codes: RoundColumnsCodes = {
    text: textOf,
    agent: agentOf,
    linkPattern: () => linkPattern,
    plainPatternLinks: patternPermalink.plain,
    push,
  };
  return { add, codes, finish };
}

/**
 * The rows as columns, or undefined when a row would not come back exactly as it is (a link the
 * permalink rule would rewrite, a date that is not a whole number of ms, …): then send the rows
 * as upstream wrote them.
 */
export function encodeRoundColumns(
  rows: readonly RoundResult[],
  envelope: unknown,
  skippedRows: SkippedRows,
): RoundColumnsBody | undefined {
  const encoder = createRoundColumnsEncoder();
  for (const row of rows) if (!encoder.add(row)) return undefined;
  return encoder.finish(envelope, skippedRows);
}

// ---- The bytes: a JSON header, then the columns as binary. ----
//
//   0   "ERCOLS04" (8 bytes)
//   8   the header's length in bytes, Uint32 little-endian
//   12  the header: UTF-8 JSON { format, envelope, skippedRows, count, texts, agents, linkPattern,
//       numbers, indexBytes }
//   …   zero bytes to a multiple of 8
//   then `count` values for each of NUMBER_COLUMNS: first those `numbers` says are `f64` (Float64,
//   NaN where a measurement is absent), then those it says are `i32` (Int32, the value is
//   `base + raw / scale`, ABSENT where absent), then those it says are `i16` (Int16, the same
//   with ABSENT_16); then, from a multiple of `indexBytes`, `count` values for each of
//   INDEX_COLUMNS, as Int16 or Int32 (`indexBytes`). Padding is zero bytes.
//
// A number column is written as Int16, else Int32, when every value of it comes back exactly that
// way (a MOS of two decimals at scale 100, a round as its distance from the first round): the
// simulator's rows are 32 bytes instead of 92 as doubles (46 with Int32 alone), fewer bytes for
// the server to compress and for the browser to receive, which was a sixth of its main thread's
// time on a reload of a week.

const MAGIC = 'ERCOLS04';
const NUMBER_COLUMNS = [
  'roundId',
  'dateOffsetMs',
  'mos',
  'codecMaxMos',
  'loss',
  'discards',
  'latency',
  'pdv',
] as const;
const INDEX_COLUMNS = [
  'agent',
  'dscp',
  'dscpName',
  'codecName',
  'errorDetail',
  'serverIp',
  'link',
] as const;
/** An absent value in an Int32 column (no value is written as it). */
const ABSENT = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
/** An absent value in an Int16 number column. */
const ABSENT_16 = -32_768;
/** The scales an Int16 or Int32 number column may have: a value is `base + raw / scale`. */
const SCALES = [1, 10, 100, 1000] as const;
/** Index columns fit Int16 (NO_TEXT and PATTERN_LINK included) while the texts and agents do. */
const INT16_MAX = 32_767;

/** How a number column is written. */
type NumberForm = { type: 'f64' } | { type: 'i32' | 'i16'; scale: number; base: number };
/** The widths of number columns in the order they are laid out, with their element size. */
const NUMBER_WIDTHS = [
  { type: 'f64', bytes: 8 },
  { type: 'i32', bytes: 4 },
  { type: 'i16', bytes: 2 },
] as const;

/** Every platform Earshot runs on is little-endian; the form says so rather than assume it. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function columnsStart(headerBytes: number): number {
  return Math.ceil((12 + headerBytes) / 8) * 8;
}

/**
 * Int16 or Int32 at the first scale at which every value comes back exactly (`base + raw / scale`,
 * -0 included), Int16 when every raw value fits it; else Float64. A round id is written as its
 * distance from the column's first one.
 */
function numberForm(values: Float64Array, fromFirst: boolean): NumberForm {
  const first = values.find((value) => !Number.isNaN(value));
  const base = fromFirst && first !== undefined && Number.isSafeInteger(first) ? first : 0;
  for (const scale of SCALES) {
    let exact = true;
    let largest = 0;
    for (const value of values) {
      if (Number.isNaN(value)) continue;
      const raw = Math.round((value - base) * scale);
      if (!(Math.abs(raw) <= INT32_MAX) || !Object.is(base + raw / scale, value)) {
        exact = false;
        break;
      }
      largest = Math.max(largest, Math.abs(raw));
    }
    if (exact) return { type: largest <= INT16_MAX ? 'i16' : 'i32', scale, base };
  }
  return { type: 'f64' };
}

/**
 * Where each column of `count` rows starts, in bytes from the columns' start, as the writer and the
 * reader both lay them out: the Float64 number columns, then the Int32 ones, then the Int16 ones
 * (each in NUMBER_COLUMNS' order), then the index columns from a multiple of their size; and the
 * bytes of them all.
 */
function columnsLayout(
  numbers: readonly NumberForm[],
  indexBytes: number,
  count: number,
): { numberAt: number[]; numbersEnd: number; indexAt: number[]; bytes: number } {
  const numberAt: number[] = new Array<number>(numbers.length);
  let at = 0;
  for (const { type, bytes } of NUMBER_WIDTHS) {
    numbers.forEach((form, index) => {
      if (form.type !== type) return;
      numberAt[index] = at;
      at += count * bytes;
    });
  }
  const numbersEnd = at;
  at = Math.ceil(at / indexBytes) * indexBytes;
  const indexAt = INDEX_COLUMNS.map(() => {
    const start = at;
    at += count * indexBytes;
    return start;
  });
  return { numberAt, numbersEnd, indexAt, bytes: at };
}

/**
 * A body's two parts: its header (texts included, so the server scrubs it as text) and its
 * columns of numbers. joinRoundColumns puts them together.
 */
export function writeRoundColumns(body: RoundColumnsBody): {
  header: Uint8Array;
  numbers: Uint8Array;
} {
  if (!LITTLE_ENDIAN) throw new Error('round columns are written on little-endian machines only');
  const { columns } = body;
  const { count } = columns;
  const numberForms = NUMBER_COLUMNS.map((name) => numberForm(columns[name], name === 'roundId'));
  const indexBytes = Math.max(columns.texts.length, columns.agents.id.length) <= INT16_MAX ? 2 : 4;
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: body.format,
      envelope: body.envelope,
      skippedRows: body.skippedRows,
      count,
      texts: columns.texts,
      agents: columns.agents,
      linkPattern: columns.linkPattern,
      numbers: numberForms,
      indexBytes,
    }),
  );
  const layout = columnsLayout(numberForms, indexBytes, count);
  const numbers = new ArrayBuffer(layout.bytes);
  NUMBER_COLUMNS.forEach((name, index) => {
    const form = numberForms[index]!;
    const at = layout.numberAt[index]!;
    const values = columns[name];
    if (form.type === 'f64') {
      // NaN where absent, as the column holds it.
      new Float64Array(numbers, at, count).set(values);
    } else {
      const out =
        form.type === 'i32'
          ? new Int32Array(numbers, at, count)
          : new Int16Array(numbers, at, count);
      const absent = form.type === 'i32' ? ABSENT : ABSENT_16;
      for (let row = 0; row < count; row++) {
        const value = values[row]!;
        out[row] = Number.isNaN(value) ? absent : Math.round((value - form.base) * form.scale);
      }
    }
  });
  INDEX_COLUMNS.forEach((name, index) => {
    const at = layout.indexAt[index]!;
    const out =
      indexBytes === 2 ? new Int16Array(numbers, at, count) : new Int32Array(numbers, at, count);
    out.set(columns[name]);
  });
  return { header, numbers: new Uint8Array(numbers) };
}

/** The body's bytes, from writeRoundColumns' parts (the header scrubbed, on the server). */
export function joinRoundColumns(header: Uint8Array, numbers: Uint8Array): Uint8Array<ArrayBuffer> {
  const start = columnsStart(header.length);
  const bytes = new Uint8Array(start + numbers.length);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(8, header.length, true);
  bytes.set(header, 12);
  bytes.set(numbers, start);
  return bytes;
}

function readNumberForms(value: unknown, path: string): NumberForm[] {
  if (!Array.isArray(value) || value.length !== NUMBER_COLUMNS.length) {
    return refuseBody(path, `numbers is not a list of ${NUMBER_COLUMNS.length} forms`);
  }
  return value.map((form: unknown): NumberForm => {
    if (isRecord(form) && form.type === 'f64') return { type: 'f64' };
    if (
      isRecord(form) &&
      (form.type === 'i32' || form.type === 'i16') &&
      SCALES.some((scale) => scale === form.scale) &&
      typeof form.base === 'number' &&
      Number.isSafeInteger(form.base)
    ) {
      return { type: form.type, scale: form.scale as number, base: form.base };
    }
    return refuseBody(path, 'numbers holds a form that is not f64, i32 or i16 at a known scale');
  });
}

/**
 * A number column of a decoded body, read where it lies: a Float64 column's values as they are,
 * an Int32 or Int16 column's as `base + raw / scale` (the form's exact value), NaN where absent.
 * Scaled when read, not into a Float64 copy of every column when decoded: those copies were a
 * reload's largest fresh memory (48 MB for a week at 500 agents, ~0.35 s of the page's main thread
 * to touch on a 2-core machine) and stayed beside the bytes they came from.
 */
export class NumberColumn {
  readonly length: number;
  // One field a kind of array (the others empty), so that every read of each is of one type: a
  // field that held any of the three made every read of a value a polymorphic one.
  private readonly floats: Float64Array;
  private readonly ints32: Int32Array;
  private readonly ints16: Int16Array;
  private readonly kind: 0 | 32 | 16;

  private constructor(
    raw: Float64Array | Int32Array | Int16Array,
    private readonly base: number,
    private readonly scale: number,
  ) {
    this.length = raw.length;
    this.floats = raw instanceof Float64Array ? raw : NO_FLOATS;
    this.ints32 = raw instanceof Int32Array ? raw : NO_INTS_32;
    this.ints16 = raw instanceof Int16Array ? raw : NO_INTS_16;
    this.kind = raw instanceof Float64Array ? 0 : raw instanceof Int32Array ? 32 : 16;
  }

  static ofFloats(values: Float64Array): NumberColumn {
    return new NumberColumn(values, 0, 1);
  }

  static ofInts(values: Int32Array | Int16Array, base: number, scale: number): NumberColumn {
    return new NumberColumn(values, base, scale);
  }

  /** The row's value, NaN where absent. */
  valueAt(row: number): number {
    if (this.kind === 16) {
      const value = this.ints16[row]!;
      return value === ABSENT_16 ? Number.NaN : this.base + value / this.scale;
    }
    if (this.kind === 32) {
      const value = this.ints32[row]!;
      return value === ABSENT ? Number.NaN : this.base + value / this.scale;
    }
    return this.floats[row]!;
  }
}

const NO_FLOATS = new Float64Array(0);
const NO_INTS_32 = new Int32Array(0);
const NO_INTS_16 = new Int16Array(0);

/** The columns of a body's bytes, read in place where they are aligned, else from a copy. */
function readColumnsBytes(
  bytes: Uint8Array,
  path: string,
): {
  header: Record<string, unknown>;
  numbers: NumberColumn[];
  ints: (Int16Array | Int32Array)[];
  count: number;
} {
  if (!LITTLE_ENDIAN) return refuseBody(path, 'this machine is not little-endian');
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    return refuseBody(path, `the body is not ${ROUND_COLUMNS_FORMAT}`);
  }
  const headerBytes = new DataView(bytes.buffer, bytes.byteOffset, 12).getUint32(8, true);
  if (12 + headerBytes > bytes.length) return refuseBody(path, 'the header is cut short');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerBytes)));
  } catch {
    return refuseBody(path, 'the header is not JSON');
  }
  if (!isRecord(header) || header.format !== ROUND_COLUMNS_FORMAT) {
    return refuseBody(path, `the header is not ${ROUND_COLUMNS_FORMAT}`);
  }
  const count = header.count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    return refuseBody(path, 'count is not a number of rows');
  }
  const numberForms = readNumberForms(header.numbers, path);
  const indexBytes = header.indexBytes;
  if (indexBytes !== 2 && indexBytes !== 4) return refuseBody(path, 'indexBytes is not 2 or 4');
  const start = columnsStart(headerBytes);
  const layout = columnsLayout(numberForms, indexBytes, count);
  if (bytes.length !== start + layout.bytes) {
    return refuseBody(path, `the columns are not ${count} rows long`);
  }
  // Every byte is accounted for: the padding after the header, and before the index columns, is
  // zeros.
  for (let at = 12 + headerBytes; at < start; at++) {
    if (bytes[at] !== 0) return refuseBody(path, 'the padding after the header is not zeros');
  }
  for (let at = start + layout.numbersEnd; at < start + layout.indexAt[0]!; at++) {
    if (bytes[at] !== 0) return refuseBody(path, 'the padding before the indices is not zeros');
  }
  const aligned = (bytes.byteOffset + start) % 8 === 0 ? bytes : new Uint8Array(bytes.subarray(0));
  const columnsAt = aligned.byteOffset + start;
  const numbers = numberForms.map((form, index) => {
    const at = columnsAt + layout.numberAt[index]!;
    if (form.type === 'f64')
      return NumberColumn.ofFloats(new Float64Array(aligned.buffer, at, count));
    return form.type === 'i32'
      ? NumberColumn.ofInts(new Int32Array(aligned.buffer, at, count), form.base, form.scale)
      : NumberColumn.ofInts(new Int16Array(aligned.buffer, at, count), form.base, form.scale);
  });
  const ints = layout.indexAt.map((at) =>
    indexBytes === 2
      ? new Int16Array(aligned.buffer, columnsAt + at, count)
      : new Int32Array(aligned.buffer, columnsAt + at, count),
  );
  return { header, numbers, ints, count };
}

// ---- Decoding: the browser's side, a boundary like any other. ----

function refuseBody(path: string, detail: string): never {
  throw new RowsRefused(path, `the Earshot server's columns: ${detail}`);
}

function readList(columns: Record<string, unknown>, name: string, count: number, path: string) {
  const list = columns[name];
  if (!Array.isArray(list) || list.length !== count) {
    return refuseBody(path, `${name} is not a list of ${count}`);
  }
  return list as unknown[];
}

/** An index into a list of `size`, or NO_TEXT where `optional`. */
function readIndex(
  value: unknown,
  size: number,
  optional: boolean,
  place: RowPlace,
  field: string,
) {
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value < size &&
    (value >= 0 || (optional && value === NO_TEXT))
  ) {
    return value;
  }
  return refuseField(place, field, `an index below ${size}`, value);
}

function readText(texts: readonly string[], index: number): string | undefined {
  return index === NO_TEXT ? undefined : texts[index];
}

function readLinkPattern(value: unknown, path: string): LinkPattern | null {
  if (value === null) return null;
  if (
    isRecord(value) &&
    typeof value.before === 'string' &&
    typeof value.between === 'string' &&
    typeof value.after === 'string' &&
    typeof value.agentFirst === 'boolean'
  ) {
    return {
      before: value.before,
      between: value.between,
      after: value.after,
      agentFirst: value.agentFirst,
    };
  }
  return refuseBody(path, 'linkPattern is not a pattern');
}

/**
 * A decoded interval's columns, every value checked, as its row views read them: numbers as
 * NumberColumns (a double a row, NaN where absent); indices into `texts` (NO_TEXT where absent,
 * PATTERN_LINK for a link of the pattern) and `agents`. Read directly only where a million rows
 * are read at once (the matrix, agentPlaces, and fetchResultsRange's check that an interval's rows
 * need no join); everything else reads rows.
 */
export interface DecodedColumns {
  texts: readonly string[];
  agents: readonly {
    agentId: string;
    agentName: string;
    countryId: string;
    location: string | undefined;
  }[];
  linkPattern: LinkPattern | null;
  agent: Int16Array | Int32Array;
  roundId: NumberColumn;
  dateOffsetMs: NumberColumn;
  mos: NumberColumn;
  codecMaxMos: NumberColumn;
  loss: NumberColumn;
  discards: NumberColumn;
  latency: NumberColumn;
  pdv: NumberColumn;
  dscp: Int16Array | Int32Array;
  dscpName: Int16Array | Int32Array;
  codecName: Int16Array | Int32Array;
  errorDetail: Int16Array | Int32Array;
  serverIp: Int16Array | Int32Array;
  link: Int16Array | Int32Array;
}

function measurement(value: number): number | undefined {
  return Number.isNaN(value) ? undefined : value;
}

/**
 * A row of a closed interval, read from its columns when a field is read: an interval's rows are
 * kept as their columns, with no object of every field, boxed number and permalink text a row (a
 * week at 500 agents is a million rows: those were most of a reload's decoding and garbage). Every
 * value was checked when the body was decoded; a field gives what a row read from upstream holds
 * (the permalink through the same rule, made only when it is read: the drill-down, the export).
 */
export class ColumnsRow implements RoundResult {
  constructor(
    /** The interval's columns, and the row's place in them. */
    readonly columns: DecodedColumns,
    readonly index: number,
  ) {}
  private get agent() {
    return this.columns.agents[this.columns.agent[this.index]!]!;
  }
  get agentId(): string {
    return this.agent.agentId;
  }
  get agentName(): string {
    return this.agent.agentName;
  }
  get countryId(): string {
    return this.agent.countryId;
  }
  get agentLocation(): string | undefined {
    return this.agent.location;
  }
  get roundId(): number {
    return this.columns.roundId.valueAt(this.index);
  }
  get dateMs(): number {
    const { roundId, dateOffsetMs } = this.columns;
    return roundId.valueAt(this.index) * 1000 + dateOffsetMs.valueAt(this.index);
  }
  /** The link as sent: the pattern filled with the row's round and agent, or a text. */
  private get link(): string | undefined {
    const code = this.columns.link[this.index]!;
    const { linkPattern } = this.columns;
    if (code === PATTERN_LINK && linkPattern) {
      return fillPattern(linkPattern, this.roundId, this.agentId);
    }
    return readText(this.columns.texts, code);
  }
  get permalink(): string | undefined {
    return permalinkHref(this.link);
  }
  get permalinkText(): string | undefined {
    const link = this.link;
    return unlinkedPermalinkText(link, permalinkHref(link));
  }
  get dscp(): string {
    return this.columns.texts[this.columns.dscp[this.index]!]!;
  }
  get dscpName(): string {
    return this.columns.texts[this.columns.dscpName[this.index]!]!;
  }
  get codecName(): string {
    return this.columns.texts[this.columns.codecName[this.index]!]!;
  }
  get errorDetail(): string {
    return this.columns.texts[this.columns.errorDetail[this.index]!]!;
  }
  get serverIp(): string | undefined {
    return readText(this.columns.texts, this.columns.serverIp[this.index]!);
  }
  get mos(): number | undefined {
    return measurement(this.columns.mos.valueAt(this.index));
  }
  get codecMaxMos(): number | undefined {
    return measurement(this.columns.codecMaxMos.valueAt(this.index));
  }
  get loss(): number | undefined {
    return measurement(this.columns.loss.valueAt(this.index));
  }
  get discards(): number | undefined {
    return measurement(this.columns.discards.valueAt(this.index));
  }
  get latency(): number | undefined {
    return measurement(this.columns.latency.valueAt(this.index));
  }
  get pdv(): number | undefined {
    return measurement(this.columns.pdv.valueAt(this.index));
  }
}

/** Every value of an index column below `size` (or NO_TEXT, or PATTERN_LINK, where allowed). */
function checkIndexColumn(
  column: Int16Array | Int32Array,
  size: number,
  allowed: { absent: boolean; pattern: boolean },
  at: RowPlace,
  field: string,
): void {
  for (let index = 0; index < column.length; index++) {
    const value = column[index]!;
    if (value >= 0 && value < size) continue;
    if (allowed.absent && value === NO_TEXT) continue;
    if (allowed.pattern && value === PATTERN_LINK) continue;
    at.index = index;
    readIndex(value, size, allowed.absent, at, field);
  }
}

/**
 * Every value of a number column checked as its field's reader would read it; NaN is the form's
 * "absent". A value within the reader's bounds is taken without a call (six columns of a million
 * rows each, at a week of 500 agents: a call with each value boxed was most of the decoding's
 * garbage); any other is read, and the reader refuses it with its own message.
 */
function checkMeasurements(
  column: NumberColumn,
  { read, min, max }: MeasurementReader,
  at: RowPlace,
  field: string,
): void {
  for (let index = 0; index < column.length; index++) {
    const value = column.valueAt(index);
    if ((value >= min && value <= max) || Number.isNaN(value)) continue;
    at.index = index;
    read(value, at, field);
  }
}

// decodeRoundColumns calls a function of its own for each loop over the rows or agents, and holds
// none itself (see docs/architecture.md on hot loops): a loop inside it made Chromium compile the
// whole function, every check inlined, again for each loop and each kind of column (~130 ms each
// time).

/** The body's agents, each field read and checked as an upstream row's agent. */
function readAgents(
  lists: Record<'id' | 'name' | 'country' | 'location', readonly unknown[]>,
  agentCount: number,
  texts: readonly string[],
  place: RowPlace,
): DecodedColumns['agents'][number][] {
  const agents: DecodedColumns['agents'][number][] = [];
  for (let index = 0; index < agentCount; index++) {
    place.index = index;
    const text = (field: 'id' | 'name' | 'country', optional = false) =>
      readText(texts, readIndex(lists[field][index], texts.length, optional, place, field));
    agents.push({
      agentId: readId(text('id'), place, 'id'),
      agentName: text('name') as string,
      countryId: text('country') as string,
      location: readText(
        texts,
        readIndex(lists.location[index], texts.length, true, place, 'location'),
      ),
    });
  }
  return agents;
}

/** Every round id a positive whole number of seconds, as readRoundId takes them. */
function checkRoundIds(roundId: NumberColumn, count: number, at: RowPlace): void {
  for (let index = 0; index < count; index++) {
    const value = roundId.valueAt(index);
    if (Number.isSafeInteger(value) && value > 0) continue;
    at.index = index;
    readRoundId(value, at, 'roundId');
  }
}

/** Every date a whole number of ms from its round's start. */
function checkDateOffsets(dateOffsetMs: NumberColumn, count: number, at: RowPlace): void {
  for (let index = 0; index < count; index++) {
    const value = dateOffsetMs.valueAt(index);
    if (Number.isSafeInteger(value)) continue;
    at.index = index;
    refuseField(at, 'dateOffsetMs', 'a whole number of ms', value);
  }
}

/** The rows of checked columns, each a view over them. */
function rowsOfColumns(columns: DecodedColumns, count: number): RoundResult[] {
  const rows: RoundResult[] = new Array<RoundResult>(count);
  for (let index = 0; index < count; index++) rows[index] = new ColumnsRow(columns, index);
  return rows;
}

/**
 * The envelope and the rows of a columns body, every value checked as an upstream row's would be
 * (a column at a time: the first bad value of the first column that holds one is named). Throws
 * RowsRefused. The rows are views over the checked columns (ColumnsRow).
 */
export function decodeRoundColumns(
  body: unknown,
  path: string,
): { envelope: unknown; rows: RoundResult[]; skippedRows: SkippedRows } {
  if (!isRoundColumnsBody(body)) return refuseBody(path, `the body is not ${ROUND_COLUMNS_FORMAT}`);
  const { header, numbers, ints, count } = readColumnsBytes(body.bytes, path);
  const skippedRows = header.skippedRows;
  const texts = header.texts;
  if (!Array.isArray(texts) || !texts.every((text) => typeof text === 'string')) {
    return refuseBody(path, 'texts is not a list of texts');
  }
  const agentsIn = header.agents;
  if (!isRecord(agentsIn)) return refuseBody(path, 'no agents');
  const agentCount = Array.isArray(agentsIn.id) ? agentsIn.id.length : 0;
  const place: RowPlace = { path, list: 'agents', index: 0 };
  const agentLists = {
    id: readList(agentsIn, 'id', agentCount, path),
    name: readList(agentsIn, 'name', agentCount, path),
    country: readList(agentsIn, 'country', agentCount, path),
    location: readList(agentsIn, 'location', agentCount, path),
  };
  const agents = readAgents(agentLists, agentCount, texts, place);
  const linkPattern = readLinkPattern(header.linkPattern, path);
  if (
    !isRecord(skippedRows) ||
    typeof skippedRows.withoutAgent !== 'number' ||
    typeof skippedRows.withoutRound !== 'number'
  ) {
    return refuseBody(path, 'skippedRows is not a count of rows');
  }

  const [roundId, dateOffsetMs, mos, codecMaxMos, loss, discards, latency, pdv] = numbers as [
    NumberColumn,
    NumberColumn,
    NumberColumn,
    NumberColumn,
    NumberColumn,
    NumberColumn,
    NumberColumn,
    NumberColumn,
  ];
  const [agent, dscp, dscpName, codecName, errorDetail, serverIp, link] = ints as [
    Int16Array | Int32Array,
    Int16Array | Int32Array,
    Int16Array | Int32Array,
    Int16Array | Int32Array,
    Int16Array | Int32Array,
    Int16Array | Int32Array,
    Int16Array | Int32Array,
  ];
  const at: RowPlace = { path, list: 'columns', index: 0 };
  const size = texts.length;
  const required = { absent: false, pattern: false };
  checkIndexColumn(agent, agents.length, required, at, 'agent');
  checkRoundIds(roundId, count, at);
  checkDateOffsets(dateOffsetMs, count, at);
  checkIndexColumn(link, size, { absent: true, pattern: linkPattern !== null }, at, 'link');
  checkIndexColumn(dscp, size, required, at, 'dscp');
  checkIndexColumn(dscpName, size, required, at, 'dscpName');
  checkMeasurements(mos, MEASUREMENT_READERS.mos, at, 'mos');
  checkIndexColumn(codecName, size, required, at, 'codecName');
  checkMeasurements(codecMaxMos, MEASUREMENT_READERS.mos, at, 'codecMaxMos');
  checkMeasurements(loss, MEASUREMENT_READERS.percent, at, 'loss');
  checkMeasurements(discards, MEASUREMENT_READERS.nonNegative, at, 'discards');
  checkMeasurements(latency, MEASUREMENT_READERS.nonNegative, at, 'latency');
  checkMeasurements(pdv, MEASUREMENT_READERS.nonNegative, at, 'pdv');
  checkIndexColumn(errorDetail, size, required, at, 'errorDetail');
  checkIndexColumn(serverIp, size, { absent: true, pattern: false }, at, 'serverIp');

  const columns: DecodedColumns = {
    texts,
    agents,
    linkPattern,
    agent,
    roundId,
    dateOffsetMs,
    mos,
    codecMaxMos,
    loss,
    discards,
    latency,
    pdv,
    dscp,
    dscpName,
    codecName,
    errorDetail,
    serverIp,
    link,
  };
  const rows = rowsOfColumns(columns, count);
  return {
    envelope: header.envelope,
    rows,
    skippedRows: { withoutAgent: skippedRows.withoutAgent, withoutRound: skippedRows.withoutRound },
  };
}
