// The rows of a results page checked as bytes, for the pages a closed-interval walk follows: they
// are joined as bytes anyway (closed-interval-join.ts), so parsing every row into objects and
// writing it out again (~4 times the cost of reading the bytes once) bought nothing but the checks
// below. One pass over the rows proves what the proxy's full parse would: that they are one JSON
// array (so the page is JSON when its envelope is), nested no deeper than any body may be, holding
// no API link (v7: every `_links` object holds only `appLink`, the permalink into the web app, which
// the proxy leaves as it is; v6: no `apiLinks`), and no escape sequence (`\"`, `\u0041`, …), so every
// string is its own bytes and the credential scrub finds in the bytes whatever it would find in the
// parsed text. Rows that fail any of these are not refused here: the page goes the proxy's full
// way (upstream-answer.ts), which refuses or rewrites what it must.
import type { ApiVersion } from '../../common/earshot-config.ts';
import { rowsSpan } from './closed-interval-join.ts';
import { MAX_BODY_DEPTH } from './links.ts';

export interface RowsAsBytes {
  /** The page with an empty list in place of its rows, parsed: the part the proxy rewrites. */
  envelope: unknown;
  /** The rows list, `[` to `]`, as upstream sent it. */
  rows: Buffer;
}

/**
 * What a walked page's rows are for. `sent`: they may reach a client as upstream's shape, so they
 * are checked. `columns-only`: they are only read into round columns on the columns thread
 * (closed-interval-columns.ts), whose readers take nothing but the fields they know; the checks
 * cost the serving thread ~1.3 s of a cold week at 500 agents. Such rows are checked only when
 * they hold a backslash: rows with no escape sequence are their own text, so the credential scrub
 * of their bytes finds whatever it would find in any text read from them (a link cut around its
 * round and agent into a pattern included), while an escaped credential would pass the bytes
 * unseen. Rows not checked must never be sent as they are (closed-intervals.ts walks again,
 * checked, when upstream's shape is needed).
 */
export type WalkedRows = 'sent' | 'columns-only';

const BACKSLASH = 0x5c;

/** The page split into its parsed envelope and its rows, or undefined: parse it whole. */
export function rowsAsBytes(
  page: Buffer,
  apiVersion: ApiVersion,
  rows: WalkedRows = 'sent',
): RowsAsBytes | undefined {
  const span = rowsSpan(page, apiVersion);
  if (!span) return undefined;
  const rowsDepth = apiVersion === 'v7' ? 1 : 2;
  const checked = rows === 'sent' || page.subarray(span.start, span.end).includes(BACKSLASH);
  if (checked && !checkRows(page, span.start, span.end, apiVersion, MAX_BODY_DEPTH - rowsDepth)) {
    return undefined;
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(
      `${page.toString('utf8', 0, span.start)}[]${page.toString('utf8', span.end)}`,
    ) as unknown;
  } catch {
    return undefined;
  }
  return { envelope, rows: page.subarray(span.start, span.end) };
}

/** What the scan expects next. */
const Expect = { Value: 0, ValueOrClose: 1, Key: 2, KeyOrClose: 3, AfterValue: 4 } as const;

const OBJECT = 0;
const ARRAY = 1;
/** An object that is the value of a `_links` member: it may hold `appLink` only. */
const LINKS_OBJECT = 2;

const LINKS_KEY = Buffer.from('_links');
const APP_LINK_KEY = Buffer.from('appLink');
const V6_LINKS_KEY = Buffer.from('apiLinks');

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function bytesEqual(text: Buffer, start: number, end: number, word: Buffer): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (text[start + k] !== word[k]) return false;
  return true;
}

/**
 * Whether `text[start, end)` is exactly one JSON array as described above.
 * A strict JSON grammar (RFC 8259) with an explicit stack, so hostile nesting cannot exhaust ours.
 */
