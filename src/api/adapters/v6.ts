// v6 bodies (already schema-checked) → the internal model.
import { parseIsoUtc, parseV6DateTime } from '../../lib/time-window.ts';
import type { AccountGroup, RoundResult, VoiceTest } from '../model.ts';
import type { z } from 'zod/mini';
import type { V6MetricRow, V6Test, v6AccountGroupsSchema } from '../schemas/v6.ts';
import { dateOrRoundStart, safePermalink } from './shared.ts';

export function adaptV6AccountGroups(body: z.output<typeof v6AccountGroupsSchema>): AccountGroup[] {
  return body.accountGroups.map((group) => ({
    aid: group.aid,
    name: group.accountGroupName,
    isCurrent: group.current,
    isDefault: group.default,
  }));
}

export function adaptV6Test(test: V6Test): VoiceTest {
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

/** v6 dates are `yyyy-MM-dd hh:mm:ss` in UTC; accept an ISO instant too, else the round start. */
function v6DateMs(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  return parseV6DateTime(date) ?? parseIsoUtc(date);
}

export function adaptV6MetricRow(row: V6MetricRow): RoundResult {
  return {
    agentId: row.agentId,
    agentName: row.agentName ?? row.agentId,
    countryId: row.countryId ?? '',
    roundId: row.roundId,
    dateMs: dateOrRoundStart(v6DateMs(row.date), row.roundId),
    ...safePermalink(row.permalink),
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
