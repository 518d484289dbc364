// The access key for screens on a LAN: when EARSHOT_ACCESS_KEY is set, a request carrying
// `?key=<the key>` once is given an HttpOnly, SameSite cookie and redirected to the same URL
// without the key; every other request without a valid key or cookie gets a 401 that says how
// to get in. Keys are compared in constant time; wrong keys are logged (never the key itself) and
// an address that keeps guessing waits longer and longer before it may try again.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from '../proxy/problem.ts';

export const ACCESS_COOKIE = 'earshot_access';
/** Four hundred days: the longest a browser keeps a cookie; a wall screen should not be logged out. */
const COOKIE_MAX_AGE_SECONDS = 400 * 86_400;

/** Wrong keys an address may try before it has to wait. */
const FREE_ATTEMPTS = 5;
const MAX_WAIT_MS = 15 * 60_000;
/** An address's wrong keys are forgotten after this long without one. */
const FORGET_AFTER_MS = 60 * 60_000;
const MAX_TRACKED_ADDRESSES = 10_000;

export interface AccessGateOptions {
  /** Trust X-Forwarded-Proto (TLS at a reverse proxy) and X-Forwarded-For. */
  trustProxy?: boolean;
  log?: (line: string) => void;
  nowMs?: () => number;
}

export interface AccessGate {
  /** True when the request may go on; otherwise the gate has answered it (401 or redirect). */
  admit(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createAccessGate(accessKey: string, options: AccessGateOptions = {}): AccessGate {
  const { trustProxy = false, nowMs = Date.now } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const failures = new Map<string, { count: number; lastMs: number; waitUntilMs: number }>();
  // The cookie carries a value derived from the key, not the key itself.
  const cookieValue = createHmac('sha256', accessKey)
    .update('earshot access cookie v1')
    .digest('base64url');
  const keyDigest = digest(accessKey);
  const cookieDigest = digest(cookieValue);

  function admit(req: IncomingMessage, res: ServerResponse): boolean {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://earshot.invalid');
    } catch {
      refuse(req, res, 'That address could not be read.');
      return false;
    }
    const offeredKey = url.searchParams.get('key');
    if (offeredKey !== null) {
      const address = clientAddress(req, trustProxy);
      const now = nowMs();
      const record = failures.get(address);
      if (record && record.waitUntilMs > now) {
        const seconds = Math.ceil((record.waitUntilMs - now) / 1000);
        sendProblem(
          res,
          {
            status: 429,
            title: 'Too many wrong access keys',
            detail: `This address tried ${record.count} wrong access keys; try again in ${seconds} s with the key whoever runs Earshot gave you.`,
          },
          { 'Retry-After': `${seconds}` },
        );
        return false;
      }
      if (!timingSafeEqual(digest(offeredKey), keyDigest)) {
        noteFailure(address, record, now);
        refuse(req, res, 'That access key is not right.');
        return false;
      }
      failures.delete(address);
      url.searchParams.delete('key');
      const secure = isTls(req, trustProxy) ? '; Secure' : '';
      // Only ever a path on this origin: `//host` or `/\host` would leave it.
      const path = `/${url.pathname.replace(/^[/\\]+/, '')}`;
      res.writeHead(303, {
        Location: `${path}${url.search}`,
        'Set-Cookie': `${ACCESS_COOKIE}=${cookieValue}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${COOKIE_MAX_AGE_SECONDS}${secure}`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      res.end();
      return false;
    }
    const offeredCookie = readCookie(req.headers.cookie, ACCESS_COOKIE);
    if (offeredCookie !== undefined && timingSafeEqual(digest(offeredCookie), cookieDigest)) {
      return true;
    }
    refuse(req, res, undefined);
    return false;
  }

  function noteFailure(
    address: string,
    record: { count: number; lastMs: number } | undefined,
    now: number,
  ): void {
    const count = record && now - record.lastMs < FORGET_AFTER_MS ? record.count + 1 : 1;
    const waitMs =
      count < FREE_ATTEMPTS ? 0 : Math.min(MAX_WAIT_MS, 1000 * 2 ** (count - FREE_ATTEMPTS));
    failures.delete(address);
    failures.set(address, { count, lastMs: now, waitUntilMs: now + waitMs });
    if (failures.size > MAX_TRACKED_ADDRESSES) {
      const oldest = failures.keys().next().value;
      if (oldest !== undefined) failures.delete(oldest);
    }
    log(
      `earshot access: wrong access key from ${address} (${count} in a row${waitMs > 0 ? `; it waits ${Math.ceil(waitMs / 1000)} s before the next try` : ''})`,
    );
  }

  return { admit };
}

/** The remote address, or with a trusted proxy the address it saw (the last X-Forwarded-For). */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 64);
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** TLS on this socket, or (only when told to trust it) at the reverse proxy in front. */
export function isTls(req: IncomingMessage, trustProxy: boolean): boolean {
  if ('encrypted' in req.socket && req.socket.encrypted) return true;
  if (!trustProxy) return false;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

function digest(text: string): Buffer {
  // Equal-length digests make the comparison constant-time whatever the lengths offered.
  return createHmac('sha256', 'earshot access compare').update(text).digest();
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

const HOW_TO_GET_IN =
  'This Earshot server needs its access key. Open the address you were given with ?key=<access key> ' +
  'added once (for example http://earshot.example:4173/?key=…); this browser then remembers it. ' +
  'Ask whoever runs Earshot for the key (it is the EARSHOT_ACCESS_KEY they set).';

function refuse(req: IncomingMessage, res: ServerResponse, reason: string | undefined): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const detail = reason ? `${reason} ${HOW_TO_GET_IN}` : HOW_TO_GET_IN;
  if (path.startsWith('/api/')) {
    sendProblem(res, { status: 401, title: 'Access key needed', detail });
    return;
  }
  const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Earshot: access key needed</title></head>
<body>
<main>
<h1>Access key needed</h1>
${reason ? `<p>${reason}</p>\n` : ''}<p>This Earshot server is only for screens that have its access key.</p>
<p>Open this address again with <code>?key=</code> and the access key added once, for example
<code>/?key=YOUR-KEY</code>. This browser then remembers it, and the key leaves the address bar.</p>
<p>Ask whoever runs Earshot for the key: it is the <code>EARSHOT_ACCESS_KEY</code> they set.</p>
</main>
</body>
</html>
`;
  res.writeHead(401, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : page);
}
