// How the fetch client's requests travel: a GET, its headers as soon as they arrive, then its body
// read, decoded and parsed. In the page, or in a worker (json-fetch.worker.ts) so that the page's
// main thread never reads, decodes or parses a body: at 500 agents a week is ~540 MB of JSON,
// ~30 s of the main thread on a 2-core machine, while the heatmaps want it to draw.
// The fetch client (fetch-client.ts) turns what arrives into data or a typed ApiError, the same
// either way.

/** A response's status line and headers, as they arrive (before the body). */
export interface JsonHead {
  ok: boolean;
  status: number;
  statusText: string;
  /** Header entries, as `[...response.headers]`: a Headers object does not cross to a worker. */
  headers: [string, string][];
}

/** A response's body, read whole. */
export type JsonBody =
  | { read: true; parsed: true; body: unknown }
  /** Not JSON: the body's text when it is short (the error message may quote it), else ''. */
  | { read: true; parsed: false; shortText: string; empty: boolean; start: string }
  /** The connection broke while the body was read. */
  | { read: false };

/** Bodies longer than this are never quoted in an error message. */
export const SHORT_TEXT_LENGTH = 300;

/** As response.text() decodes: UTF-8, a byte-order mark dropped, bad bytes replaced. */
const UTF8 = new TextDecoder('utf-8');

/**
 * Reads a response's body whole: the bytes decoded in one pass (response.text() decodes as the
 * body streams in, several times slower: a 10 MB interval ~300 ms against ~50), then parsed.
 */
export async function readJsonBody(response: Response): Promise<JsonBody> {
  let text: string;
  try {
    text = UTF8.decode(await response.arrayBuffer());
  } catch {
    return { read: false };
  }
  try {
    return { read: true, parsed: true, body: JSON.parse(text) as unknown };
  } catch {
    const trimmed = text.trim();
    return {
      read: true,
      parsed: false,
      shortText: text.length < SHORT_TEXT_LENGTH ? text : '',
      empty: trimmed === '',
      start: trimmed.slice(0, 40),
    };
  }
}

export function headOf(response: Response): JsonHead {
  return {
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
  };
}

/** A request on its way: its head, then its body; either rejects when the request fails. */
export interface JsonExchange {
  head: Promise<JsonHead>;
  body: Promise<JsonBody>;
}

/**
 * Sends GETs and reads their answers. `head` rejects with the fetch's own error (a network
 * failure, or an AbortError when `signal` aborts); `body` never rejects once the head arrived,
 * except on abort.
 */
export type JsonTransport = (url: string, signal: AbortSignal | undefined) => JsonExchange;

const REQUEST_INIT = {
  headers: { Accept: 'application/json' },
  credentials: 'same-origin',
} satisfies RequestInit;

/** Requests sent from the page itself (tests, and a browser with no module workers). */
export function pageTransport(getFetch: () => typeof fetch): JsonTransport {
  return (url, signal) => {
    const response = getFetch()(url, { ...REQUEST_INIT, signal });
    const body = response.then(readJsonBody);
    // The caller awaits the head first; a failed head must not also count as an unhandled body.
    body.catch(() => {});
    return { head: response.then(headOf), body };
  };
}

/** What the page asks the worker. */
export type WorkerRequest =
  { type: 'get'; id: number; url: string } | { type: 'abort'; id: number };

/** What the worker answers, each tagged with its request's id. */
export type WorkerAnswer =
  | { type: 'head'; id: number; head: JsonHead }
  | { type: 'body'; id: number; body: JsonBody }
  | { type: 'failed'; id: number; name: string; message: string };

/** A worker as the transport needs it (a real Worker, or a MessagePort in a test). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerAnswer>) => void): void;
  /** The worker failed (its script did not load, or threw): it will answer nothing more. */
  addEventListener(type: 'error', listener: (event: Event) => void): void;
}

