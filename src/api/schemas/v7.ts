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

/**
 * A voice test (`/tests/voice/{id}`, and each of `/tests/voice`). The spec requires only
 * `interval` and `targetAgentId`; Earshot needs the id and the interval (rounds align on it), and
 * names a test without `testName` by its id. `targetAgentId` is tolerated when absent.
 */
export const v7VoiceTestSchema = z.object({
  testId: idSchema,
  testName: optionalTextSchema,
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

/**
 * `/tests/voice`: each test is read on its own, so one the dashboard cannot use (no id, no
 * interval) is left out instead of failing the whole list; `readV7VoiceTestList` counts them.
 */
export const v7VoiceTestsSchema = z.object({
  tests: z.optional(z.nullable(z.array(z.unknown()))),
});

/**
 * The test a results page embeds is the spec's SimpleTest: every field optional. Earshot takes the
 * test from `/tests/voice/{id}`; this one is kept only when it is complete, and never refuses the
 * page.
 */
const v7SimpleTestSchema = z.optional(
  z.pipe(
    z.unknown(),
    z.transform((value): V7VoiceTest | undefined => {
      const parsed = z.safeParse(v7VoiceTestSchema, value);
      return parsed.success ? parsed.data : undefined;
    }),
  ),
);

export const v7VoiceResultsSchema = z.object({
  // Each row is checked and adapted by readV7ResultRows (common/result-rows/v7.ts).
  results: z.pipe(
    z.optional(z.nullable(z.array(z.unknown()))),
    z.transform((value) => value ?? []),
  ),
  test: v7SimpleTestSchema,
  startDate: optionalTextSchema,
  endDate: optionalTextSchema,
  _links: z.optional(z.nullable(z.object({ next: hrefSchema }))),
});
export type V7VoiceResults = z.output<typeof v7VoiceResultsSchema>;

/**
 * `/agents`: the spec's CloudEnterpriseAgent, where only `agentType` is required. Each agent is
 * read by readV7Agents (../adapters/agents.ts), so one odd agent never hides the others.
 */
export const v7AgentsSchema = z.object({
  agents: z.optional(z.nullable(z.array(z.unknown()))),
});
