// Who may call the simulator, checked before anything else as upstream does (a wrong credential
// never learns which paths exist): a bearer token (v7 and v6) or v6 basic auth. An address that
// keeps failing is locked out for a while with a 429, as ThousandEyes does.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { FailedAuthLimit, rateLimitHeaders, type OrganisationRateLimit } from './rate-limit.ts';
import { sendError, sendV7Unauthorized, type Reply } from './reply.ts';

export interface AccessRules {
  /** Bearer token accepted (v7 and v6). */
  token: string;
  /** v6 basic auth accepted; absent = basic auth is always refused. */
  basicAuth: { email: string; basicToken: string } | undefined;
  /** The organisation's budget, named in the headers of a refusal. */
  rateLimit: OrganisationRateLimit;
}

export interface AuthGate {
  /** True when the request may go on; otherwise it has been answered (401, or 429 locked out). */
  admit(req: IncomingMessage, reply: Reply, nowMs: number): boolean;
  /** Forgets every failure (the control API's rate-limit reset). */
  reset(): void;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function checkCredentials(
  rules: AccessRules,
  header: string | undefined,
  version: ApiVersion,
): 'ok' | 'missing' | 'wrong' {
  if (!header) return 'missing';
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return safeEqual(bearer[1]?.trim() ?? '', rules.token) ? 'ok' : 'wrong';
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic && version === 'v6' && rules.basicAuth) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const expected = `${rules.basicAuth.email}:${rules.basicAuth.basicToken}`;
    return safeEqual(decoded, expected) ? 'ok' : 'wrong';
  }
  return 'wrong';
}

export function createAuthGate(rules: AccessRules): AuthGate {
  const failedAuth = new FailedAuthLimit();
  const { rateLimit } = rules;
  return {
    admit(req, reply, nowMs) {
      const address = req.socket.remoteAddress ?? 'unknown';
      if (failedAuth.isLockedOut(address, nowMs)) {
        sendError(
          reply,
          429,
          'Too many failed authentication attempts from this address; try again later',
          {
            headers: rateLimitHeaders({
              limit: rateLimit.limit,
              remaining: 0,
              resetSeconds: failedAuth.resetSeconds(nowMs),
            }),
          },
        );
        return false;
      }
      const auth = checkCredentials(rules, req.headers.authorization, reply.version);
      if (auth === 'ok') return true;
      failedAuth.recordFailure(address, nowMs);
      reply.headers = rateLimitHeaders(rateLimit.peek(nowMs));
      if (reply.version === 'v7') sendV7Unauthorized(reply, auth === 'missing');
      else {
        sendError(
          reply,
          401,
          auth === 'missing' ? 'Authentication required' : 'Invalid credentials',
          {
            headers: { 'WWW-Authenticate': 'Basic realm="ThousandEyes API"' },
          },
        );
      }
      return false;
    },
    reset: () => failedAuth.reset(),
  };
}
