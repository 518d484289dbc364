// A closed interval's rows read once here and written as round columns
// (common/result-rows/round-columns.ts), the form Earshot's browser asks for: about 12 times fewer
// bytes than upstream's rows, and no object per row to parse. v7 rows are read from their bytes
// (common/result-rows/v7-row-bytes.ts), which leaves every row it cannot read exactly as
// readV7ResultRows would to that reader, the browser's own; v6 rows are read by the browser's v6
// reader. Rows those readers refuse, or columns that would not give a row back exactly, leave the
// interval without columns, and the browser gets upstream's rows and says what was wrong with
// them, as before.
//
// Reading a 3-hour interval at 500 agents (~10 MB) takes about as long as the simulator takes to
// make it, so it runs on a thread of its own (closed-interval-columns-worker.ts): the thread that
// serves every request, and the embedded simulator with it, is not held up by it, and on a cold
// load it runs beside them. Should that thread fail to start or die, intervals are read on this
// thread instead.
import { Worker } from 'node:worker_threads';
import type { ApiVersion } from '../../common/earshot-config.ts';
import {
  createRoundColumnsEncoder,
  joinRoundColumns,
  writeRoundColumns,
  type RoundColumnsBody,
} from '../../common/result-rows/round-columns.ts';
import type { RoundResult, SkippedRows } from '../../common/result-rows/round-result.ts';
import { RowsRefused } from '../../common/result-rows/row-fields.ts';
import { noSkippedRows } from '../../common/result-rows/skipped-rows.ts';
import { readV6MetricRows } from '../../common/result-rows/v6.ts';
import { NotColumns, readV7RowBytes } from '../../common/result-rows/v7-row-bytes.ts';
import type { ColumnsDone } from './closed-interval-columns-worker.ts';
import { rowsSpan } from './closed-interval-join.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A body of round columns in writeRoundColumns' two parts: the header (texts) and the numbers; and
 * how its rows were read.
 */
export interface ColumnsParts {
  header: Uint8Array;
  numbers: Uint8Array;
  /** Rows written (rows left out are not counted). */
  rows: number;
  /** Of those, rows parsed as JSON and read as objects (every v6 row; a v7 row the byte reader
   * leaves to readV7ResultRows). */
  rowsParsed: number;
}

/** The text of rows parsed at a time: short enough to be an ordinary string (see below). */
const ROWS_CHUNK_BYTES = 64 * 1024;

/**
 * The joined body of an interval (upstream's shape, links rewritten, credentials scrubbed) as round
 * columns; undefined when its rows cannot be columns.
 *
 * v7: read from the bytes (readV7RowBytes), parsed a row at a time only where that reader leaves a
 * row to readV7ResultRows.
 *
 * v6: read a few hundred rows at a time, not parsed whole: a 10 MB text and the objects of 18,000 rows
 * all alive at once were most of this thread's time (new memory for the text, then garbage
 * collection of rows that outlived several collections). A chunk's rows die young. Every row is
 * still read by the same reader, in order, and the rows parsed from the chunks are the rows of the
 * whole list: the list is cut only at its own commas (outside strings, between rows).
 */
