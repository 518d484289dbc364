// `/agents` bodies → AgentInfo. Each agent is read on its own: the spec requires only `agentType`,
// and one agent Earshot cannot use (no id) is left out rather than hiding every other.
import type { AgentInfo, AgentType } from '../../lib/model.ts';
import { UPSTREAM_ID_PATTERN } from '../../../common/result-rows/row-fields.ts';

type Record_ = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(value: unknown): string | undefined {
  if (typeof value === 'string' && UPSTREAM_ID_PATTERN.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

/** Text, or undefined for anything absent, blank or not text. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** v7 spells `enterprise-cluster`, v6 `Enterprise Cluster`; anything else is `unknown`. */
export function agentTypeOf(value: unknown): AgentType {
  const spelled = typeof value === 'string' ? value.trim().toLowerCase().replace(/\s+/g, '-') : '';
  return spelled === 'cloud' || spelled === 'enterprise' || spelled === 'enterprise-cluster'
    ? spelled
    : 'unknown';
}

function readAgent(value: unknown): AgentInfo | undefined {
  if (!isObject(value)) return undefined;
  const agentId = id(value.agentId);
  if (agentId === undefined) return undefined;
  const state = text(value.agentState);
  return {
    agentId,
    agentName: text(value.agentName) ?? agentId,
    agentType: agentTypeOf(value.agentType),
    agentState: state === undefined ? undefined : state.toLowerCase(),
    location: text(value.location),
    countryId: text(value.countryId),
    network: text(value.network),
  };
}

/** The agents of a v7 `/agents` or v6 `/agents.json` body (the same fields, spelt alike). */
export function readAgents(items: readonly unknown[]): AgentInfo[] {
  const agents: AgentInfo[] = [];
  for (const item of items) {
    const agent = readAgent(item);
    if (agent !== undefined) agents.push(agent);
  }
  return agents;
}

/** What the test list and dashboard say about a test's target, from what is known. */
export interface TargetDescription {
  /** "sjc-voice-gw-01 (San Jose, CA), port 49152", or v6's `host:port`. */
  text: string;
  /** True when the target agent is named; false when only its id (or nothing) is known. */
  named: boolean;
}

/**
 * A test's target in words. v6 names a server (`host:port`); v7 names an agent by id, which
 * `/agents` turns into a name and a location; the port is v7's own field.
 */
export function describeTarget(
  test: {
    server: string | undefined;
    targetAgentId: string | undefined;
    port?: number | undefined;
  },
  agentsById: ReadonlyMap<string, AgentInfo> | undefined,
): TargetDescription {
  if (test.server !== undefined && test.server.trim() !== '') {
    return { text: test.server, named: true };
  }
  const port = test.port === undefined ? '' : `, port ${test.port}`;
  if (test.targetAgentId === undefined) {
    return { text: port === '' ? 'unknown' : `port ${test.port}`, named: false };
  }
  const agent = agentsById?.get(test.targetAgentId);
  if (agent === undefined) {
    return { text: `agent ${test.targetAgentId}${port}`, named: false };
  }
  return { text: `${agentNameWithLocation(agent.agentName, agent.location)}${port}`, named: true };
}

/**
 * "sjc-office-01 (San Jose, CA)": an agent as every view names it, with where it is when known
 * (a row's `agent.location`, else /agents), so an office agent is never a bare name. A name that
 * already says where (cloud agents are named "Frankfurt, Germany") is not repeated.
 */
export function agentNameWithLocation(agentName: string, location: string | undefined): string {
  const where = location?.trim() ?? '';
  if (where === '' || agentName.toLocaleLowerCase().includes(where.toLocaleLowerCase())) {
    return agentName;
  }
  return `${agentName} (${where})`;
}
