// Turns what ThousandEyes answered into what the browser gets: JSON only, under a content type
// Earshot sets itself; links rewritten to go through the proxy (links.ts); errors as problem
// bodies that keep upstream's message; and never a credential, even one upstream echoes back.
import { STATUS_CODES } from 'node:http';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { Credentials } from '../config.ts';
import { rowsSpan } from './closed-interval-join.ts';
import { rowsAsBytes, type WalkedRows } from './closed-interval-page.ts';
import { rewriteLinks } from './links.ts';
import { problem, type Problem } from './problem.ts';
import type { CachedAnswer } from './response-cache.ts';
import { UpstreamFailure, type UpstreamAnswer } from './upstream-call.ts';

/** The only type Earshot serves an API answer as, whatever upstream said. */
export const API_CONTENT_TYPE = 'application/json; charset=utf-8';
/** `application/json`, `application/hal+json`, `application/problem+json`, with parameters. */
const JSON_TYPE = /^\s*application\/([a-z0-9.-]+\+)?json\s*(;|$)/i;

export interface ShapeContext {
  apiVersion: ApiVersion;
  upstreamBase: string;
  /** The upstream URL this answer is for: relative links resolve against it. */
  pageUrl: string;
  scrub: CredentialScrubber;
  log: (line: string) => void;
}

/** Removes every form of the credential from a text, or from bytes (`bytes`). */
export interface CredentialScrubber {
  (text: string): string;
  /**
   * The same for bytes that hold no escape sequence (closed-interval-page.ts checks): each form is
   * looked for as its UTF-8 bytes, so the bytes are never decoded. Unchanged bytes are returned
   * as they are.
   */
  bytes(bytes: Buffer): Buffer;
}

export function shapeAnswer(answer: UpstreamAnswer, context: ShapeContext): CachedAnswer {
  const refused = refusedAnswer(answer, context);
  if (refused) return refused;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return problemAnswer(problem(502, 'Bad gateway', 'ThousandEyes answered malformed JSON.'));
  }
  return shapeJson(answer.status, parsed, context);
}

/**
 * A page of results that a closed-interval walk follows: shaped as `shapeAnswer` shapes it, but
 * when its rows pass the byte checks of closed-interval-page.ts only the envelope around them is
 * parsed, rewritten and written out again; the rows stay upstream's bytes, scrubbed as bytes.
 * Any other page, or rows that fail a check, go the full way. Rows read as columns only are not
 * checked (`WalkedRows`) and not put back in the page: the answer's body is the page without them
 * (an empty list in their place) and the rows are `walkedRows`, which only the walk reads.
 */
export function shapeResultsPage(
  answer: UpstreamAnswer,
  context: ShapeContext,
  rows: WalkedRows = 'sent',
): CachedAnswer {
  const refused = refusedAnswer(answer, context);
  if (refused) return refused;
  const split =
    answer.status === 200 ? rowsAsBytes(answer.body, context.apiVersion, rows) : undefined;
  if (!split) return shapeAnswer(answer, context);
  const shaped = shapeJson(answer.status, split.envelope, context);
  if (shaped.status !== 200) return shaped; // refused for a link in the envelope
  // Rows read as columns only are joined as they are: copying them into a page of their own was a
  // copy of every page of a cold week (~0.4 s of the server's CPU at 500 agents).
  if (rows === 'columns-only') return { ...shaped, walkedRows: context.scrub.bytes(split.rows) };
  const slot = rowsSpan(shaped.body, context.apiVersion);
  if (!slot) return shapeAnswer(answer, context);
  return {
    ...shaped,
    body: Buffer.concat([
      shaped.body.subarray(0, slot.start),
      context.scrub.bytes(split.rows),
      shaped.body.subarray(slot.end),
    ]),
  };
}

/** An answer Earshot does not shape as JSON: an error, an empty body, or not JSON at all. */
function refusedAnswer(answer: UpstreamAnswer, context: ShapeContext): CachedAnswer | undefined {
  const contentType = answer.headers['content-type'] ?? '';
  const isJson = JSON_TYPE.test(contentType);
  if (answer.status >= 400) return upstreamErrorAnswer(answer, isJson, context.scrub);
  if (answer.status === 204 || answer.body.length === 0) {
    return { status: answer.status, headers: {}, body: Buffer.alloc(0) };
  }
  if (!isJson) {
    const type = context.scrub(contentType.slice(0, 100)).replace(/[^\x20-\x7e]/g, '?');
    return problemAnswer(
      problem(502, 'Bad gateway', `ThousandEyes answered ${type || 'no type'}, not JSON.`),
    );
  }
  return undefined;
}

