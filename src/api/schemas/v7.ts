// The ThousandEyes v7 bodies Earshot reads (see ../shared/API.md, "v7").
import * as z from 'zod/mini';
import {
  flagSchema,
  idSchema,
  intervalSchema,
  mosSchema,
  nonNegativeSchema,
  optionalIdSchema,
  optionalNumberSchema,
  optionalTextSchema,
  percentSchema,
  roundIdSchema,
} from './common.ts';

const hrefSchema = z.optional(z.nullable(z.object({ href: z.optional(z.nullable(z.string())) })));

export const v7AccountGroupsSchema = z.object({
  accountGroups: z.array(
    z.object({
      aid: idSchema,
      accountGroupName: z.string(),
      isCurrentAccountGroup: flagSchema,
      isDefaultAccountGroup: flagSchema,
    }),
  ),
});

export const v7VoiceTestSchema = z.object({
  testId: idSchema,
  testName: z.string(),
  type: optionalTextSchema,
  interval: intervalSchema,
  enabled: flagSchema,
  alertsEnabled: flagSchema,
  codec: optionalTextSchema,
  codecId: optionalIdSchema,
  dscp: optionalTextSchema,
  dscpId: optionalIdSchema,
  duration: optionalNumberSchema,
  jitterBuffer: optionalNumberSchema,
  targetAgentId: optionalIdSchema,
  server: optionalTextSchema,
  port: optionalNumberSchema,
});
export type V7VoiceTest = z.output<typeof v7VoiceTestSchema>;

export const v7VoiceTestsSchema = z.object({
  tests: z.array(v7VoiceTestSchema),
});

export const v7ResultRowSchema = z
  .object({
    roundId: roundIdSchema,
    date: optionalTextSchema,
    agent: z.optional(
      z.nullable(
        z.object({
          agentId: idSchema,
          agentName: optionalTextSchema,
          countryId: optionalTextSchema,
        }),
      ),
    ),
    // Not documented at the top level, but cheap to accept when the agent object is missing.
    agentId: optionalIdSchema,
    agentName: optionalTextSchema,
    countryId: optionalTextSchema,
    serverIp: optionalTextSchema,
    dscp: optionalTextSchema,
    dscpName: optionalTextSchema,
    mos: mosSchema,
    codecName: optionalTextSchema,
    codecMaxMos: mosSchema,
    loss: percentSchema,
    discards: nonNegativeSchema,
    latency: nonNegativeSchema,
    pdv: nonNegativeSchema,
    errorDetail: optionalTextSchema,
    _links: z.optional(z.nullable(z.object({ appLink: hrefSchema }))),
  })
  .check(
    z.refine((row) => row.agent?.agentId !== undefined || row.agentId !== undefined, {
      message: 'a result has no agent.agentId',
    }),
  );
export type V7ResultRow = z.output<typeof v7ResultRowSchema>;

export const v7VoiceResultsSchema = z.object({
  results: z.array(v7ResultRowSchema),
  test: z.optional(z.nullable(v7VoiceTestSchema)),
  startDate: optionalTextSchema,
  endDate: optionalTextSchema,
  _links: z.optional(z.nullable(z.object({ next: hrefSchema }))),
});
export type V7VoiceResults = z.output<typeof v7VoiceResultsSchema>;
