import { describe, expect, it } from 'vitest';
import {
  compareWithYesterday,
  describeYesterdayMark,
  UNKNOWN_YESTERDAY,
  yesterdayRange,
} from './yesterday-mark.ts';

const known = (health: 'good' | 'fair' | 'poor' | undefined) => ({ known: true as const, health });

describe('compareWithYesterday', () => {
  it('is worse when today is graded below yesterday, and the mark says both grades', () => {
    const comparison = compareWithYesterday('poor', known('fair'));
    expect(comparison).toEqual({ kind: 'worse', yesterday: 'fair', today: 'poor' });
    expect(describeYesterdayMark(comparison)).toEqual({
      text: 'worse than yesterday: fair → poor',
      label: 'Worse than at the same time yesterday: fair then, poor now',
    });
    expect(compareWithYesterday('fair', known('good')).kind).toBe('worse');
    expect(compareWithYesterday('poor', known('good')).kind).toBe('worse');
  });

  it('is the same, or better, with no mark', () => {
    expect(compareWithYesterday('fair', known('fair'))).toEqual({ kind: 'same', health: 'fair' });
    expect(compareWithYesterday('good', known('poor'))).toEqual({
      kind: 'better',
      yesterday: 'poor',
      today: 'good',
    });
    expect(describeYesterdayMark(compareWithYesterday('fair', known('fair')))).toBeUndefined();
    expect(describeYesterdayMark(compareWithYesterday('good', known('poor')))).toBeUndefined();
  });

  it('is unknown, with no mark, while yesterday is loading or failed, or either has no grade', () => {
    expect(compareWithYesterday('poor', UNKNOWN_YESTERDAY)).toEqual({ kind: 'unknown' });
    expect(compareWithYesterday('poor', known(undefined))).toEqual({ kind: 'unknown' });
    expect(compareWithYesterday(undefined, known('good'))).toEqual({ kind: 'unknown' });
    expect(describeYesterdayMark(compareWithYesterday('poor', UNKNOWN_YESTERDAY))).toBeUndefined();
  });
});

describe('yesterdayRange', () => {
  it('is the window a day back, ending at the last round boundary', () => {
    const nowMs = Date.UTC(2026, 0, 31, 13, 0, 45);
    expect(yesterdayRange({ kind: 'relative', windowSeconds: 3600 }, nowMs, 60)).toEqual({
      kind: 'absolute',
      fromMs: Date.UTC(2026, 0, 30, 12, 0),
      toMs: Date.UTC(2026, 0, 30, 13, 0),
    });
    // A pinned range moves back as it is.
    const pinned = {
      kind: 'absolute' as const,
      fromMs: Date.UTC(2026, 0, 20, 8),
      toMs: Date.UTC(2026, 0, 20, 9),
    };
    expect(yesterdayRange(pinned, nowMs, 300)).toEqual({
      kind: 'absolute',
      fromMs: Date.UTC(2026, 0, 19, 8),
      toMs: Date.UTC(2026, 0, 19, 9),
    });
  });
});