export function intervalColumns(
  joined: Buffer,
  apiVersion: ApiVersion,
  path: string,
  chunkBytes = ROWS_CHUNK_BYTES,
): ColumnsParts | undefined {
  const span = rowsSpan(joined, apiVersion);
  if (!span) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(
      `${joined.toString('utf8', 0, span.start)}[]${joined.toString('utf8', span.end)}`,
    );
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  // The envelope is the body itself, an empty list in place of its rows.
  if (apiVersion === 'v7') {
    // The list found is the list the body holds (an empty one in its place).
    if (!isEmptyList(body.results)) return undefined;
    const skipped = noSkippedRows();
    const encoder = createRoundColumnsEncoder();
    let read: { rowsReadAsObjects: number } | undefined;
    try {
      read = readV7RowBytes(joined, span.start, span.end, encoder, path, skipped);
    } catch (error) {
      if (error instanceof RowsRefused || error instanceof NotColumns) return undefined;
      throw error;
    }
    if (!read) return undefined;
    return partsOf(encoder.finish(body, skipped), read.rowsReadAsObjects);
  }
  const voice = body.voice;
  if (!isRecord(voice) || !isEmptyList(voice.metrics)) return undefined;
  const readRows = (items: readonly unknown[], skipped: SkippedRows): RoundResult[] =>
    readV6MetricRows(items, path, skipped);
  const encode = (chunks: Iterable<RowsChunk | undefined>): ColumnsParts | undefined => {
    const skipped = noSkippedRows();
    const encoder = createRoundColumnsEncoder();
    for (const chunk of chunks) {
      if (chunk === undefined) return undefined;
      const items = JSON.parse(chunk.text) as unknown;
      // Every chunk of a cut list holds a row: a list that begins or ends with a comma is not JSON.
      if (!Array.isArray(items) || (chunk.listCut && items.length === 0)) return undefined;
      for (const row of readRows(items, skipped)) if (!encoder.add(row)) return undefined;
    }
    const columns = encoder.finish(body, skipped);
    return partsOf(columns, columns.columns.count);
  };
  try {
    try {
      return encode(guessedRowChunks(joined, span.start, span.end, chunkBytes));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
    // A cut guessed inside a string or a nested value (or a list that is no JSON): cut exactly.
    return encode(rowChunks(joined, span.start, span.end, chunkBytes));
  } catch (error) {
    if (error instanceof RowsRefused || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function partsOf(body: RoundColumnsBody, rowsParsed: number): ColumnsParts {
  return { ...writeRoundColumns(body), rows: body.columns.count, rowsParsed };
}

/** A list of whole rows, as JSON text; `listCut`: the list was cut (then it must hold a row). */
interface RowsChunk {
  text: string;
  listCut: boolean;
}

/** Where one row ends and the next begins, in compact JSON as ThousandEyes writes it. */
const ROW_SEPARATOR = Buffer.from('},{');

/**
 * rowChunks' chunks, cut at the first `},{` at least `chunkBytes` after the last cut, found by a
 * native search instead of a pass over every byte (which was an eighth of this thread's work).
 * A guess, proved by the parse that follows: a chunk from the list's start (or from a cut already
 * proved) to a guessed comma parses as a list only if that comma is between rows, outside every
 * string and nested value (JSON is read left to right, so the chunk is read exactly as the same
 * bytes in the whole list); if it fell anywhere else, the chunk is cut inside a string or a value
 * and does not parse, and intervalColumns cuts exactly instead.
 */
export function guessedRowChunks(
  text: Buffer,
  start: number,
  end: number,
  chunkBytes: number,
): Generator<RowsChunk> {
  return chunksAt(text, start, end, guessedCuts(text, start, end, chunkBytes));
}

/** The commas of guessed row boundaries (`},{`), each at least `chunkBytes` after the last. */
function* guessedCuts(
  text: Buffer,
  start: number,
  end: number,
  chunkBytes: number,
): Generator<number> {
  for (let from = start + 1; ;) {
    const separator = text.indexOf(ROW_SEPARATOR, from + chunkBytes);
    if (separator < 0 || separator + 2 >= end - 1) return;
    yield separator + 1;
    from = separator + 2;
  }
}

/** The list from `start` (its `[`) to `end` (after its `]`), cut at `cuts`, as lists of rows. */
function* chunksAt(
  text: Buffer,
  start: number,
  end: number,
  cuts: Iterable<number>,
): Generator<RowsChunk> {
  let from = start + 1;
  for (const cut of cuts) {
    yield { text: `[${text.toString('utf8', from, cut)}]`, listCut: true };
    from = cut + 1;
  }
  yield { text: `[${text.toString('utf8', from, end - 1)}]`, listCut: from > start + 1 };
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

/**
 * The list from `start` (its `[`) to `end` (after its `]`) as lists of whole rows of about
 * `chunkBytes` each: cut at the commas between its items, outside any string and any nested value.
 * Yields undefined when a string does not end (the text is no list).
 */
export function* rowChunks(
  text: Buffer,
  start: number,
  end: number,
  chunkBytes: number,
): Generator<RowsChunk | undefined> {
  const cuts = cutsBetweenRows(
    new Uint8Array(text.buffer, text.byteOffset, text.length),
    start,
    end,
    chunkBytes,
  );
  if (cuts === undefined) {
    yield undefined;
    return;
  }
  yield* chunksAt(text, start, end, cuts);
}

/**
 * Where rowChunks cuts: a comma between items at least `chunkBytes` after the last cut; undefined
 * when a string does not end. One pass over the bytes, strings included, in a plain loop (a search
 * per string cost more in calls than it saved, rows being many short strings).
 */
function cutsBetweenRows(
  bytes: Uint8Array,
  start: number,
  end: number,
  chunkBytes: number,
): number[] | undefined {
  const cuts: number[] = [];
  const last = end - 1;
  let from = start + 1;
  let depth = 0;
  let inString = false;
  for (let i = from; i < last; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 0 && i - from >= chunkBytes) {
      cuts.push(i);
      from = i + 1;
    }
  }
  return inString ? undefined : cuts;
}

/**
 * The columns thread, shared by every proxy of the process: started with the server
 * (prepareColumnsThread), else on first use.
 */
let columnsThread:
  { worker: Worker; pending: Map<number, (done: ColumnsDone | undefined) => void> } | undefined;
let columnsThreadFailed = false;
let nextJob = 0;

function startColumnsThread(): NonNullable<typeof columnsThread> {
  const pending = new Map<number, (done: ColumnsDone | undefined) => void>();
  // The worker's module is TypeScript: the thread registers tsx, as the server itself runs, then
  // imports it (Node 20 does not pass `--import tsx` on to a worker's module loading).
  const entry = new URL('./closed-interval-columns-worker.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, execArgv: [] },
  );
  const fail = () => {
    columnsThreadFailed = true;
    columnsThread = undefined;
    for (const settle of pending.values()) settle(undefined);
    pending.clear();
  };
  worker.on('message', (done: ColumnsDone) => {
    pending.get(done.id)?.(done);
    pending.delete(done.id);
    if (pending.size === 0) worker.unref();
  });
  worker.on('error', fail);
  worker.on('exit', fail);
  // A process may end with it idle, not while it reads (see readIntervalColumns). After the
  // listeners: adding a 'message' listener refs it again.
  worker.unref();
  return { worker, pending };
}

/**
 * Starts the columns thread now, not on the first closed interval: starting it (a thread, its
 * module and its TypeScript loader) took about a second on a loaded machine, and the first
 * intervals of a cold load waited for it.
 */
export function prepareColumnsThread(): void {
  if (!columnsThreadFailed) columnsThread ??= startColumnsThread();
}

/** The columns thread's id while it runs (for the server's tests: started once). */
export function columnsThreadId(): number | undefined {
  return columnsThread?.worker.threadId;
}

/** Whether the columns thread runs (for the server's tests: a fallback must not hide a failure). */
export function columnsThreadStatus(): 'not started' | 'running' | 'failed' {
  if (columnsThreadFailed) return 'failed';
  return columnsThread ? 'running' : 'not started';
}

/**
 * The closed intervals this process has read into columns, and how their rows were read (for
 * /healthz): on upstream's real rows, `rowsParsed` close to `rows` says the byte reader reads
 * almost none of them itself, and the columns cost the server a JSON parse a row again.
 */
const columnsRead = { intervals: 0, rows: 0, rowsParsed: 0 };

export function columnsReadCounts(): { intervals: number; rows: number; rowsParsed: number } {
  return { ...columnsRead };
}

/**
 * Takes back what was counted since `before`: the start-up warm-up's made-up rows, read while the
 * server took no request (closed-interval-warm-up.ts), say nothing of how upstream's are read.
 */
export function uncountColumnsReadsSince(before: {
  intervals: number;
  rows: number;
  rowsParsed: number;
}): void {
  Object.assign(columnsRead, before);
}

/**
 * intervalColumns on the columns thread, scrubbed as written (the scrub holds the credentials,
 * which never leave this thread); on this thread when the columns thread is not there.
 */
export async function readIntervalColumns(
  joined: Buffer,
  apiVersion: ApiVersion,
  path: string,
  scrub: (bytes: Buffer) => Buffer,
): Promise<Buffer | undefined> {
  let done: ColumnsDone | undefined;
  if (!columnsThreadFailed) {
    const thread = (columnsThread ??= startColumnsThread());
    const id = nextJob++;
    done = await new Promise<ColumnsDone | undefined>((settle) => {
      thread.pending.set(id, settle);
      thread.worker.ref();
      // A joined body of several pages is in shared memory (closed-interval-join.ts): not copied.
      thread.worker.postMessage({ id, joined, apiVersion, path });
    });
  }
  const columns = done ? done.columns : intervalColumns(joined, apiVersion, path);
  if (!columns) return undefined;
  columnsRead.intervals += 1;
  columnsRead.rows += columns.rows;
  columnsRead.rowsParsed += columns.rowsParsed;
  // Only the header holds text; the numbers are numbers.
  const header = scrub(
    Buffer.from(columns.header.buffer, columns.header.byteOffset, columns.header.byteLength),
  );
  const bytes = joinRoundColumns(header, columns.numbers);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
