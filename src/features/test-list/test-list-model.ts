// What the test list decides without React: which tests match, where each links, which group is
// shown as chosen.
import type { AccountGroup, VoiceTest } from '../../lib/model.ts';
import type { Health } from '../../lib/health-colours.ts';

/**
 * Tests whose name, id or target contains the query, ignoring case and surrounding spaces. The
 * target is as the list writes it (`targetOf`: v6's server, v7's target agent by name).
 */
export function filterTests(
  tests: readonly VoiceTest[],
  query: string,
  targetOf: (test: VoiceTest) => string = (test) => test.server ?? '',
): readonly VoiceTest[] {
  const needle = query.trim().toLocaleLowerCase();
  if (needle === '') return tests;
  const matches = (text: string) => text.toLocaleLowerCase().includes(needle);
  return tests.filter(
    (test) => matches(test.testName) || matches(test.testId) || matches(targetOf(test)),
  );
}

/**
 * The dashboard of a test. `aid` travels with it so a shared link opens the same account group;
 * the time window is left out, so the dashboard's default stays the default (DESIGN.md, URLs).
 */
export function testHref(testId: string, aid: string | undefined): string {
  const path = `/tests/${encodeURIComponent(testId)}`;
  return aid === undefined ? path : `${path}?${new URLSearchParams({ aid }).toString()}`;
}

/**
 * The group the picker shows as chosen: the one in the URL, else the one upstream answers for
 * when no `aid` is sent (current, else default, else the first).
 */
export function selectedAid(
  groups: readonly AccountGroup[],
  aidFromUrl: string | undefined,
): string | undefined {
  if (aidFromUrl !== undefined) return aidFromUrl;
  return (
    groups.find((group) => group.isCurrent)?.aid ??
    groups.find((group) => group.isDefault)?.aid ??
    groups[0]?.aid
  );
}

/**
 * What the badge says, so that it reads as a count over one round and never as the test's grade:
 * "2 of 30 agents poor", "2 poor, 3 fair of 30 agents", "All 30 agents good".
 */
export function describeAgentsByHealth(
  agentsByHealth: Record<Health, number>,
  agentsReporting: number,
): string {
  const { poor, fair } = agentsByHealth;
  const agents = `${agentsReporting} ${agentsReporting === 1 ? 'agent' : 'agents'}`;
  if (poor > 0 && fair > 0) return `${poor} poor, ${fair} fair of ${agents}`;
  if (poor > 0) return `${poor} of ${agents} poor`;
  if (fair > 0) return `${fair} of ${agents} fair`;
  return agentsReporting === 1 ? '1 agent good' : `All ${agents} good`;
}
