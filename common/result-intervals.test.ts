import { describe, expect, it } from 'vitest';
import {
  closedBeforeMs,
  isClosedRange,
  LATENESS_MARGIN_MS,
  PROCESSING_DELAY_MS,
} from './result-intervals.ts';

describe('isClosedRange', () => {
  const now = Date.UTC(2026, 10, 29, 12, 0, 0);
  const cutoff = now - 60_000 - PROCESSING_DELAY_MS - LATENESS_MARGIN_MS;

  it('closes a range once a whole interval, the processing delay and the margin have passed', () => {
    expect(closedBeforeMs(now, 60)).toBe(cutoff);
    expect(isClosedRange(cutoff, now, 60)).toBe(true);
    expect(isClosedRange(cutoff + 1, now, 60)).toBe(false);
  });

  it('waits longer for a test with a longer interval', () => {
    expect(isClosedRange(cutoff, now, 3600)).toBe(false);
    expect(
      isClosedRange(now - 3600_000 - PROCESSING_DELAY_MS - LATENESS_MARGIN_MS, now, 3600),
    ).toBe(true);
  });
});
