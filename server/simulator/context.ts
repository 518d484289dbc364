// What a request handler sees: the simulator's state, the request, and how to reply.
import type { Agent, TestSpec, VoiceTestSpec } from './catalog.ts';
import type { Reply } from './reply.ts';
import { buildLinks, type Link } from './results.ts';

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
  if (state.hostile && agent.index === 1) return 'javascript:alert(document.domain)';
  const page = version === 'v6' ? 'voice/metrics' : 'network-app-synthetics/views/';
  return `https://app.thousandeyes.com/${page}?__a=${aid}&testId=${testId}&roundId=${roundId}&agentId=${agent.agentId}`;
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
