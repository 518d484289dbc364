// The contract with the published v7 spec (docs/thousandeyes-spec.md): bodies built from the
// spec's own examples, and variants with every optional field left out, go through Earshot's
// schemas and adapters; next links and cursors go through the browser's paging as the Earshot
// server hands them over.
import { describe, expect, it } from 'vitest';
import { describeTarget, readAgents } from '../adapters/agents.ts';
import { describeSkippedRows } from '../../../common/result-rows/skipped-rows.ts';
import { fetchAgents } from '../agents.ts';
import { createApiClient, describeApiError, isApiError } from '../fetch-client.ts';
import { fakeFetch, type FakeResponse } from '../test-support/fake-fetch.ts';
import { fetchVoiceResults, openV7Page } from '../voice-results.ts';
import { fetchVoiceTest, fetchVoiceTests } from '../voice-tests.ts';
import {
  AGENTS_SHAPE,
  RESULTS_PAGE_SHAPE,
  SPEC_EXAMPLE_AGENT,
  SPEC_EXAMPLE_ROW,
  SPEC_EXAMPLE_VOICE_TEST,
  SPEC_MINIMAL_AGENT,
  SPEC_MINIMAL_VOICE_TEST,
  VOICE_TESTS_SHAPE,
  shapeProblems,
  specResultsPage,
} from '../../../common/spec-shapes.ts';

const PATH = '/api/v7/test-results/281474976710706/rtp-server';
const FIRST = `${PATH}?window=1h`;

function clientFor(routes: Record<string, FakeResponse>) {
  const { fetchImpl, calls } = fakeFetch(routes);
  return { client: createApiClient({ fetch: fetchImpl }), calls };
}

function download(routes: Record<string, FakeResponse>) {
  const { client, calls } = clientFor(routes);
  const promise = fetchVoiceResults(
    {
      apiVersion: 'v7',
      aid: undefined,
      testId: '281474976710706',
      range: { kind: 'relative', windowSeconds: 3600 },
    },
    { client },
  );
  return { promise, calls };
}

describe('the fixtures are what the spec says', () => {
  it('pass the spec-shaped checks, and those checks catch a wrong form', () => {
    expect(shapeProblems(specResultsPage(), RESULTS_PAGE_SHAPE)).toEqual([]);
    expect(
      shapeProblems(
        { tests: [SPEC_EXAMPLE_VOICE_TEST, SPEC_MINIMAL_VOICE_TEST] },
        VOICE_TESTS_SHAPE,
      ),
    ).toEqual([]);
    expect(
      shapeProblems({ agents: [SPEC_EXAMPLE_AGENT, SPEC_MINIMAL_AGENT] }, AGENTS_SHAPE),
    ).toEqual([]);
    const isoTimes = { ...SPEC_EXAMPLE_ROW, startTime: '2022-07-17T22:00:54Z' };
    expect(shapeProblems(specResultsPage({ results: [isoTimes] }), RESULTS_PAGE_SHAPE)).toEqual([
      'the body.results[0].startTime: expected an integer, got "2022-07-17T22:00:54Z"',
    ]);
    expect(shapeProblems({ tests: [{ interval: 120 }] }, VOICE_TESTS_SHAPE)).toEqual([
      'the body.tests[0].targetAgentId: required, missing',
    ]);
  });
});

