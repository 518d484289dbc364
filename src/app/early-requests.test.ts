import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../api/test-support/fake-fetch.ts';
import { startEarlyRequests } from './early-requests.ts';

const CONFIG = { mode: 'simulator', apiVersion: 'v7', buildId: 'b1' };

afterEach(() => vi.unstubAllGlobals());

describe('startEarlyRequests', () => {
  it('asks for the config once, into the cache the pages read', async () => {
    const { fetchImpl, calls } = fakeFetch({ '/api/earshot/config': { body: CONFIG } });
    vi.stubGlobal('fetch', fetchImpl);
    const queryClient = new QueryClient();
    await startEarlyRequests(queryClient);
    expect(calls).toEqual(['/api/earshot/config']);
    expect(queryClient.getQueryData(['earshot', 'config'])).toEqual(CONFIG);
  });

  it('leaves a failure in the cache for the page, and throws nothing', async () => {
    const { fetchImpl } = fakeFetch({
      // A failure nobody asks again (a rejected token): no retry waits in a unit test.
      '/api/earshot/config': { status: 401, body: { title: 'Unauthorized' } },
    });
    vi.stubGlobal('fetch', fetchImpl);
    const queryClient = new QueryClient();
    await expect(startEarlyRequests(queryClient)).resolves.toBeUndefined();
    expect(queryClient.getQueryState(['earshot', 'config'])?.status).toBe('error');
  });
});
