// v7 bodies (already schema-checked) → the internal model.
import { parseIsoUtc } from '../../lib/time-window.ts';
import type { AccountGroup, RoundResult, VoiceTest } from '../model.ts';
import type { z } from 'zod/mini';
import type { V7ResultRow, V7VoiceTest, v7AccountGroupsSchema } from '../schemas/v7.ts';
import { dateOrRoundStart, safePermalink } from './shared.ts';

export function adaptV7AccountGroups(body: z.output<typeof v7AccountGroupsSchema>): AccountGroup[] {
  return body.accountGroups.map((group) => ({
    aid: group.aid,
    name: group.accountGroupName,
    isCurrent: group.isCurrentAccountGroup,
    isDefault: group.isDefaultAccountGroup,
  }));
}

export function adaptV7VoiceTest(test: V7VoiceTest): VoiceTest {
  return {
    testId: test.testId,
    testName: test.testName,
    intervalSeconds: test.interval,
    enabled: test.enabled,
    alertsEnabled: test.alertsEnabled,
    codec: test.codec ?? '',
    codecId: test.codecId ?? '',
    dscp: test.dscp ?? '',
    dscpId: test.dscpId ?? '',
    jitterBufferMs: test.jitterBuffer,
    durationSeconds: test.duration,
    server: test.server,
    targetAgentId: test.targetAgentId,
  };
}

export function adaptV7ResultRow(row: V7ResultRow): RoundResult {
  // The schema guarantees one of the two agent ids.
  const agentId = (row.agent?.agentId ?? row.agentId) as string;
  return {
    agentId,
    agentName: row.agent?.agentName ?? row.agentName ?? agentId,
    countryId: row.agent?.countryId ?? row.countryId ?? '',
    roundId: row.roundId,
    dateMs: dateOrRoundStart(
      row.date === undefined ? undefined : parseIsoUtc(row.date),
      row.roundId,
    ),
    ...safePermalink(row._links?.appLink?.href ?? undefined),
    dscp: row.dscp ?? '',
    dscpName: row.dscpName ?? '',
    mos: row.mos,
    codecName: row.codecName ?? '',
    codecMaxMos: row.codecMaxMos,
    loss: row.loss,
    discards: row.discards,
    latency: row.latency,
    pdv: row.pdv,
    errorDetail: row.errorDetail ?? '',
    serverIp: row.serverIp,
  };
}