/**
 * The worker's side: answers each `get` with its head, then its body, or says it failed; an
 * `abort` aborts that request. `post` sends an answer back to the page.
 */
export function createWorkerResponder(
  getFetch: () => typeof fetch,
  post: (answer: WorkerAnswer) => void,
): (request: WorkerRequest) => void {
  const inFlight = new Map<number, AbortController>();
  const send = pageTransport(getFetch);
  return (request) => {
    if (request.type === 'abort') {
      inFlight.get(request.id)?.abort();
      inFlight.delete(request.id);
      return;
    }
    const { id } = request;
    const abort = new AbortController();
    inFlight.set(id, abort);
    const exchange = send(request.url, abort.signal);
    exchange.head
      .then(async (head) => {
        post({ type: 'head', id, head });
        post({ type: 'body', id, body: await exchange.body });
      })
      .catch((error: unknown) => {
        const { name, message } =
          error instanceof Error ? error : { name: 'Error', message: String(error) };
        post({ type: 'failed', id, name, message });
      })
      .finally(() => inFlight.delete(id));
  };
}

/** An error carried back from the worker as the page's fetch would have thrown it. */
function errorFromWorker(name: string, message: string): Error {
  if (name === 'AbortError') return new DOMException(message, 'AbortError');
  return new TypeError(message);
}

/**
 * Requests sent from a worker: the page only receives the parsed body. Once the worker fails,
 * the requests waiting on it fail as a network failure would (react-query asks again), and every
 * later request goes by `fallback`.
 */
export function workerTransport(worker: WorkerLike, fallback: JsonTransport): JsonTransport {
  let lastId = 0;
  let failed = false;
  const waiting = new Map<
    number,
    {
      head: (head: JsonHead) => void;
      body: (body: JsonBody) => void;
      fail: (error: Error) => void;
    }
  >();
  worker.addEventListener('message', ({ data: answer }) => {
    const entry = waiting.get(answer.id);
    if (!entry) return; // aborted: whatever it still sends is dropped
    if (answer.type === 'head') entry.head(answer.head);
    else if (answer.type === 'body') {
      waiting.delete(answer.id);
      entry.body(answer.body);
    } else {
      waiting.delete(answer.id);
      entry.fail(errorFromWorker(answer.name, answer.message));
    }
  });
  worker.addEventListener('error', () => {
    failed = true;
    const stranded = [...waiting.values()];
    waiting.clear();
    for (const entry of stranded) entry.fail(new TypeError('the request worker failed'));
  });
  return (url, signal) => {
    if (failed) return fallback(url, signal);
    const id = ++lastId;
    let resolveHead!: (head: JsonHead) => void;
    let resolveBody!: (body: JsonBody) => void;
    let rejectHead!: (error: Error) => void;
    let rejectBody!: (error: Error) => void;
    const head = new Promise<JsonHead>((resolve, reject) => {
      resolveHead = resolve;
      rejectHead = reject;
    });
    const body = new Promise<JsonBody>((resolve, reject) => {
      resolveBody = resolve;
      rejectBody = reject;
    });
    body.catch(() => {});
    const fail = (error: Error) => {
      rejectHead(error);
      rejectBody(error);
    };
    const onAbort = () => {
      if (!waiting.delete(id)) return;
      worker.postMessage({ type: 'abort', id });
      fail(new DOMException('The request was aborted', 'AbortError'));
    };
    if (signal?.aborted) {
      fail(new DOMException('The request was aborted', 'AbortError'));
      return { head, body };
    }
    waiting.set(id, {
      head: resolveHead,
      body: (answer) => {
        signal?.removeEventListener('abort', onAbort);
        resolveBody(answer);
      },
      fail: (error) => {
        signal?.removeEventListener('abort', onAbort);
        fail(error);
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    // A worker resolves `/api/…` against its own script's address: the page's origin.
    worker.postMessage({ type: 'get', id, url });
    return { head, body };
  };
}
