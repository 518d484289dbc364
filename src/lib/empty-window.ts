// Why a window shows no agents, or cannot show the test properly, in words a person can act on:
// an empty heatmap with "0 of 0 agents" and no reason reads as a broken page.
import { formatDateTime, formatInterval, formatCount, type TimeZoneChoice } from './format.ts';
import type { TimeRange } from '../../common/time-window.ts';
import { formatWindow } from '../../common/window-text.ts';

export interface EmptyWindowFacts {
  range: TimeRange;
  /** The window the data covers: its start, and its end (at most the newest results' instant). */
  windowStartMs: number;
  windowEndMs: number;
  intervalSeconds: number;
  /** Agents that reported in the window, before the agent filter. */
  agentsReporting: number;
  /** Agents left after the agent filter. */
  agentsShown: number;
  /** Rounds (columns) the window holds. */
  roundCount: number;
  testEnabled: boolean;
  timeZone: TimeZoneChoice;
}

/**
 * Undefined when the window shows the test; otherwise why it shows nothing (or, for a window
 * shorter than the test's interval, at most a round), and what to do about it.
 */
export function whyWindowIsEmpty(facts: EmptyWindowFacts): string | undefined {
  const { range, intervalSeconds } = facts;
  if (range.kind === 'absolute' && facts.windowStartMs >= facts.windowEndMs) {
    return (
      `This range starts at ${formatDateTime(range.fromMs, facts.timeZone)}, in the future: ` +
      'ThousandEyes has no results for it yet. Pick a range that has begun, or a relative window.'
    );
  }
  const windowSeconds =
    range.kind === 'relative'
      ? range.windowSeconds
      : (facts.windowEndMs - facts.windowStartMs) / 1000;
  if (windowSeconds < intervalSeconds) {
    return (
      `This window (${formatWindow(Math.max(1, Math.round(windowSeconds)))}) is shorter than the ` +
      `test's interval (a round every ${formatInterval(intervalSeconds)}), so it holds one round ` +
      `at most, often none. Choose a window of at least ${formatWindow(intervalSeconds)}.`
    );
  }
  if (facts.agentsShown > 0 && facts.roundCount > 0) return undefined;
  if (facts.agentsReporting > 0) {
    return (
      `No agent passes the agent filter (${formatCount(facts.agentsReporting, 'agent', 'agents')} ` +
      'reported in this window). Clear the filter or change it.'
    );
  }
  if (!facts.testEnabled) {
    return 'No agent reported in this window: the test is disabled, so it runs no rounds. Pick a range from when it ran.';
  }
  return (
    'No agent reported in this window: ThousandEyes returned no results for it. Widen the window, ' +
    'or check the test and its agents in ThousandEyes.'
  );
}
