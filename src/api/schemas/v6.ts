// The ThousandEyes v6 bodies Earshot reads (see docs/thousandeyes-api.md, "Bodies").
import * as z from 'zod/mini';
import {
  flagSchema,
  idSchema,
  intervalSchema,
  optionalIdSchema,
  optionalNumberSchema,
  optionalTextSchema,
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
  testName: optionalTextSchema,
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

export const v6VoiceResultsSchema = z.object({
  voice: z.object({
    test: z.optional(z.nullable(v6TestSchema)),
    // Each row is checked and adapted by readV6MetricRows (common/result-rows/v6.ts).
    metrics: z.array(z.unknown()),
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

/** `/agents.json`: each agent is read by readV6Agents (../adapters/agents.ts). */
export const v6AgentsSchema = z.object({
  agents: z.optional(z.nullable(z.array(z.unknown()))),
});
