// The pages of one closed interval joined into one body, as text. Every page has already been
// parsed, checked and serialised by the proxy (upstream-answer.ts), so it is compact JSON Earshot
// wrote itself; parsing it again and serialising every row once more cost a cold week at 500
// agents most of the server's CPU (measured: bench/profile-datapath-server.ts). Here only the
// small envelope around the rows is parsed; each page's list of rows is found by scanning the text
// and the lists are concatenated as they are, as bytes.
import type { ApiVersion } from '../../common/earshot-config.ts';

const COMMA = Buffer.from(',');

interface Span {
  start: number;
  end: number;
}

/** Where a page keeps its rows: v7 `results`, v6 `voice.metrics`. */
function rowsPath(apiVersion: ApiVersion): readonly string[] {
  return apiVersion === 'v7' ? ['results'] : ['voice', 'metrics'];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Text = Buffer;

function skipSpace(text: Text, at: number): number {
  let i = at;
  for (;;) {
    const c = text[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** The index after the string that opens at `at` (a quote), or -1. */
function endOfString(text: Text, at: number): number {
  let i = at + 1;
  for (;;) {
    const quote = text.indexOf(0x22, i);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The index after the JSON value that starts at `at`, or -1 when the text ends first. */
function endOfValue(text: Text, at: number): number {
  const first = text[at];
  if (first === 0x22) return endOfString(text, at);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const c = text[i];
      if (c === 0x22) {
        i = endOfString(text, i);
        if (i < 0) return -1;
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  let i = at;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d) break;
    if (c === 0x09) break;
  }
  return i > at ? i : -1;
}

/** Where member `key`'s value starts in the object that opens at `at`, or -1. */
function memberStart(text: Text, at: number, key: string): number {
  if (text[at] !== 0x7b) return -1;
  let i = skipSpace(text, at + 1);
  if (text[i] === 0x7d) return -1;
  for (;;) {
    if (text[i] !== 0x22) return -1;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return -1;
    const name = JSON.parse(text.toString('utf8', i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== 0x3a) return -1;
    const start = skipSpace(text, i + 1);
    if (name === key) return start;
    const end = endOfValue(text, start);
    if (end < 0) return -1;
    i = skipSpace(text, end);
    if (text[i] !== 0x2c) return -1;
    i = skipSpace(text, i + 1);
  }
}

/**
 * Whether the text from `at` to its end closes `objects` objects and nothing else: the members
 * after a value (`,"key":value` …) and a `}` for each object that holds it, then only space.
 */
function closesObjects(text: Text, at: number, objects: number): boolean {
  let i = skipSpace(text, at);
  for (let closed = 0; closed < objects;) {
    if (text[i] === 0x7d) {
      closed++;
      i = skipSpace(text, i + 1);
      continue;
    }
    if (text[i] !== 0x2c) return false;
    i = skipSpace(text, i + 1);
    if (text[i] !== 0x22) return false;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return false;
    i = skipSpace(text, keyEnd);
    if (text[i] !== 0x3a) return false;
    const end = endOfValue(text, skipSpace(text, i + 1));
    if (end < 0) return false;
    i = skipSpace(text, end);
  }
  return i === text.length;
}

/**
 * The span of a page's list of rows, or undefined when the page has none (or it is no list).
 * Its start is found from the front, past the members before it (small); its end from the back,
 * so the rows themselves (megabytes) are never scanned: the last `]` after which the rest of the
 * text only closes the objects that hold the list. A `]` inside the rows (a nested list) or inside
 * a string cannot pass that test: after it, more is still open than those objects, or the rest
 * is no list of members.
 */
export function rowsSpan(text: Text, apiVersion: ApiVersion): Span | undefined {
  const path = rowsPath(apiVersion);
  let start = skipSpace(text, 0);
  for (const key of path) {
    start = memberStart(text, start, key);
    if (start < 0) return undefined;
  }
  if (text[start] !== 0x5b) return undefined;
  for (
    let close = text.lastIndexOf(0x5d);
    close > start;
    close = text.lastIndexOf(0x5d, close - 1)
  ) {
    if (closesObjects(text, close + 1, path.length)) return { start, end: close + 1 };
  }
  return undefined;
}

/**
 * A page without its rows (an empty list in their place), parsed: what the interval's test is, and
 * the envelope the joined body keeps. Undefined when the page has no list of rows or is not JSON.
 */
export function pageEnvelope(text: Text, apiVersion: ApiVersion): unknown {
  const span = rowsSpan(text, apiVersion);
  if (!span) return undefined;
  try {
    return JSON.parse(
      `${text.toString('utf8', 0, span.start)}[]${text.toString('utf8', span.end)}`,
    ) as unknown;
  } catch {
    return undefined;
  }
}

/** A page's rows list alone, `[` to `]` (a page of a walk read as columns only). */
export class RowsList {
  constructor(readonly text: Text) {}
  get length(): number {
    return this.text.length;
  }
}

/**
 * Pages of one interval joined into one body of the version's shape: the first page's envelope
 * with every page's rows, in order, and no next link (v7 `_links.next`, v6 `pages.next`). A page
 * after the first may be its rows list alone (RowsList). Undefined when a page has no list of
 * rows to join.
 */
export function joinPageTexts(
  pages: readonly (Text | RowsList)[],
  apiVersion: ApiVersion,
  allocate: (length: number) => Text = freshSharedBuffer,
): Text | undefined {
  const [firstText] = pages;
  if (firstText === undefined || firstText instanceof RowsList) return undefined;
  const envelope = pageEnvelope(firstText, apiVersion);
  if (!isRecord(envelope)) return undefined;
  const rowLists: Text[] = [];
  for (const page of pages) {
    const text = page instanceof RowsList ? page.text : page;
    const span = page instanceof RowsList ? listSpan(text) : rowsSpan(text, apiVersion);
    if (!span) return undefined;
    const innerStart = skipSpace(text, span.start + 1);
    if (innerStart === span.end - 1) continue;
    if (rowLists.length > 0) rowLists.push(COMMA);
    rowLists.push(text.subarray(innerStart, span.end - 1));
  }
  let shell: Record<string, unknown>;
  if (apiVersion === 'v7') {
    const links = isRecord(envelope._links) ? { ...envelope._links } : undefined;
    delete links?.next;
    shell = { ...envelope, results: [], ...(links ? { _links: links } : {}) };
  } else {
    if (!isRecord(envelope.voice)) return undefined;
    const pagesInfo = isRecord(envelope.pages) ? { ...envelope.pages } : {};
    delete pagesInfo.next;
    shell = { ...envelope, voice: { ...envelope.voice, metrics: [] }, pages: pagesInfo };
  }
  const shellText = Buffer.from(JSON.stringify(shell));
  const slot = rowsSpan(shellText, apiVersion);
  if (!slot) return undefined;
  return concatInto(
    [shellText.subarray(0, slot.start + 1), ...rowLists, shellText.subarray(slot.end - 1)],
    allocate,
  );
}

/** A rows list's span: the whole text, when it is one list (`[` to `]`). */
function listSpan(text: Text): { start: number; end: number } | undefined {
  return text.length >= 2 && text[0] === 0x5b && text[text.length - 1] === 0x5d
    ? { start: 0, end: text.length }
    : undefined;
}

/** A buffer in shared memory of its own (see SharedBufferPool for one used again). */
function freshSharedBuffer(length: number): Text {
  return Buffer.from(new SharedArrayBuffer(length));
}

/**
 * Buffer.concat into a buffer of `allocate`'s: shared memory, since the joined body goes to the
 * columns thread (closed-interval-columns.ts), and a SharedArrayBuffer is handed over as it is,
 * where any other buffer is copied for postMessage. Nothing writes to it once joined.
 */
function concatInto(parts: readonly Text[], allocate: (length: number) => Text): Text {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = allocate(length);
  if (joined.length !== length) throw new Error('joinPageTexts: allocate gave the wrong length');
  let at = 0;
  for (const part of parts) at += part.copy(joined, at);
  return joined;
}
