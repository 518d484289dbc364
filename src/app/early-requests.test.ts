import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../api/test-support/fake-fetch.ts';
import { startEarlyRequests, testOfAddress } from './early-requests.ts';

const CONFIG = { mode: 'simulator', apiVersion: 'v7', buildId: 'b1' };
const TEST_7002 = {
  testId: '7002',
  testName: 'Voice to the exchange',
  type: 'voice',
  interval: 60,
  enabled: true,
  createdDate: '2026-01-01T00:00:00Z',
  codec: 'G.711 @ 64 Kbps',
  codecId: '0',
  dscp: 'EF (DSCP 46)',
  dscpId: '46',
  targetAgentId: '4',
  port: 49152,
  duration: 5,
  jitterBuffer: 40,
};

afterEach(() => vi.unstubAllGlobals());

describe('testOfAddress', () => {
  it('names the test and account group of a test page the page would accept', () => {
    expect(testOfAddress('/tests/7002', '?window=7d&aid=1234')).toEqual({
      testId: '7002',
      aid: '1234',
    });
    expect(testOfAddress('/tests/7002', '')).toEqual({ testId: '7002', aid: undefined });
  });

  it('names none for another page or an address the page would refuse', () => {
    expect(testOfAddress('/', '')).toBeUndefined();
    expect(testOfAddress('/wall', '?tests=7002')).toBeUndefined();
    expect(testOfAddress('/tests/abc', '')).toBeUndefined();
    expect(testOfAddress('/tests/7002', '?aid=x')).toBeUndefined();
    expect(testOfAddress('/tests/7002/more', '')).toBeUndefined();
  });
});

describe('startEarlyRequests', () => {
  it('asks for the config, then the test of a test page, into the cache the page reads', async () => {
    const { fetchImpl, calls } = fakeFetch({
      '/api/earshot/config': { body: CONFIG },
      '/api/v7/tests/voice/7002?aid=1234': { body: TEST_7002 },
    });
    vi.stubGlobal('fetch', fetchImpl);
    const queryClient = new QueryClient();
    await startEarlyRequests(queryClient, { pathname: '/tests/7002', search: '?aid=1234' });
    expect(calls).toEqual(['/api/earshot/config', '/api/v7/tests/voice/7002?aid=1234']);
    expect(queryClient.getQueryData(['earshot', 'config'])).toEqual(CONFIG);
    expect(queryClient.getQueryData(['voice-tests', 'v7', { aid: '1234' }, '7002'])).toMatchObject({
      testId: '7002',
    });
  });

  it('asks only for the config elsewhere, and leaves a failure to the page', async () => {
    const { fetchImpl, calls } = fakeFetch({
      // A failure nobody asks again (a rejected token): no retry waits in a unit test.
      '/api/earshot/config': { status: 401, body: { title: 'Unauthorized' } },
    });
    vi.stubGlobal('fetch', fetchImpl);
    const queryClient = new QueryClient();
    await expect(
      startEarlyRequests(queryClient, { pathname: '/tests/7002', search: '' }),
    ).resolves.toBeUndefined();
    expect(calls).toEqual(['/api/earshot/config']);
    expect(queryClient.getQueryState(['earshot', 'config'])?.status).toBe('error');
  });
});
