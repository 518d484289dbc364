import { describe, expect, it } from 'vitest';
import {
  ApiError,
  createApiClient,
  describeApiError,
  errorMessageFromBody,
  isPermanentApiError,
  isTransientApiError,
  retryAtFromHeaders,
} from './fetch-client.ts';
import { apiRetryDelayMs, shouldRetryApiError } from './query-client.ts';
import { apiFailure } from './test-support/api-failure.ts';
import { fakeFetch } from './test-support/fake-fetch.ts';

const NOW = Date.UTC(2026, 0, 31, 14, 0, 0);

describe('the fetch client', () => {
  it('returns the JSON body', async () => {
    const { fetchImpl, calls } = fakeFetch({ '/api/v7/account-groups': { body: { ok: 1 } } });
    const client = createApiClient({ fetch: fetchImpl });
    await expect(client.getJson('/api/v7/account-groups')).resolves.toEqual({ ok: 1 });
    expect(calls).toEqual(['/api/v7/account-groups']);
  });

  it('reads the body only once the promise onHeaders returns has settled', async () => {
    let bodyRead = false;
    const fetchImpl = (async () => {
      const response = new Response(JSON.stringify({ ok: 1 }), { status: 200 });
      const read = response.blob.bind(response);
      response.blob = () => {
        bodyRead = true;
        return read();
      };
      return response;
    }) as typeof fetch;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const body = createApiClient({ fetch: fetchImpl }).getJson('/api/v7/x', undefined, () => {
      seen.push('headers');
      return held;
    });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(seen).toEqual(['headers']);
    expect(bodyRead).toBe(false);
    release();
    await expect(body).resolves.toEqual({ ok: 1 });
    expect(bodyRead).toBe(true);
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [400, 'bad-request'],
    [405, 'bad-request'],
    [500, 'upstream-unavailable'],
    [503, 'upstream-unavailable'],
    [429, 'rate-limited'],
  ] as const)('maps %d to %s', async (status, kind) => {
    const { fetchImpl } = fakeFetch({
      '/api/v7/x': { status, body: { status, title: 'Problem', detail: 'upstream said so' } },
    });
    const error = await apiFailure(createApiClient({ fetch: fetchImpl }).getJson('/api/v7/x'));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.detail).toBe('Problem: upstream said so');
  });

  it('tells a next page Earshot will not follow from ThousandEyes being unavailable', async () => {
    const detail =
      'ThousandEyes returned a next page Earshot will not follow: its link points at another host';
    const { fetchImpl } = fakeFetch({
      '/api/v7/x': { status: 502, body: { status: 502, title: 'Bad gateway', detail } },
      '/api/v7/y': { status: 502, body: { status: 502, title: 'Bad gateway', detail: 'down' } },
    });
    const client = createApiClient({ fetch: fetchImpl });
    const unfollowable = await apiFailure(client.getJson('/api/v7/x'));
    expect(unfollowable).toMatchObject({ kind: 'unfollowable-next-page', status: 502, detail });
    expect(describeApiError(unfollowable).title).toBe(
      'ThousandEyes returned a next page Earshot will not follow',
    );
    expect(describeApiError(unfollowable).action).toContain('its link points at another host.');
    expect(describeApiError(unfollowable).action).toContain('does not ask again');
    // It is permanent: never retried, and polling stops on it.
    expect(shouldRetryApiError(0, unfollowable)).toBe(false);
    expect(isPermanentApiError(unfollowable)).toBe(true);
    // Any other 502 is ThousandEyes being unavailable, and is retried.
    const unavailable = await apiFailure(client.getJson('/api/v7/y'));
    expect(unavailable.kind).toBe('upstream-unavailable');
    expect(describeApiError(unavailable).title).toBe('ThousandEyes is unavailable');
    expect(shouldRetryApiError(0, unavailable)).toBe(true);
  });

  it('keeps the upstream message of every error body we know', () => {
    expect(errorMessageFromBody({ errorMessage: 'Invalid test id' })).toBe('Invalid test id');
    expect(
      errorMessageFromBody({ error: 'invalid_token', error_description: 'The token expired' }),
    ).toBe('The token expired');
    expect(
      errorMessageFromBody({
        title: 'Bad Request',
        errors: [{ code: 'x', field: 'window', message: 'must match ^\\d+[smhdw]?$' }],
      }),
    ).toBe('Bad Request; window: must match ^\\d+[smhdw]?$');
    expect(errorMessageFromBody('text')).toBeUndefined();
  });

  it('says when it may retry a 429: Retry-After, else the organisation reset', async () => {
    const { fetchImpl } = fakeFetch({
      '/api/v7/a': {
        status: 429,
        body: { status: 429, title: 'Too Many Requests' },
        headers: { 'Retry-After': '30' },
      },
      '/api/v7/b': {
        status: 429,
        body: {},
        headers: { 'X-Organization-Rate-Limit-Reset': String(NOW / 1000 + 45) },
      },
    });
    const client = createApiClient({ fetch: fetchImpl, now: () => NOW });
    expect((await apiFailure(client.getJson('/api/v7/a'))).retryAtMs).toBe(NOW + 30_000);
    expect((await apiFailure(client.getJson('/api/v7/b'))).retryAtMs).toBe(NOW + 45_000);
    expect(retryAtFromHeaders(new Headers(), NOW)).toBe(NOW + 60_000);
    // A reset promised in a year (or a Retry-After in ms by mistake) is capped at ten minutes.
    const far = new Headers({ 'X-Organization-Rate-Limit-Reset': String(NOW / 1000 + 31_536_000) });
    expect(retryAtFromHeaders(far, NOW)).toBe(NOW + 600_000);
    expect(retryAtFromHeaders(new Headers({ 'Retry-After': '30000' }), NOW)).toBe(NOW + 600_000);
  });

  it('decodes a body as UTF-8 the way response.text() does: the byte-order mark dropped, bad bytes replaced', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('{"agentName":"S\u00e3o '),
      0xff,
      ...new TextEncoder().encode('"}'),
    ]);
    const client = createApiClient({
      fetch: (async () => new Response(bytes)) as unknown as typeof fetch,
    });
    await expect(client.getJson('/api/v7/agents')).resolves.toEqual({ agentName: 'São \uFFFD' });
  });

  it('turns a body that is not JSON into invalid-response, not a crash', async () => {
    const { fetchImpl } = fakeFetch({ '/api/v7/html': { text: '<html>login</html>' } });
    const error = await apiFailure(createApiClient({ fetch: fetchImpl }).getJson('/api/v7/html'));
    expect(error.kind).toBe('invalid-response');
    expect(error.detail).toContain('not JSON');
  });

  it('turns a refused connection into network', async () => {
    const client = createApiClient({
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    const error = await apiFailure(client.getJson('/api/v7/account-groups'));
    expect(error.kind).toBe('network');
  });

  it('lets a cancellation through as a cancellation', async () => {
    const controller = new AbortController();
    const client = createApiClient({
      fetch: ((_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          );
        })) as unknown as typeof fetch,
    });
    const pending = client.getJson('/api/v7/account-groups', controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('asks only the Earshot API', async () => {
    const { fetchImpl, calls } = fakeFetch({});
    const client = createApiClient({ fetch: fetchImpl });
    for (const path of [
      'https://evil.example/api/v7',
      '//evil.example/api/',
      '/other',
      '/api//x',
    ]) {
      expect((await apiFailure(client.getJson(path))).kind).toBe('invalid-response');
    }
    expect(calls).toEqual([]);
  });
});

describe('retries', () => {
  const error = (kind: ApiError['kind'], retryAtMs?: number) =>
    new ApiError({ kind, path: '/api/v7/x', detail: 'x', retryAtMs });

  it('retries transient kinds only, never a 4xx', () => {
    for (const kind of ['network', 'upstream-unavailable', 'rate-limited'] as const) {
      expect(shouldRetryApiError(0, error(kind))).toBe(true);
      expect(isTransientApiError(error(kind))).toBe(true);
    }
    for (const kind of [
      'unauthorized',
      'forbidden',
      'not-found',
      'bad-request',
      'invalid-response',
    ] as const) {
      expect(shouldRetryApiError(0, error(kind))).toBe(false);
    }
    expect(shouldRetryApiError(0, new Error('bug'))).toBe(false);
    expect(shouldRetryApiError(3, error('network'))).toBe(false);
  });

  it('waits for the rate limit to reset before retrying', () => {
    expect(apiRetryDelayMs(0, error('rate-limited', NOW + 20_000), NOW)).toBe(21_000);
    expect(apiRetryDelayMs(0, error('rate-limited', NOW - 5_000), NOW)).toBe(1_000);
    expect(apiRetryDelayMs(2, error('network'), NOW)).toBe(4_000);
    expect(apiRetryDelayMs(20, error('network'), NOW)).toBe(30_000);
  });
});

describe('describeApiError', () => {
  const error = (kind: ApiError['kind'], detail = 'x', retryAtMs?: number) =>
    new ApiError({ kind, path: '/api/v7/x', detail, retryAtMs });

  it('says what to do, in words a person can act on', () => {
    expect(describeApiError(error('unauthorized')).action).toContain('TE_TOKEN');
    expect(describeApiError(error('forbidden'))).toMatchObject({
      title: 'That account group is not yours',
    });
    expect(describeApiError(error('forbidden')).action).toContain('Pick another account group');
    expect(describeApiError(error('not-found')).title).toBe('No such test');
    expect(
      describeApiError(error('rate-limited', 'x', Date.UTC(2026, 0, 31, 14, 5, 9))).action,
    ).toContain('Retrying at 14:05:09 UTC');
    expect(describeApiError(error('network')).title).toBe('The Earshot server cannot be reached');
    expect(describeApiError(error('network')).action).toContain('Retrying');
    expect(
      describeApiError(error('invalid-response', 'results[2].roundId: expected number')).action,
    ).toContain('results[2].roundId');
    expect(describeApiError(error('bad-request', 'window too long')).action).toContain(
      'window too long',
    );
    expect(describeApiError(new Error('boom')).action).toContain('boom');
  });
});