describe("results pages built from the spec's examples", () => {
  it('read the example row whole, its agent location included', () => {
    const page = openV7Page(specResultsPage(), PATH).read();
    expect(page.rows).toEqual([
      expect.objectContaining({
        agentId: '281474976710706',
        agentName: 'thousandeyes-stg-va-254',
        agentLocation: 'Ashburn, VA',
        countryId: 'US',
        roundId: 1384309800,
        dateMs: Date.parse('2022-07-17T22:00:54Z'),
        mos: 4.351024,
        codecMaxMos: 4.41,
        latency: 103,
        serverIp: '172.97.102.37',
        permalink: SPEC_EXAMPLE_ROW._links.appLink.href,
      }),
    ]);
    expect(page.test).toMatchObject({ testId: '281474976710706', intervalSeconds: 120 });
  });

  it('accept a page with every optional member left out', () => {
    for (const body of [{}, { results: [] }, { results: null, _links: {} }]) {
      const page = openV7Page(body, PATH).read();
      expect(page.rows).toEqual([]);
      expect(page.test).toBeUndefined();
    }
  });

  it('accept an embedded SimpleTest with any of its (optional) fields left out', () => {
    const {
      testName: _name,
      interval: _interval,
      ...withoutNameOrInterval
    } = SPEC_EXAMPLE_VOICE_TEST;
    for (const test of [{}, withoutNameOrInterval, { testId: '1', interval: '60' }]) {
      const page = openV7Page(specResultsPage({ test }), PATH).read();
      expect(page.rows).toHaveLength(1);
      // The dashboard takes the test from /tests/voice/{id}; an incomplete one is not used.
      expect(page.test).toBeUndefined();
    }
    const { testName: _, ...withoutName } = SPEC_EXAMPLE_VOICE_TEST;
    expect(openV7Page(specResultsPage({ test: withoutName }), PATH).read().test).toMatchObject({
      testName: 'Test 281474976710706',
    });
  });

  it('read a row with only what places it, leaving every metric as no value', () => {
    const minimal = { roundId: 1384309800, agent: { agentId: '7' } };
    const [row] = openV7Page(specResultsPage({ results: [minimal] }), PATH).read().rows;
    expect(row).toMatchObject({
      agentId: '7',
      agentName: '7',
      agentLocation: undefined,
      mos: undefined,
      loss: undefined,
      latency: undefined,
      errorDetail: '',
      permalink: undefined,
      dateMs: 1384309800_000,
    });
  });

  it('leave out the rows that cannot be placed, and say how many', async () => {
    const rows = [SPEC_EXAMPLE_ROW, {}, { roundId: 1384309800 }, { agent: { agentId: '7' } }];
    const { promise } = download({ [FIRST]: { body: specResultsPage({ results: rows }) } });
    const results = await promise;
    expect(results.rows).toHaveLength(1);
    expect(results.skippedRows).toEqual({ withoutAgent: 1, withoutRound: 2 });
    expect(describeSkippedRows(results.skippedRows)).toBe(
      '1 row without an agent and 2 rows without a round were left out',
    );
  });
});

describe('next links and cursors, as the Earshot server hands them over', () => {
  it('follows a relative /api/v7 next link carrying a cursor with +, / and =, byte-exact', async () => {
    const cursor = 'a+b/c==';
    const second = `${PATH}?window=1h&cursor=${cursor}`;
    const { promise, calls } = download({
      [FIRST]: { body: specResultsPage({ next: second }) },
      [second]: {
        body: specResultsPage({ results: [{ ...SPEC_EXAMPLE_ROW, roundId: 1384310100 }] }),
      },
    });
    const results = await promise;
    expect(calls).toEqual([FIRST, second]);
    expect(results.rows.map((row) => row.roundId)).toEqual([1384309800, 1384310100]);
  });

  it('refuses an absolute upstream link the server did not rewrite, saying so', async () => {
    const { promise, calls } = download({
      [FIRST]: {
        body: specResultsPage({
          next: 'https://api.thousandeyes.com/v7/test-results/281474976710706/rtp-server?cursor=x',
        }),
      },
    });
    const error = await promise.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(isApiError(error) && error.detail).toMatch(/next page link .* was not followed/);
    expect(calls).toEqual([FIRST]);
  });

  it("shows the server's 502 about an unfollowable next page to the user, mid-download", async () => {
    const second = `${PATH}?window=1h&cursor=abc`;
    const detail =
      'ThousandEyes returned a next page Earshot will not follow: http://elsewhere.example/x';
    const { promise } = download({
      [FIRST]: { body: specResultsPage({ next: second }) },
      [second]: {
        status: 502,
        body: { type: 'about:blank', title: 'Bad Gateway', status: 502, detail },
        headers: { 'Content-Type': 'application/problem+json' },
      },
    });
    const error = await promise.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(describeApiError(error).action).toContain(detail);
  });
});

