// How the proxy's answers leave for the browser: never cached by it, with the organisation's
// rate-limit headers, what the proxy did (X-Earshot-Cache), a page's next link as a Link header,
// and each body compressed once per encoding.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROUND_COLUMNS_MEDIA_TYPE } from '../../common/result-rows/round-columns-bytes.ts';
import { compress, sendBody, type ContentEncoding } from '../static/compression.ts';
import { formFor, type IntervalForm, type StoredInterval } from './closed-interval-cache.ts';
import { sendStoredInterval } from './closed-interval-send.ts';
import { rateLimitHeaders } from './rate-limit.ts';
import type { CachedAnswer, ResponseCache } from './response-cache.ts';

type BudgetState = Parameters<typeof rateLimitHeaders>[0];

/**
 * Whether the client asked for a closed interval as round columns (Earshot's browser does); any
 * other client gets upstream's shape, as it would from ThousandEyes.
 */
export function acceptsRoundColumns(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((type) => type.split(';')[0]?.trim().toLowerCase() === ROUND_COLUMNS_MEDIA_TYPE);
}

/**
 * `Link: <next>; rel="next"` on a page that has a next page: the browser can ask for it as the
 * headers arrive, before parsing this body (the body's link stays the one it checks and follows).
 */
export function nextPageHeader(answer: CachedAnswer): Record<string, string> {
  const next = answer.nextPage;
  // Only printable ASCII, no angle brackets: anything else stays in the body alone.
  if (answer.status !== 200 || next === undefined || !/^[\x21-\x3b\x3d\x3f-\x7e]+$/.test(next)) {
    return {};
  }
  return { Link: `<${next}>; rel="next"` };
}

/** `cache` keeps the compressed forms of the answers it holds, counted in its bytes. */
export function createAnswerSender(cache: ResponseCache) {
  /** A cached answer is compressed once per encoding, and the cache counts those bytes too. */
  function encodedOnce(answer: CachedAnswer, encoding: ContentEncoding): Buffer {
    if (encoding === 'identity') return answer.body;
    const known = answer.encoded?.[encoding];
    if (known) return known;
    const encoded = compress(answer.body, encoding);
    cache.keepEncoded(answer, encoding, encoded);
    return encoded;
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    answer: CachedAnswer,
    budgetState: BudgetState,
    outcome?: string,
  ): void {
    if (res.headersSent || res.destroyed) return;
    sendBody(
      req,
      res,
      answer.status,
      {
        'Cache-Control': 'no-store',
        ...rateLimitHeaders(budgetState),
        ...answer.headers,
        ...(outcome ? { 'X-Earshot-Cache': outcome } : {}),
        ...nextPageHeader(answer),
      },
      answer.body,
      (encoding) => encodedOnce(answer, encoding),
    );
  }

  /** A kept interval in the form the client reads (closedIntervals answered it for that form). */
  function sendInterval(
    req: IncomingMessage,
    res: ServerResponse,
    { interval, outcome }: { interval: StoredInterval; outcome: string },
    form: IntervalForm,
    budgetState: BudgetState,
  ): Promise<void> {
    if (res.headersSent || res.destroyed) return Promise.resolve();
    const sent = formFor(interval, form);
    if (!sent) throw new Error(`a closed interval without the ${form} form was answered`);
    const headers = {
      'Cache-Control': 'no-store',
      ...rateLimitHeaders(budgetState),
      ...interval.headers,
      'X-Earshot-Cache': outcome,
      ...(sent.form === 'columns' ? { 'Content-Type': ROUND_COLUMNS_MEDIA_TYPE } : {}),
    };
    return sendStoredInterval(req, res, headers, interval.status, sent.body);
  }

  return { send, sendInterval };
}
