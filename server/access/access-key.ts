// The access key for screens on a LAN: when EARSHOT_ACCESS_KEY is set, a request carrying
// `?key=<the key>` once is given an HttpOnly, SameSite cookie and redirected to the same URL
// without the key; every other request without a valid key or cookie gets a 401 that says how
// to get in. Keys are compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from '../proxy/problem.ts';

export const ACCESS_COOKIE = 'earshot_access';
/** Four hundred days: the longest a browser keeps a cookie; a wall screen should not be logged out. */
const COOKIE_MAX_AGE_SECONDS = 400 * 86_400;

export interface AccessGate {
  /** True when the request may go on; otherwise the gate has answered it (401 or redirect). */
  admit(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createAccessGate(accessKey: string): AccessGate {
  // The cookie carries a value derived from the key, not the key itself.
  const cookieValue = createHmac('sha256', accessKey)
    .update('earshot access cookie v1')
    .digest('base64url');
  const keyDigest = digest(accessKey);
  const cookieDigest = digest(cookieValue);

  function admit(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://earshot.invalid');
    const offeredKey = url.searchParams.get('key');
    if (offeredKey !== null) {
      if (!timingSafeEqual(digest(offeredKey), keyDigest)) {
        refuse(req, res, 'That access key is not right.');
        return false;
      }
      url.searchParams.delete('key');
      const secure = 'encrypted' in req.socket && req.socket.encrypted ? '; Secure' : '';
      res.writeHead(303, {
        Location: `${url.pathname}${url.search}`,
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

  return { admit };
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
