// Account groups in either version → the internal model (the bodies arrive schema-checked). Apart
// from the result-row adapters so that the test list, the first page, loads none of those.
import type { z } from 'zod/mini';
import type { AccountGroup } from '../../lib/model.ts';
import type { v6AccountGroupsSchema } from '../schemas/v6.ts';
import type { v7AccountGroupsSchema } from '../schemas/v7.ts';

export function adaptV7AccountGroups(body: z.output<typeof v7AccountGroupsSchema>): AccountGroup[] {
  return body.accountGroups.map((group) => ({
    aid: group.aid,
    name: group.accountGroupName,
    isCurrent: group.isCurrentAccountGroup,
    isDefault: group.isDefaultAccountGroup,
  }));
}

export function adaptV6AccountGroups(body: z.output<typeof v6AccountGroupsSchema>): AccountGroup[] {
  return body.accountGroups.map((group) => ({
    aid: group.aid,
    name: group.accountGroupName,
    isCurrent: group.current,
    isDefault: group.default,
  }));
}
