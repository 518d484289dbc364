// Account groups the token can see: v7 /account-groups, v6 /account-groups.json.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { adaptV6AccountGroups, adaptV7AccountGroups } from './adapters/account-groups.ts';
import { apiClient, type ApiClient } from './fetch-client.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { AccountGroup } from '../lib/model.ts';
import { apiRetryOptions } from './query-client.ts';
import { parseBody } from './schemas/parse.ts';
import { v6AccountGroupsSchema } from './schemas/v6.ts';
import { v7AccountGroupsSchema } from './schemas/v7.ts';

export async function fetchAccountGroups(
  apiVersion: ApiVersion,
  options: { signal?: AbortSignal; client?: ApiClient } = {},
): Promise<AccountGroup[]> {
  const { signal, client = apiClient } = options;
  if (apiVersion === 'v7') {
    const path = '/api/v7/account-groups';
    return adaptV7AccountGroups(
      parseBody(v7AccountGroupsSchema, await client.getJson(path, signal), path),
    );
  }
  const path = '/api/v6/account-groups.json';
  return adaptV6AccountGroups(
    parseBody(v6AccountGroupsSchema, await client.getJson(path, signal), path),
  );
}

export function accountGroupsQueryOptions(apiVersion: ApiVersion) {
  return queryOptions({
    queryKey: ['account-groups', apiVersion] as const,
    queryFn: ({ signal }) => fetchAccountGroups(apiVersion, { signal }),
    staleTime: 10 * 60_000,
    ...apiRetryOptions,
  });
}

export function useAccountGroups(apiVersion: ApiVersion | undefined) {
  return useQuery({
    ...accountGroupsQueryOptions(apiVersion ?? 'v7'),
    enabled: apiVersion !== undefined,
  });
}