/** A parsed body with its links rewritten (or refused), written out again and scrubbed. */
function shapeJson(status: number, parsed: unknown, context: ShapeContext): CachedAnswer {
  const rewrite = rewriteLinks(parsed, context);
  if (!rewrite.ok) {
    context.log(`earshot api: refused an answer: ${context.scrub(rewrite.detail)}`);
    return problemAnswer(problem(502, 'Bad gateway', context.scrub(rewrite.detail)));
  }
  for (const href of rewrite.dropped) {
    context.log(`earshot api: dropped a link Earshot will not follow: ${describeHref(href)}`);
  }
  return {
    status,
    headers: { 'Content-Type': API_CONTENT_TYPE },
    body: Buffer.from(context.scrub(JSON.stringify(rewrite.body))),
    nextPage: rewrite.nextPage,
  };
}

function upstreamErrorAnswer(
  answer: UpstreamAnswer,
  isJson: boolean,
  scrub: (text: string) => string,
): CachedAnswer {
  const status = answer.status;
  let message: string | undefined;
  let upstreamTitle: string | undefined;
  if (isJson) {
    try {
      const parsed = JSON.parse(answer.body.toString('utf8')) as unknown;
      if (typeof parsed === 'object' && parsed !== null) {
        const fields = parsed as Record<string, unknown>;
        message = firstString(
          fields.detail,
          fields.error_description,
          fields.errorMessage,
          fields.message,
        );
        upstreamTitle = firstString(fields.title, fields.error);
      }
    } catch {
      message = undefined;
    }
  } else if (answer.body.length > 0 && /^text\/plain/i.test(answer.headers['content-type'] ?? '')) {
    message = answer.body.toString('utf8').slice(0, 500).trim() || undefined;
  }
  const title = scrub(upstreamTitle ?? STATUS_CODES[status] ?? 'Upstream error');
  const detail = scrub(
    `ThousandEyes answered ${status}${message ? `: ${message}` : ` ${STATUS_CODES[status] ?? ''}`.trimEnd()}`,
  );
  // Only real HTTP error statuses go on: anything else upstream invents is a bad gateway.
  const shown = status <= 599 ? status : 502;
  return problemAnswer(problem(shown, title, detail));
}

export function failureAnswer(error: unknown, scrub: (text: string) => string): CachedAnswer {
  if (error instanceof UpstreamFailure) {
    const reason = scrub(error.message);
    if (error.kind === 'timeout') {
      return problemAnswer(
        problem(504, 'Gateway timeout', `ThousandEyes did not answer in time: ${reason}.`),
      );
    }
    return problemAnswer(problem(502, 'Bad gateway', `ThousandEyes could not be read: ${reason}.`));
  }
  return problemAnswer(problem(502, 'Bad gateway', 'ThousandEyes could not be reached.'));
}

export function problemAnswer(body: Problem, headers: Record<string, string> = {}): CachedAnswer {
  return {
    status: body.status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/**
 * Replaces every form of the configured credential in a text (the token, the basic password,
 * `email:password` and its base64) with a placeholder, so that an upstream message that echoes
 * the Authorization header reaches neither the browser nor a log.
 */
export function credentialScrubber(credentials: Credentials): CredentialScrubber {
  const secrets =
    credentials.kind === 'bearer'
      ? [credentials.token]
      : [
          Buffer.from(`${credentials.email}:${credentials.basicToken}`).toString('base64'),
          `${credentials.email}:${credentials.basicToken}`,
          credentials.basicToken,
        ];
  // Longest first, so a secret inside another is replaced as part of the longer one. Base64 and
  // URL-encoded forms of each are covered too (a message may quote the header either way).
  const forms = [
    ...new Set(
      secrets.flatMap((secret) => [
        secret,
        Buffer.from(secret).toString('base64'),
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1),
      ]),
    ),
  ]
    .filter((form) => form.length >= 4)
    .sort((a, b) => b.length - a.length);
  const scrub = (text: string) => {
    let scrubbed = text;
    for (const form of forms) {
      if (scrubbed.includes(form)) scrubbed = scrubbed.split(form).join(REMOVED);
    }
    return scrubbed;
  };
  const byteForms = forms.map((form) => Buffer.from(form));
  const removed = Buffer.from(REMOVED);
  return Object.assign(scrub, {
    bytes(bytes: Buffer): Buffer {
      let scrubbed = bytes;
      for (const form of byteForms) {
        let at = scrubbed.indexOf(form);
        if (at < 0) continue;
        const parts: Buffer[] = [];
        let from = 0;
        for (; at >= 0; at = scrubbed.indexOf(form, from)) {
          parts.push(scrubbed.subarray(from, at), removed);
          from = at + form.length;
        }
        parts.push(scrubbed.subarray(from));
        scrubbed = Buffer.concat(parts);
      }
      return scrubbed;
    },
  });
}

const REMOVED = '[credential removed]';

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 500);
  }
  return undefined;
}

function describeHref(href: string): string {
  try {
    const url = new URL(href);
    return `${url.origin}${url.pathname}`.slice(0, 200);
  } catch {
    return href.slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
  }
}