describe('voice tests as the spec marks them', () => {
  it('lists tests when one has no testName, and leaves out one with no id', async () => {
    const { testName: _, ...withoutName } = { ...SPEC_EXAMPLE_VOICE_TEST, testId: '2' };
    const { client } = clientFor({
      '/api/v7/tests/voice': {
        body: { tests: [SPEC_EXAMPLE_VOICE_TEST, withoutName, SPEC_MINIMAL_VOICE_TEST] },
      },
    });
    const { tests, unreadable } = await fetchVoiceTests(
      { apiVersion: 'v7', aid: undefined },
      { client },
    );
    expect(unreadable).toBe(1);
    expect(tests.map((test) => [test.testId, test.testName])).toEqual([
      ['2', 'Test 2'],
      ['281474976710706', 'ThousandEyes Test'],
    ]);
    expect(tests[1]).toMatchObject({ targetAgentId: '281474976710707', port: 49152 });
  });

  it('opens one test without a name or a target', async () => {
    const { testName: _n, targetAgentId: _t, ...bare } = SPEC_EXAMPLE_VOICE_TEST;
    const { client } = clientFor({ '/api/v7/tests/voice/281474976710706': { body: bare } });
    const test = await fetchVoiceTest(
      { apiVersion: 'v7', aid: undefined, testId: '281474976710706' },
      { client },
    );
    expect(test).toMatchObject({ testName: 'Test 281474976710706', targetAgentId: undefined });
  });
});

describe('agents as the spec marks them', () => {
  it("reads the example agent's type, state, network and location, and a bare one", async () => {
    const { client } = clientFor({
      '/api/v7/agents': {
        body: { agents: [SPEC_EXAMPLE_AGENT, SPEC_MINIMAL_AGENT, { agentId: '9' }] },
      },
    });
    const agents = await fetchAgents({ apiVersion: 'v7', aid: undefined }, { client });
    // The minimal agent has no id to be found by: it is left out.
    expect([...agents.keys()]).toEqual(['281474976710707', '9']);
    expect(agents.get('281474976710707')).toEqual({
      agentId: '281474976710707',
      agentName: 'sjc-office-01',
      agentType: 'enterprise',
      agentState: 'online',
      location: 'San Jose, CA',
      countryId: 'US',
      network: 'Acme Corporation (AS 64500)',
    });
    expect(agents.get('9')).toMatchObject({ agentName: '9', agentType: 'unknown' });
  });

  it('reads v6 spellings of the types', () => {
    const types = readAgents([
      { agentId: 1, agentType: 'Cloud' },
      { agentId: 2, agentType: 'Enterprise Cluster' },
      { agentId: 3, agentType: 'Enterprise', agentState: 'Online' },
    ]).map((agent) => [agent.agentType, agent.agentState]);
    expect(types).toEqual([
      ['cloud', undefined],
      ['enterprise-cluster', undefined],
      ['enterprise', 'online'],
    ]);
  });

  it("names a v7 test's target by its agent and port, and keeps v6's host:port", () => {
    const agents = new Map(
      readAgents([SPEC_EXAMPLE_AGENT]).map((agent) => [agent.agentId, agent] as const),
    );
    const v7 = { server: undefined, targetAgentId: '281474976710707', port: 49152 };
    expect(describeTarget(v7, agents)).toEqual({
      text: 'sjc-office-01 (San Jose, CA), port 49152',
      named: true,
    });
    expect(describeTarget(v7, undefined)).toEqual({
      text: 'agent 281474976710707, port 49152',
      named: false,
    });
    const v6 = { server: 'voice-fra.acme.example:49152', targetAgentId: '501' };
    expect(describeTarget(v6, agents).text).toBe('voice-fra.acme.example:49152');
  });
});
