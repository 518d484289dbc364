// The pages of one closed interval joined into one body, as text. Every page has already been
// parsed, checked and serialised by the proxy (upstream-answer.ts), so it is compact JSON Earshot
// wrote itself; parsing it again and serialising every row once more cost a cold week at 500
// agents most of the server's CPU (measured: bench/profile-datapath-server.ts). Here only the
// small envelope around the rows is parsed; each page's list of rows is found by scanning the text
// and the lists are concatenated as they are.
import type { ApiVersion } from '../config.ts';

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

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** The index after the string that opens at `at` (a quote), or -1. */
function endOfString(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The index after the JSON value that starts at `at`, or -1 when the text ends first. */
function endOfValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === 0x22) return endOfString(text, at);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
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
  while (i < text.length && !/[,}\]\s]/.test(text[i] as string)) i++;
  return i > at ? i : -1;
}

/** The span of member `key`'s value in the object that opens at `at`, or undefined. */
function memberSpan(text: string, at: number, key: string): Span | undefined {
  if (text.charCodeAt(at) !== 0x7b) return undefined;
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === 0x7d) return undefined;
  for (;;) {
    if (text.charCodeAt(i) !== 0x22) return undefined;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return undefined;
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    const start = skipSpace(text, i + 1);
    const end = endOfValue(text, start);
    if (end < 0) return undefined;
    if (name === key) return { start, end };
    i = skipSpace(text, end);
    if (text.charCodeAt(i) !== 0x2c) return undefined;
    i = skipSpace(text, i + 1);
  }
}

/** The span of a page's list of rows, or undefined when the page has none (or it is no list). */
export function rowsSpan(text: string, apiVersion: ApiVersion): Span | undefined {
  let span: Span | undefined = { start: skipSpace(text, 0), end: text.length };
  for (const key of rowsPath(apiVersion)) {
    span = memberSpan(text, span.start, key);
    if (!span) return undefined;
  }
  return text.charCodeAt(span.start) === 0x5b ? span : undefined;
}

/**
 * A page without its rows (an empty list in their place), parsed: what the interval's test is, and
 * the envelope the joined body keeps. Undefined when the page has no list of rows or is not JSON.
 */
export function pageEnvelope(text: string, apiVersion: ApiVersion): unknown {
  const span = rowsSpan(text, apiVersion);
  if (!span) return undefined;
  try {
    return JSON.parse(`${text.slice(0, span.start)}[]${text.slice(span.end)}`) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Pages of one interval joined into one body of the version's shape: the first page's envelope
 * with every page's rows, in order, and no next link (v7 `_links.next`, v6 `pages.next`).
 * Undefined when a page has no list of rows to join.
 */
export function joinPageTexts(
  pages: readonly string[],
  apiVersion: ApiVersion,
): string | undefined {
  const [firstText] = pages;
  if (firstText === undefined) return undefined;
  const envelope = pageEnvelope(firstText, apiVersion);
  if (!isRecord(envelope)) return undefined;
  const rowLists: string[] = [];
  for (const text of pages) {
    const span = rowsSpan(text, apiVersion);
    if (!span) return undefined;
    const inner = text.slice(span.start + 1, span.end - 1).trim();
    if (inner !== '') rowLists.push(inner);
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
  const shellText = JSON.stringify(shell);
  const slot = rowsSpan(shellText, apiVersion);
  if (!slot) return undefined;
  return `${shellText.slice(0, slot.start)}[${rowLists.join(',')}]${shellText.slice(slot.end)}`;
}
