// Calls ThousandEyes for one forwardable request within what every screen shares: a credential
// upstream rejected is held back, at most so many calls are in flight, and each call reserves a
// unit of the organisation's budget before it leaves. A v6 301 is followed here, inside the
// allow-list; the answer is shaped (upstream-answer.ts) before anyone sees it.
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { Credentials } from '../config.ts';
import { problem, type Problem } from './problem.ts';
import { guardApiRequest, type ForwardableRequest } from './request-guard.ts';
import type { CachedAnswer } from './response-cache.ts';
import type { SharedState } from './shared-state.ts';
import {
  failureAnswer,
  problemAnswer,
  shapeAnswer,
  type CredentialScrubber,
  type ShapeContext,
} from './upstream-answer.ts';
import { callUpstream, type UpstreamAnswer } from './upstream-call.ts';

const MAX_REDIRECTS = 3;

type Shape = (answer: UpstreamAnswer, context: ShapeContext) => CachedAnswer;

export interface UpstreamCallerOptions {
  apiVersion: ApiVersion;
  upstreamBase: string;
  credentials: Credentials;
  /** A digest of the credentials: the hold-back's key, never the secret itself. */
  credentialId: string;
  shared: SharedState;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBodyBytes: number;
  scrub: CredentialScrubber;
  log: (line: string) => void;
}

export function createUpstreamCaller(
  options: UpstreamCallerOptions,
): (request: ForwardableRequest, shape?: Shape) => Promise<CachedAnswer> {
  const { apiVersion, upstreamBase, credentials, credentialId, scrub, log } = options;
  const { connectTimeoutMs, totalTimeoutMs, maxBodyBytes } = options;
  const { budget, holdBack, slots } = options.shared;
  const authorization =
    credentials.kind === 'bearer'
      ? `Bearer ${credentials.token}`
      : `Basic ${Buffer.from(`${credentials.email}:${credentials.basicToken}`).toString('base64')}`;

  /**
   * Asks upstream, within the budget, the 401 hold-back and the bound on calls in flight; `shape`
   * turns the answer into what the browser gets (`shapeResultsPage` for a closed interval's pages).
   */
  async function fetchFromUpstream(
    request: ForwardableRequest,
    shape: Shape = shapeAnswer,
  ): Promise<CachedAnswer> {
    const held = await holdBack.check(credentialId);
    if (held) {
      const answer = problemAnswer(
        problem(
          held.refusal.status,
          held.refusal.title,
          `${held.refusal.detail} (Earshot holds this credential back for every screen and asks ThousandEyes again in ${held.retryAfterSeconds} s.)`,
        ),
        { 'Retry-After': `${held.retryAfterSeconds}` },
      );
      return { ...answer, refusedBy: 'held-back' };
    }
    const release = await slots.acquire();
    if (!release) {
      const answer = problemAnswer(
        problem(
          503,
          'Busy',
          'Earshot is waiting for ThousandEyes on too many requests already; try again in a few seconds.',
        ),
        { 'Retry-After': '5' },
      );
      return { ...answer, refusedBy: 'busy' };
    }
    try {
      return await followRedirects(request, shape);
    } finally {
      release();
    }
  }

  async function followRedirects(request: ForwardableRequest, shape: Shape): Promise<CachedAnswer> {
    let path = request.upstreamPath + request.search;
    for (let hop = 0; ; hop += 1) {
      const reservation = await budget.reserve();
      if (!reservation.granted) return rateLimitedAnswer(reservation.retryAfterSeconds);
      let answer: UpstreamAnswer;
      const pageUrl = upstreamBase + path;
      try {
        answer = await callUpstream({
          url: new URL(pageUrl),
          method: 'GET',
          headers: {
            Authorization: authorization,
            // v6 picks its format from Accept when the path has no .json suffix.
            Accept:
              apiVersion === 'v7'
                ? 'application/hal+json, application/json;q=0.9, application/problem+json;q=0.8'
                : 'application/json',
            'Accept-Encoding': 'gzip, br',
            'User-Agent': 'Earshot (ThousandEyes voice dashboard)',
          },
          connectTimeoutMs,
          totalTimeoutMs,
          maxBodyBytes,
        });
      } catch (error) {
        await budget.release();
        return failureAnswer(error, scrub);
      }
      await budget.settle(answer.headers, answer.status);
      if (answer.status >= 300 && answer.status < 400 && answer.status !== 304) {
        const next = redirectTarget(answer.headers.location, hop);
        if (typeof next !== 'string') return problemAnswer(next);
        path = next;
        continue;
      }
      const shaped = shape(answer, { apiVersion, upstreamBase, pageUrl, scrub, log });
      if (answer.status === 401) {
        await holdBack.rejected(credentialId, JSON.parse(shaped.body.toString()) as Problem);
      } else if (answer.status < 400) {
        await holdBack.accepted(credentialId);
      }
      if (shaped.status === 429) {
        shaped.headers['Retry-After'] = `${await budget.retryAfterSeconds()}`;
      }
      return shaped;
    }
  }

  /** A v6 301 (`/voice/metrics` → `/voice/rtp-stream`) is followed here, inside the allow-list. */
  function redirectTarget(location: string | undefined, hop: number): string | Problem {
    if (hop >= MAX_REDIRECTS) {
      return problem(502, 'Bad gateway', 'ThousandEyes redirected too many times.');
    }
    if (!location) {
      return problem(502, 'Bad gateway', 'ThousandEyes answered a redirect with no Location.');
    }
    let target: URL;
    try {
      target = new URL(location, upstreamBase + '/');
    } catch {
      return problem(502, 'Bad gateway', 'ThousandEyes redirected to an unreadable Location.');
    }
    const base = new URL(upstreamBase);
    if (target.origin !== base.origin) {
      log(`earshot api: refused a redirect to another origin (${target.origin.slice(0, 200)})`);
      return problem(502, 'Bad gateway', 'ThousandEyes redirected outside its API; not followed.');
    }
    const relative = target.pathname.slice(base.pathname.replace(/\/$/, '').length);
    const guarded = guardApiRequest('GET', `/api${relative}${target.search}`, apiVersion);
    if (!guarded.ok) {
      return problem(
        502,
        'Bad gateway',
        'ThousandEyes redirected to a path Earshot does not forward.',
      );
    }
    return guarded.request.upstreamPath + guarded.request.search;
  }

  return fetchFromUpstream;
}

export function rateLimitedAnswer(waitSeconds: number): CachedAnswer {
  const answer = problemAnswer(
    problem(
      429,
      'Too many requests',
      `The organisation's ThousandEyes rate limit is spent; Earshot will ask again in ${waitSeconds} s.`,
    ),
    { 'Retry-After': `${waitSeconds}` },
  );
  return { ...answer, refusedBy: 'rate-limited' };
}
