// GET /api/earshot/config: which mode (live or simulator) and API version the server speaks.
import { queryOptions, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import {
  API_VERSIONS,
  EARSHOT_CONFIG_PATH,
  EARSHOT_MODES,
  type EarshotClientConfig,
} from '../../common/earshot-config.ts';
import { apiClient, type ApiClient } from './fetch-client.ts';
import { apiRetryOptions } from './query-client.ts';
import { parseBody } from './schemas/parse.ts';

const earshotConfigSchema = z.object({
  mode: z.enum(EARSHOT_MODES),
  apiVersion: z.enum(API_VERSIONS),
  buildId: z.string(),
});

export async function fetchEarshotConfig(
  options: { signal?: AbortSignal; client?: ApiClient } = {},
): Promise<EarshotClientConfig> {
  const { signal, client = apiClient } = options;
  const body = await client.getJson(EARSHOT_CONFIG_PATH, signal);
  return parseBody(earshotConfigSchema, body, EARSHOT_CONFIG_PATH);
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
