// A fetch stand-in for unit tests: answers by path from a table, and records what was asked.

export interface FakeResponse {
  status?: number;
  body?: unknown;
  /** Sent as-is instead of JSON. */
  text?: string;
  /** Sent as these bytes (round columns). */
  bytes?: Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

export function fakeFetch(routes: Record<string, FakeResponse | (() => FakeResponse)>) {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    const route = routes[url];
    if (route === undefined) {
      return new Response(
        JSON.stringify({ status: 404, title: 'Not Found', detail: `no route ${url}` }),
        {
          status: 404,
        },
      );
    }
    const answer = typeof route === 'function' ? route() : route;
    const body = answer.bytes ?? answer.text ?? JSON.stringify(answer.body);
    return new Response(body, { status: answer.status ?? 200, headers: answer.headers ?? {} });
  }) as typeof fetch;
  return { fetchImpl, calls };
}
