// Cloud and enterprise agents: v7 /agents, v6 /agents.json. One upstream call per account group,
// shared by every view (the test list's targets, the dashboard's header, the agents table's types
// and locations) and kept for an hour: agents change far more slowly than results.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { readAgents } from './adapters/agents.ts';
import { apiClient, type ApiClient } from './fetch-client.ts';
import { aidQuery } from './ids.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { AgentInfo } from '../lib/model.ts';
import { apiRetryOptions } from './query-client.ts';
import { parseBody } from './schemas/parse.ts';
import { v6AgentsSchema } from './schemas/v6.ts';
import { v7AgentsSchema } from './schemas/v7.ts';

export interface AgentsParams {
  apiVersion: ApiVersion;
  /** undefined = the token's default account group. */
  aid: string | undefined;
}

/** How long the agents are fresh, and kept: one call an hour per account group, per browser. */
export const AGENTS_STALE_MS = 60 * 60_000;

export async function fetchAgents(
  { apiVersion, aid }: AgentsParams,
  options: { signal?: AbortSignal; client?: ApiClient } = {},
): Promise<Map<string, AgentInfo>> {
  const { signal, client = apiClient } = options;
  const base = apiVersion === 'v7' ? '/api/v7/agents' : '/api/v6/agents.json';
  const query = aidQuery(aid, base);
  const path = query === '' ? base : `${base}?${query}`;
  const body = await client.getJson(path, signal);
  const agents =
    apiVersion === 'v7'
      ? (parseBody(v7AgentsSchema, body, path).agents ?? [])
      : (parseBody(v6AgentsSchema, body, path).agents ?? []);
  return new Map(readAgents(agents).map((agent) => [agent.agentId, agent]));
}

export function agentsQueryOptions({ apiVersion, aid }: AgentsParams) {
  return queryOptions({
    queryKey: ['agents', apiVersion, { aid: aid ?? null }] as const,
    queryFn: ({ signal }) => fetchAgents({ apiVersion, aid }, { signal }),
    staleTime: AGENTS_STALE_MS,
    gcTime: AGENTS_STALE_MS,
    ...apiRetryOptions,
  });
}

/**
 * The agents by id, or undefined while they load or when they cannot be had: every view that uses
 * them still works without (a target then shows its id, an agent its name alone).
 */
export function useAgents(params: AgentsParams | undefined) {
  return useQuery({
    ...agentsQueryOptions(params ?? { apiVersion: 'v7', aid: undefined }),
    enabled: params !== undefined,
  });
}
