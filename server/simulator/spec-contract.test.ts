// The simulator's v7 bodies against the published spec's shapes (the same checks the browser's
// contract test builds its bodies from: common/spec-shapes.ts), and the v6 side kept
// consistent with them: the same agents, targets and codecs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENTS_SHAPE,
  RESULTS_PAGE_SHAPE,
  SPEC_CODECS,
  UNAUTHORIZED_SHAPE,
  VOICE_TEST_SHAPE,
  VOICE_TESTS_SHAPE,
  shapeProblems,
} from '../../common/spec-shapes.ts';
import { CODECS } from './catalog.ts';
import { modelMos } from '../../common/e-model.ts';
import type { RunningSimulator } from './index.ts';
import { get, getJson, startTestSimulator } from './test-support.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

type Body = Record<string, unknown>;
type VoiceTestBody = { testId: string; targetAgentId: string; codecId: string; codec: string };
type AgentBody = { agentId: string; agentType: string; agentName: string };

describe('the simulator speaks the published v7 spec', () => {
  it('lists voice tests, and answers one, in the spec shape', async () => {
    const list = await getJson(sim, '/v7/tests/voice');
    expect(shapeProblems(list.body, VOICE_TESTS_SHAPE)).toEqual([]);
    const one = await getJson(sim, '/v7/tests/voice/7001');
    expect(shapeProblems(one.body, VOICE_TEST_SHAPE)).toEqual([]);
  });

  it('sends results in the spec shape: startTime and endTime as integer epoch seconds', async () => {
    const { body } = await getJson<Body & { results: Body[] }>(
      sim,
      '/v7/test-results/7002/rtp-server?window=10m',
    );
    expect(body.results.length).toBeGreaterThan(0);
    expect(shapeProblems(body, RESULTS_PAGE_SHAPE)).toEqual([]);
    for (const row of body.results) {
      const date = Date.parse(String(row.date)) / 1000;
      expect(row.startTime).toBe(date);
      expect(row.endTime).toBe(date + 5); // test 7002 streams for 5 s
    }
  });

  it("names each test's codec by the spec's codecId, and every row by the same name", async () => {
    const { body } = await getJson<{ tests: VoiceTestBody[] }>(sim, '/v7/tests/voice');
    for (const test of body.tests) expect(test.codec).toBe(SPEC_CODECS[test.codecId]);
    const rows = await getJson<{ results: Body[] }>(sim, '/v7/test-results/7004/rtp-server');
    const test7004 = body.tests.find((test) => test.testId === '7004');
    for (const row of rows.body.results) expect(row.codecName).toBe(test7004?.codec);
  });

  it('gives every codec the ceiling its E-model impairment allows (G.711: 4.41)', () => {
    for (const codec of Object.values(CODECS)) {
      expect(SPEC_CODECS[String(codec.codecId)]).toBe(codec.name);
      expect(codec.maxMos).toBeCloseTo(modelMos(codec, 0, 0), 2);
    }
    expect(CODECS.g711.maxMos).toBe(4.41);
  });

  it('lists agents in the spec shape, every target agent among them, one a cluster', async () => {
    const agents = await getJson<{ agents: AgentBody[] }>(sim, '/v7/agents');
    expect(shapeProblems(agents.body, AGENTS_SHAPE)).toEqual([]);
    const tests = await getJson<{ tests: VoiceTestBody[] }>(sim, '/v7/tests/voice');
    const agentIds = new Set(agents.body.agents.map((agent) => agent.agentId));
    for (const test of tests.body.tests) expect(agentIds).toContain(test.targetAgentId);
    const types = new Set(agents.body.agents.map((agent) => agent.agentType));
    expect(types).toEqual(new Set(['cloud', 'enterprise', 'enterprise-cluster']));
  });

  it('streams each test to its own target address', async () => {
    const tests = await getJson<{ tests: VoiceTestBody[] }>(sim, '/v7/tests/voice');
    const serverIps = new Set<unknown>();
    for (const test of tests.body.tests.filter((candidate) => candidate.testId !== '7006')) {
      const page = await getJson<{ results: Body[] }>(
        sim,
        `/v7/test-results/${test.testId}/rtp-server`,
      );
      const ips = new Set(page.body.results.map((row) => row.serverIp));
      expect(ips.size).toBe(1);
      serverIps.add([...ips][0]);
    }
    expect(serverIps.size).toBe(tests.body.tests.length - 1);
  });

  it('answers 401 as application/problem+json with the UnauthorizedError body', async () => {
    const noToken: Record<string, string> = {};
    for (const headers of [noToken, { Authorization: 'Bearer nope' }]) {
      const response = await fetch(`${sim.url}/v7/tests/voice`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(shapeProblems(await response.json(), UNAUTHORIZED_SHAPE)).toEqual([]);
    }
  });
});

describe('the v6 side stays consistent', () => {
  it('lists the same agents, targets included, in v6 spelling', async () => {
    const v6 = await getJson<{ agents: { agentId: number; agentType: string }[] }>(
      sim,
      '/v6/agents.json',
    );
    const v7 = await getJson<{ agents: AgentBody[] }>(sim, '/v7/agents');
    expect(v6.body.agents.map((agent) => String(agent.agentId))).toEqual(
      v7.body.agents.map((agent) => agent.agentId),
    );
    expect(new Set(v6.body.agents.map((agent) => agent.agentType))).toEqual(
      new Set(['Cloud', 'Enterprise', 'Enterprise Cluster']),
    );
    const tests = await getJson<{ test: { targetAgentId: number; codecId: number }[] }>(
      sim,
      '/v6/tests/voice.json',
    );
    const ids = new Set(v6.body.agents.map((agent) => agent.agentId));
    for (const test of tests.body.test) {
      expect(ids).toContain(test.targetAgentId);
      expect(SPEC_CODECS[String(test.codecId)]).toBeDefined();
    }
  });

  it('keeps 401 as {"errorMessage"} JSON (v6 has no problem+json)', async () => {
    const response = await get(sim, '/v6/tests.json', { headers: { Authorization: 'Bearer no' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/json');
  });
});
