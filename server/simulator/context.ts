// What a request handler sees (the simulator's state, the request, how to reply) and what the v6
// and v7 routes share: which tests and agents a request may see, and a page of result rows.
import {
  findTest,
  targetAgentsOfAccountGroup,
  testsOfAccountGroup,
  type Agent,
  type TargetAgent,
  type TestSpec,
  type VoiceTestSpec,
} from './catalog.ts';
import type { Reply } from './reply.ts';
import {
  RowBlock,
  buildLinks,
  generateRows,
  latestRound,
  type Link,
  type PagePosition,
  type RoundSpan,
  type SimRow,
} from './results.ts';

export interface SimulatorState {
  agents: Agent[];
  pageSize: number;
  hostile: boolean;
  linksByTest: Map<number, Link[]>;
}

export interface RequestContext {
  state: SimulatorState;
  reply: Reply;
  url: URL;
  /** The origin absolute links in bodies use. */
  origin: string;
  nowMs: number;
  /** The account group in effect (the `aid` parameter, else the default). */
  aid: number;
  /** Whether the request named its `aid` (then next links carry it too). */
  aidGiven: boolean;
}

/** One endpoint of a version: the path it answers (a capture per id) and what it does. */
export interface Route {
  pattern: RegExp;
  handler: (ctx: RequestContext, match: RegExpExecArray) => void;
}

/** A link in a body carries the request's `aid` when the request named one. */
export function withAid(ctx: RequestContext, href: string): string {
  return ctx.aidGiven ? `${href}${href.includes('?') ? '&' : '?'}aid=${ctx.aid}` : href;
}

/** The account group's tests (its voice tests only, with `voiceOnly`), as /tests lists them. */
export function testsOfRequest(ctx: RequestContext, voiceOnly: boolean): TestSpec[] {
  return testsOfAccountGroup(ctx.aid).filter((test) => !voiceOnly || isVoice(test));
}

/** The test with this id when the request's account group owns it; each version words the 404. */
export function findOwnTest(ctx: RequestContext, idText: string): TestSpec | undefined {
  const test = /^\d+$/.test(idText) ? findTest(Number(idText)) : undefined;
  return test && test.aid === ctx.aid ? test : undefined;
}

/**
 * What /agents lists: the agents that report results, then the enterprise agents and clusters
 * the group's voice tests stream to (`targetAgentId`). A cloud agent carries no state.
 */
export function listedAgents(ctx: RequestContext): (Agent | TargetAgent)[] {
  return [...ctx.state.agents, ...targetAgentsOfAccountGroup(ctx.aid)];
}

/** A results request that names no range covers the test's most recent round that has ended. */
export function latestRoundRange(
  test: VoiceTestSpec,
  nowMs: number,
): { startMs: number; endMs: number } {
  const latest = latestRound(test.interval, nowMs);
  return {
    startMs: latest.firstRoundId * 1000,
    endMs: (latest.lastRoundId + test.interval) * 1000,
  };
}

/** One page of a voice test's rows over `span` (none when the range covers no round). */
export function pageOfRows(
  ctx: RequestContext,
  test: VoiceTestSpec,
  span: RoundSpan | undefined,
  position: { after?: PagePosition; wholeRounds?: boolean },
): { rows: SimRow[]; more: boolean } {
  const page = pageOfRowBlock(ctx, test, span, position);
  return { rows: page.rows.rows(), more: page.more };
}

/** pageOfRows in columns, for a version that writes its rows without an object per row. */
export function pageOfRowBlock(
  ctx: RequestContext,
  test: VoiceTestSpec,
  span: RoundSpan | undefined,
  position: { after?: PagePosition; wholeRounds?: boolean },
): { rows: RowBlock; more: boolean } {
  if (!span) return { rows: new RowBlock(test, ctx.state.agents, 0), more: false };
  return generateRows(test, ctx.state.agents, linksFor(ctx.state, test), span, {
    ...position,
    limit: ctx.state.pageSize,
  });
}

/**
 * The end a next link pins: the rounds visible now, so a round that ends meanwhile never joins
 * a walk that has already begun.
 */
export function pinnedEndMs(endMs: number, span: RoundSpan | undefined): number {
  return Math.max(0, Math.min(endMs, span ? (span.lastRoundId + span.interval) * 1000 : endMs));
}

/** A row's measurements; an error row has none (absent, never zero). */
export function measurementsOf(
  row: SimRow,
): Partial<Pick<SimRow, 'mos' | 'loss' | 'discards' | 'latency' | 'pdv'>> {
  if (row.errorDetail !== '') return {};
  return {
    mos: row.mos,
    loss: row.loss,
    discards: row.discards,
    latency: row.latency,
    pdv: row.pdv,
  };
}

export function linksFor(state: SimulatorState, test: VoiceTestSpec): Link[] {
  let links = state.linksByTest.get(test.testId);
  if (!links) {
    links = buildLinks(test, state.agents);
    state.linksByTest.set(test.testId, links);
  }
  return links;
}

export function isVoice(test: TestSpec): test is VoiceTestSpec {
  return test.type === 'voice';
}

/** The web-app link for one result. In hostile mode one agent's rows carry a javascript: URL. */
export function permalinkFor(
  state: SimulatorState,
  aid: number,
  testId: number,
  roundId: number,
  agent: Agent,
  version: 'v6' | 'v7',
): string {
  const parts = permalinkParts(state, aid, testId, agent, version);
  return parts.namesRound ? `${parts.before}${roundId}${parts.after}` : parts.before;
}

/**
 * An agent's permalink around its roundId, for writing many rounds' links: the link is
 * `${before}${roundId}${after}`, or just `before` when it names no round (the hostile one).
 */
export function permalinkParts(
  state: SimulatorState,
  aid: number,
  testId: number,
  agent: Agent,
  version: 'v6' | 'v7',
): { before: string; after: string; namesRound: boolean } {
  if (state.hostile && agent.index === 1) {
    return { before: 'javascript:alert(document.domain)', after: '', namesRound: false };
  }
  const page = version === 'v6' ? 'voice/metrics' : 'network-app-synthetics/views/';
  return {
    before: `https://app.thousandeyes.com/${page}?__a=${aid}&testId=${testId}&roundId=`,
    after: `&agentId=${agent.agentId}`,
    namesRound: true,
  };
}

/** "2025-03-04 09:12:44" (v6's spelling) → "2025-03-04T09:12:44Z" (v7's). */
export function v6DateToIso(text: string): string {
  return `${text.replace(' ', 'T')}Z`;
}

/** A page's rows share a few times (one per round): each is formatted once per response. */
export function formatOncePerValue(format: (value: number) => string): (value: number) => string {
  const formatted = new Map<number, string>();
  return (value) => {
    let text = formatted.get(value);
    if (text === undefined) {
      text = format(value);
      formatted.set(value, text);
    }
    return text;
  };
}
