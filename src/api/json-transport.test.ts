import { describe, expect, it } from 'vitest';
import {
  pageTransport,
  readJsonBody,
  SHORT_TEXT_LENGTH,
  workerTransport,
  type JsonTransport,
} from './json-transport.ts';
import { inProcessWorker } from './test-support/in-process-worker.ts';

const neverFallback: JsonTransport = () => {
  throw new Error('went by the fallback');
};

/** A fetch whose body the test streams by hand, and which records the signal it was given. */
function streamingFetch() {
  let push!: (chunk: string) => void;
  let end!: () => void;
  let signal: AbortSignal | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder();
      push = (chunk) => controller.enqueue(encoder.encode(chunk));
      end = () => controller.close();
    },
  });
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    signal = init?.signal ?? undefined;
    return new Response(body, { headers: { Link: '</api/v7/next>; rel="next"' } });
  }) as unknown as typeof fetch;
  return {
    fetchImpl,
    push: (chunk: string) => push(chunk),
    end: () => end(),
    signal: () => signal,
  };
}

describe('readJsonBody', () => {
  it('decodes UTF-8 as response.text() does: the byte-order mark dropped, bad bytes replaced', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('{"name":"S'),
      0xff,
      0x22,
      0x7d,
    ]);
    await expect(readJsonBody(new Response(bytes))).resolves.toEqual({
      read: true,
      parsed: true,
      body: { name: 'S\uFFFD' },
    });
  });

  it('keeps a short body that is not JSON for the error message, never a long one', async () => {
    await expect(readJsonBody(new Response(' Bad gateway '))).resolves.toEqual({
      read: true,
      parsed: false,
      shortText: ' Bad gateway ',
      empty: false,
      start: 'Bad gateway',
    });
    const long = 'x'.repeat(SHORT_TEXT_LENGTH);
    await expect(readJsonBody(new Response(long))).resolves.toMatchObject({
      parsed: false,
      shortText: '',
      start: 'x'.repeat(40),
    });
    await expect(readJsonBody(new Response(''))).resolves.toMatchObject({ empty: true });
  });
});

describe('requests through the worker', () => {
  it('gives the head as soon as it arrives, before the body (the next page starts early)', async () => {
    const upstream = streamingFetch();
    const send = workerTransport(
      inProcessWorker(() => upstream.fetchImpl),
      neverFallback,
    );
    const exchange = send('/api/v7/page-1', undefined);
    const head = await exchange.head;
    expect(new Headers(head.headers).get('link')).toBe('</api/v7/next>; rel="next"');
    let bodyArrived = false;
    void exchange.body.then(() => (bodyArrived = true));
    upstream.push('{"results":[1,');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(bodyArrived).toBe(false);
    upstream.push('2]}');
    upstream.end();
    await expect(exchange.body).resolves.toEqual({
      read: true,
      parsed: true,
      body: { results: [1, 2] },
    });
  });

  it('an abort rejects at once, aborts the worker’s own fetch, and drops what it still sends', async () => {
    const upstream = streamingFetch();
    const worker = inProcessWorker(() => upstream.fetchImpl);
    const send = workerTransport(worker, neverFallback);
    const abort = new AbortController();
    const exchange = send('/api/v7/page-1', abort.signal);
    await exchange.head;
    abort.abort();
    await expect(exchange.body).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(worker.requests.map((request) => request.type)).toEqual(['get', 'abort']);
    expect(upstream.signal()?.aborted).toBe(true);
  });

  it('a request already aborted is never sent', async () => {
    const worker = inProcessWorker(() => streamingFetch().fetchImpl);
    const abort = new AbortController();
    abort.abort();
    const exchange = workerTransport(worker, neverFallback)('/api/v7/x', abort.signal);
    await expect(exchange.head).rejects.toMatchObject({ name: 'AbortError' });
    expect(worker.requests).toEqual([]);
  });

  it('a network failure in the worker arrives as the page’s fetch would throw it', async () => {
    const worker = inProcessWorker(
      () =>
        (async () => {
          throw new TypeError('Failed to fetch');
        }) as typeof fetch,
    );
    const exchange = workerTransport(worker, neverFallback)('/api/v7/x', undefined);
    await expect(exchange.head).rejects.toEqual(new TypeError('Failed to fetch'));
  });

  it('once the worker dies, the requests it held fail as a network failure and the next go from the page', async () => {
    const upstream = streamingFetch();
    const worker = inProcessWorker(() => upstream.fetchImpl);
    const fromPage: string[] = [];
    const fallback = pageTransport(
      () =>
        (async (url: string) => {
          fromPage.push(url);
          return new Response('{"from":"page"}');
        }) as unknown as typeof fetch,
    );
    const send = workerTransport(worker, fallback);
    const stranded = send('/api/v7/held', undefined);
    await stranded.head;
    worker.crash();
    await expect(stranded.body).rejects.toBeInstanceOf(TypeError);
    const next = send('/api/v7/next', undefined);
    await expect(next.body).resolves.toEqual({ read: true, parsed: true, body: { from: 'page' } });
    expect(fromPage).toEqual(['/api/v7/next']);
  });
});