export function checkRows(
  text: Buffer,
  start: number,
  end: number,
  apiVersion: ApiVersion,
  maxDepth: number,
): boolean {
  const stack: number[] = [];
  let expect: number = Expect.Value;
  let linksValue = false;
  let i = start;
  if (text[i] !== 0x5b) return false;
  while (i < end) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    switch (expect) {
      case Expect.ValueOrClose:
      case Expect.KeyOrClose: {
        const close = expect === Expect.ValueOrClose ? 0x5d : 0x7d;
        if (c === close) {
          stack.pop();
          i++;
          expect = Expect.AfterValue;
          continue;
        }
        expect = expect === Expect.ValueOrClose ? Expect.Value : Expect.Key;
        continue;
      }
      case Expect.Key: {
        if (c !== 0x22) return false;
        const keyEnd = stringEnd(text, i, end);
        if (keyEnd < 0) return false;
        const keyStart = i + 1;
        const keyClose = keyEnd - 1;
        if (stack.at(-1) === LINKS_OBJECT && !bytesEqual(text, keyStart, keyClose, APP_LINK_KEY)) {
          return false;
        }
        if (apiVersion === 'v7') linksValue = bytesEqual(text, keyStart, keyClose, LINKS_KEY);
        else if (bytesEqual(text, keyStart, keyClose, V6_LINKS_KEY)) return false;
        i = keyEnd;
        while (isSpace(text[i])) i++;
        if (text[i] !== 0x3a) return false;
        i++;
        expect = Expect.Value;
        continue;
      }
      case Expect.AfterValue: {
        const top = stack.at(-1);
        if (top === undefined) return false; // something after the array
        if (c === 0x2c) {
          expect = top === ARRAY ? Expect.Value : Expect.Key;
        } else if (c === 0x5d && top === ARRAY) {
          stack.pop();
        } else if (c === 0x7d && top !== ARRAY) {
          stack.pop();
        } else {
          return false;
        }
        i++;
        continue;
      }
      case Expect.Value: {
        if (linksValue && c !== 0x7b) return false; // a `_links` that is no object
        if (c === 0x7b || c === 0x5b) {
          if (stack.length >= maxDepth) return false;
          stack.push(c === 0x5b ? ARRAY : linksValue ? LINKS_OBJECT : OBJECT);
          linksValue = false;
          i++;
          expect = c === 0x5b ? Expect.ValueOrClose : Expect.KeyOrClose;
          continue;
        }
        let after: number;
        if (c === 0x22) {
          after = stringEnd(text, i, end);
        } else if (c === 0x74) {
          after = literalEnd(text, i, 'true');
        } else if (c === 0x66) {
          after = literalEnd(text, i, 'false');
        } else if (c === 0x6e) {
          after = literalEnd(text, i, 'null');
        } else {
          after = numberEnd(text, i);
        }
        if (after < 0 || after > end) return false;
        i = after;
        expect = Expect.AfterValue;
        continue;
      }
    }
  }
  return stack.length === 0 && expect === Expect.AfterValue;
}

/** After the string that opens at `at`, or -1 if it holds an escape or a control character. */
function stringEnd(text: Buffer, at: number, end: number): number {
  for (let i = at + 1; i < end; i++) {
    const c = text[i]!;
    if (c === 0x22) return i + 1;
    if (c === 0x5c || c < 0x20) return -1;
  }
  return -1;
}

function literalEnd(text: Buffer, at: number, word: string): number {
  for (let k = 0; k < word.length; k++) {
    if (text[at + k] !== word.charCodeAt(k)) return -1;
  }
  return at + word.length;
}

/** After the JSON number that starts at `at`, or -1: `-? (0 | [1-9]\d*) (\.\d+)? ([eE][+-]?\d+)?`. */
function numberEnd(text: Buffer, at: number): number {
  let i = at;
  if (text[i] === 0x2d) i++;
  if (text[i] === 0x30) i++;
  else if (isDigit(text[i])) while (isDigit(text[i])) i++;
  else return -1;
  if (text[i] === 0x2e) {
    i++;
    if (!isDigit(text[i])) return -1;
    while (isDigit(text[i])) i++;
  }
  if (text[i] === 0x65 || text[i] === 0x45) {
    i++;
    if (text[i] === 0x2b || text[i] === 0x2d) i++;
    if (!isDigit(text[i])) return -1;
    while (isDigit(text[i])) i++;
  }
  return i;
}
