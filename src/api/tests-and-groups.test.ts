import { describe, expect, it } from 'vitest';
import { fetchAccountGroups } from './account-groups.ts';
import { ApiError, createApiClient } from './fetch-client.ts';
import { fetchVoiceTest, fetchVoiceTests } from './voice-tests.ts';
import { fakeFetch, type FakeResponse } from './test-support/fake-fetch.ts';

const client = (routes: Record<string, FakeResponse>) => {
  const fake = fakeFetch(routes);
  return { client: createApiClient({ fetch: fake.fetchImpl }), calls: fake.calls };
};

const V6_TEST = {
  testId: 6627,
  testName: 'my second voice test',
  type: 'voice',
  interval: 300,
  enabled: 1,
  alertsEnabled: 0,
  savedEvent: 0,
  liveShare: 0,
  server: 'vps-lhr4.thousandeyes.com:49152',
  codec: 'G.722 @ 32 Kbps',
  codecId: 2,
  dscp: 'EF (DSCP 46)',
  dscpId: 46,
  jitterBuffer: 40,
  apiLinks: [{ rel: 'self', href: 'https://api.thousandeyes.com/v6/tests/6627' }],
};

describe('account groups', () => {
  it('reads v7 booleans and v6 0/1 flags alike', async () => {
    const v7 = client({
      '/api/v7/account-groups': {
        body: {
          accountGroups: [
            {
              aid: '1001',
              accountGroupName: 'NOC',
              isCurrentAccountGroup: true,
              isDefaultAccountGroup: false,
            },
          ],
        },
      },
    });
    expect(await fetchAccountGroups('v7', { client: v7.client })).toEqual([
      { aid: '1001', name: 'NOC', isCurrent: true, isDefault: false },
    ]);
    const v6 = client({
      '/api/v6/account-groups.json': {
        body: { accountGroups: [{ aid: 59, accountGroupName: 'Ops', current: 0, default: 1 }] },
      },
    });
    expect(await fetchAccountGroups('v6', { client: v6.client })).toEqual([
      { aid: '59', name: 'Ops', isCurrent: false, isDefault: true },
    ]);
  });
});

describe('voice tests', () => {
  it('reads v6 tests (integer ids, 0/1 flags), sorted by name', async () => {
    const { client: c, calls } = client({
      '/api/v6/tests/voice.json?aid=59': {
        body: { test: [{ ...V6_TEST, testId: 2, testName: 'zulu' }, V6_TEST] },
      },
    });
    const { tests, unreadable } = await fetchVoiceTests(
      { apiVersion: 'v6', aid: '59' },
      { client: c },
    );
    expect(unreadable).toBe(0);
    expect(calls).toEqual(['/api/v6/tests/voice.json?aid=59']);
    expect(tests.map((test) => test.testName)).toEqual(['my second voice test', 'zulu']);
    expect(tests[0]).toEqual({
      testId: '6627',
      testName: 'my second voice test',
      intervalSeconds: 300,
      enabled: true,
      alertsEnabled: false,
      codec: 'G.722 @ 32 Kbps',
      codecId: '2',
      dscp: 'EF (DSCP 46)',
      dscpId: '46',
      jitterBufferMs: 40,
      durationSeconds: undefined,
      server: 'vps-lhr4.thousandeyes.com:49152',
      targetAgentId: undefined,
    });
  });

  it('reads one v6 test from its array of one, and refuses an answer for another test', async () => {
    const ok = client({ '/api/v6/tests/6627.json': { body: { test: [V6_TEST] } } });
    expect(
      (
        await fetchVoiceTest(
          { apiVersion: 'v6', aid: undefined, testId: '6627' },
          { client: ok.client },
        )
      ).testId,
    ).toBe('6627');
    const wrong = client({
      '/api/v6/tests/6627.json': { body: { test: [{ ...V6_TEST, testId: 1 }] } },
    });
    await expect(
      fetchVoiceTest(
        { apiVersion: 'v6', aid: undefined, testId: '6627' },
        { client: wrong.client },
      ),
    ).rejects.toMatchObject({ kind: 'invalid-response' });
    const empty = client({ '/api/v6/tests/6627.json': { body: { test: [] } } });
    await expect(
      fetchVoiceTest(
        { apiVersion: 'v6', aid: undefined, testId: '6627' },
        { client: empty.client },
      ),
    ).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('refuses a test whose interval is not a whole number of seconds', async () => {
    const { client: c } = client({
      '/api/v7/tests/voice/1': { body: { testId: '1', testName: 'x', interval: '60' } },
    });
    const error = await fetchVoiceTest(
      { apiVersion: 'v7', aid: undefined, testId: '1' },
      { client: c },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).detail).toMatch(/^interval: /);
  });

  it('never sends a bad id or account group upstream', async () => {
    const { client: c, calls } = client({});
    await expect(
      fetchVoiceTest({ apiVersion: 'v7', aid: undefined, testId: '1/../../x' }, { client: c }),
    ).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(
      fetchVoiceTests({ apiVersion: 'v7', aid: '1&x=2' }, { client: c }),
    ).rejects.toMatchObject({
      kind: 'bad-request',
    });
    expect(calls).toEqual([]);
  });
});
