// Writing responses in each API version's shapes: v7 HAL JSON and problem+json errors, v6 JSON or
// XML with {"errorMessage"} errors. A `truncated` fault cuts the body short mid-stream.
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { toXml } from './xml.ts';

export interface Reply {
  res: ServerResponse;
  version: ApiVersion;
  format: 'json' | 'xml';
  /** Path (and query) of the request, for problem+json's `instance`. */
  instance: string;
  /** Headers every response carries (the rate-limit headers). */
  headers: Record<string, string>;
  /** Send half the body, then cut the connection. */
  truncate: boolean;
}

/**
 * The UTF-16 units of text written per piece: a piece becomes a Buffer of at most three times as
 * many bytes, small enough to come from memory the process already has.
 */
const PIECE_UNITS = 32 * 1024;

/**
 * A body as Buffers of a few tens of kB each. A page of 5,000 rows is ~2.7 MB, and on this
 * machine memory the process has not used before costs ~1 ms a MB to touch: one Buffer of the
 * whole body, or the socket's own copy of one long text, cost more than making the rows
 * (docs/performance.md). Pieces of text as the body was written are encoded one by one, a long
 * one cut first; never inside a surrogate pair (one that straddles two pieces moves to the second).
 */
export function bodyPieces(body: string | readonly string[]): Buffer[] {
  const pieces: string[] = [];
  const texts = typeof body === 'string' ? [body] : body;
  let carried = '';
  for (let index = 0; index < texts.length; index++) {
    let text = carried + texts[index]!;
    carried = '';
    const lastUnit = text.charCodeAt(text.length - 1);
    if (index < texts.length - 1 && lastUnit >= 0xd800 && lastUnit <= 0xdbff) {
      carried = text.slice(-1);
      text = text.slice(0, -1);
    }
    for (let start = 0; start < text.length;) {
      let end = Math.min(text.length, start + PIECE_UNITS);
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      pieces.push(text.slice(start, end));
      start = end;
    }
  }
  return pieces.map((piece) => Buffer.from(piece, 'utf8'));
}

export function sendBody(
  reply: Reply,
  status: number,
  body: string | readonly string[],
  contentType: string,
  extra: Record<string, string> = {},
): void {
  const { res } = reply;
  if (res.headersSent || res.destroyed) return;
  const buffers = bodyPieces(body);
  let length = 0;
  for (const buffer of buffers) length += buffer.length;
  res.writeHead(status, {
    ...reply.headers,
    ...extra,
    'Content-Type': contentType,
    'Content-Length': String(length),
    'Cache-Control': 'no-store',
  });
  if (reply.truncate) {
    const bytes = Buffer.concat(buffers);
    res.write(bytes.subarray(0, Math.floor(length / 2)), () => res.destroy());
    return;
  }
  // Corked: the headers and every piece leave in one write, with no copy of the pieces.
  res.cork();
  for (const buffer of buffers) res.write(buffer);
  res.end();
}

/** A successful body in the version's media type. */
export function sendOk(
  reply: Reply,
  body: Record<string, unknown>,
  extra: Record<string, string> = {},
): void {
  if (reply.version === 'v6' && reply.format === 'xml') {
    sendBody(reply, 200, toXml(body), 'application/xml; charset=utf-8', extra);
    return;
  }
  sendJsonText(reply, JSON.stringify(body), extra);
}

/** A successful JSON body already written as text, in the version's JSON media type. */
export function sendJsonText(
  reply: Reply,
  text: string | readonly string[],
  extra: Record<string, string> = {},
): void {
  const type = reply.version === 'v7' ? 'application/hal+json' : 'application/json; charset=utf-8';
  sendBody(reply, 200, text, type, extra);
}

/**
 * An error in the version's shape. v7: RFC 7807 problem+json (400 adds `errors` naming the field);
 * v6: {"errorMessage"} (in XML when XML was asked for).
 */
export function sendError(
  reply: Reply,
  status: number,
  detail: string,
  options: { field?: string; headers?: Record<string, string> } = {},
): void {
  const headers = options.headers ?? {};
  if (reply.version === 'v6') {
    const body = { errorMessage: detail };
    if (reply.format === 'xml')
      sendBody(reply, status, toXml(body), 'application/xml; charset=utf-8', headers);
    else sendBody(reply, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
    return;
  }
  const problem: Record<string, unknown> = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: reply.instance,
  };
  if (status === 400) {
    problem.errors = [{ code: 'INVALID_PARAMETER', field: options.field ?? '', message: detail }];
  }
  sendBody(reply, status, JSON.stringify(problem), 'application/problem+json', headers);
}

/**
 * v7's 401, as its OAuth layer answers it: the spec's UnauthorizedError body
 * (`error`, `error_description`), sent as `application/problem+json` as the spec says.
 */
export function sendV7Unauthorized(reply: Reply, missing: boolean): void {
  const body = missing
    ? {
        error: 'unauthorized',
        error_description: 'Full authentication is required to access this resource',
      }
    : { error: 'invalid_token', error_description: 'Invalid access token' };
  sendBody(reply, 401, JSON.stringify(body), 'application/problem+json', {
    'WWW-Authenticate': missing ? 'Bearer realm="ThousandEyes"' : 'Bearer error="invalid_token"',
  });
}
