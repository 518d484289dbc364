// The ThousandEyes v7 bodies Earshot reads (see docs/thousandeyes-api.md, "Bodies").
import * as z from 'zod/mini';
import {
  flagSchema,
  idSchema,
  intervalSchema,
  optionalIdSchema,
  optionalNumberSchema,
  optionalTextSchema,
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

export const v7VoiceResultsSchema = z.object({
  // Each row is checked and adapted by readV7ResultRows (../adapters/v7.ts).
  results: z.array(z.unknown()),
  test: z.optional(z.nullable(v7VoiceTestSchema)),
  startDate: optionalTextSchema,
  endDate: optionalTextSchema,
  _links: z.optional(z.nullable(z.object({ next: hrefSchema }))),
});
export type V7VoiceResults = z.output<typeof v7VoiceResultsSchema>;
