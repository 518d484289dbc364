// GET /api/earshot/config: which mode (live or simulator) and API version the server speaks.
import { queryOptions, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { apiClient, type ApiClient } from './fetch-client.ts';
import type { ApiVersion } from './model.ts';
import { apiRetryOptions } from './query-client.ts';
import { parseBody } from './schemas/parse.ts';

export interface EarshotConfig {
  mode: 'live' | 'simulator';
  apiVersion: ApiVersion;
  buildId: string;
}

const earshotConfigSchema = z.object({
  mode: z.enum(['live', 'simulator']),
  apiVersion: z.enum(['v7', 'v6']),
  buildId: z.string(),
});

const CONFIG_PATH = '/api/earshot/config';

export async function fetchEarshotConfig(
  options: { signal?: AbortSignal; client?: ApiClient } = {},
): Promise<EarshotConfig> {
  const { signal, client = apiClient } = options;
  return parseBody(earshotConfigSchema, await client.getJson(CONFIG_PATH, signal), CONFIG_PATH);
}

export function earshotConfigQueryOptions() {
  return queryOptions({
    queryKey: ['earshot', 'config'] as const,
    queryFn: ({ signal }) => fetchEarshotConfig({ signal }),
    // Changes only when the server restarts with other settings.
    staleTime: 10 * 60_000,
    ...apiRetryOptions,
  });
}

export function useEarshotConfig() {
  return useQuery(earshotConfigQueryOptions());
}
