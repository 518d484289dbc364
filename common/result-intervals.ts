// When a range of voice results can no longer change. The one rule shared by the browser (which
// splits a window into intervals and never asks for a closed one twice) and the Earshot server
// (which keeps closed intervals for every person and screen): both import it from here.

/** How long after a round's boundary ThousandEyes is expected to have its results. */
export const PROCESSING_DELAY_MS = 30_000;

/** Extra time for rows that arrive late (an agent reporting after the processing delay). */
export const LATENESS_MARGIN_MS = 5 * 60_000;

/** The test interval assumed when a body does not say it: the longest ThousandEyes offers. */
export const LONGEST_TEST_INTERVAL_SECONDS = 3600;

/**
 * The instant before which every range is closed: one test interval (the last round may still
 * be running), the processing delay and the lateness margin before now.
 */
export function closedBeforeMs(nowMs: number, intervalSeconds: number): number {
  return nowMs - intervalSeconds * 1000 - PROCESSING_DELAY_MS - LATENESS_MARGIN_MS;
}

/** A range ending at `endMs` (exclusive) is closed: its results will not change any more. */
export function isClosedRange(endMs: number, nowMs: number, intervalSeconds: number): boolean {
  return endMs <= closedBeforeMs(nowMs, intervalSeconds);
}
