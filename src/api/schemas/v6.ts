// The ThousandEyes v6 bodies Earshot reads (see ../shared/API.md, "v6", and the seed).
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

export const v6AccountGroupsSchema = z.object({
  accountGroups: z.array(
    z.object({
      aid: idSchema,
      accountGroupName: z.string(),
      current: flagSchema,
      default: flagSchema,
    }),
  ),
});

export const v6TestSchema = z.object({
  testId: idSchema,
  testName: z.string(),
  type: optionalTextSchema,
  interval: intervalSchema,
  enabled: flagSchema,
  alertsEnabled: flagSchema,
  server: optionalTextSchema,
  codec: optionalTextSchema,
  codecId: optionalIdSchema,
  dscp: optionalTextSchema,
  dscpId: optionalIdSchema,
  jitterBuffer: optionalNumberSchema,
  duration: optionalNumberSchema,
  targetAgentId: optionalIdSchema,
});
export type V6Test = z.output<typeof v6TestSchema>;

/** `/tests/voice.json` and `/tests/{id}.json`: always an array, even for one test. */
export const v6TestsSchema = z.object({ test: z.array(v6TestSchema) });

export const v6MetricRowSchema = z.object({
  agentId: idSchema,
  agentName: optionalTextSchema,
  countryId: optionalTextSchema,
  date: optionalTextSchema,
  roundId: roundIdSchema,
  permalink: optionalTextSchema,
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
});
export type V6MetricRow = z.output<typeof v6MetricRowSchema>;

export const v6VoiceResultsSchema = z.object({
  voice: z.object({
    test: z.optional(z.nullable(v6TestSchema)),
    metrics: z.array(v6MetricRowSchema),
  }),
  // `pages: {}` or no `next` ends pagination.
  pages: z.optional(
    z.nullable(
      z.object({
        current: z.optional(z.nullable(z.number())),
        next: z.optional(z.nullable(z.string())),
      }),
    ),
  ),
});
export type V6VoiceResults = z.output<typeof v6VoiceResultsSchema>;
