import { describe, expect, it } from 'vitest';
import { isClosedRange } from '../../common/result-intervals.ts';
import {
  chooseIntervalHours,
  coveredMs,
  incrementStartMs,
  planClosedIntervals,
  windowHead,
} from './results-plan.ts';

const HOUR = 3_600_000;
const DAY = Date.UTC(2026, 2, 10);
const at = (hours: number, minutes = 0) => DAY + hours * HOUR + minutes * 60_000;

describe('chooseIntervalHours', () => {
  it('makes one interval a few pages: 30 agents at 60 s → 6 h, 500 at 300 s → 3 h, sparse → 24 h', () => {
    expect(chooseIntervalHours(60, 30)).toBe(6);
    expect(chooseIntervalHours(300, 500)).toBe(3);
    expect(chooseIntervalHours(300, 30)).toBe(24);
    expect(chooseIntervalHours(60, 1000)).toBe(1); // never below an hour
  });
});

describe('windowHead', () => {
  it('starts the live edge at the last whole hour that is closed by the shared rule', () => {
    const now = at(13, 4);
    const head = windowHead({ kind: 'relative', windowSeconds: 86_400 }, now, 60);
    expect(head).toEqual({ kind: 'live', startMs: at(12), endMs: undefined });
    expect(isClosedRange(at(12), now, 60)).toBe(true);
    // 6.5 min later the hour 12–13 is closed too.
    expect(windowHead({ kind: 'relative', windowSeconds: 86_400 }, at(13, 7), 60)).toMatchObject({
      startMs: at(13),
    });
  });

  it('keeps a short window to its own rounds', () => {
    const head = windowHead({ kind: 'relative', windowSeconds: 900 }, at(13, 40), 60);
    expect(head).toEqual({ kind: 'live', startMs: at(13, 25), endMs: undefined });
  });

  it('makes a pinned range that has closed a closed head: its newest hour', () => {
    const range = { kind: 'absolute', fromMs: at(2), toMs: at(5, 30) } as const;
    expect(windowHead(range, at(20), 60)).toEqual({
      kind: 'closed',
      interval: { startMs: at(5), endMs: at(6) },
    });
    // A pinned range that ends a minute ago still has a live edge, up to its end.
    expect(windowHead({ ...range, toMs: at(19, 59) }, at(20), 60)).toEqual({
      kind: 'live',
      startMs: at(19),
      endMs: at(19, 59),
    });
  });
});

describe('planClosedIntervals', () => {
  it('covers the window up to the head with whole intervals, then the largest pieces, newest first', () => {
    const plan = planClosedIntervals(at(-30), at(17), 6);
    expect(
      plan.map(({ startMs, endMs }) => [(startMs - DAY) / HOUR, (endMs - DAY) / HOUR]),
    ).toEqual([
      [16, 17],
      [15, 16],
      [12, 15],
      [6, 12],
      [0, 6],
      [-6, 0],
      [-12, -6],
      [-18, -12],
      [-24, -18],
      [-30, -24],
    ]);
    expect(coveredMs({ startMs: at(-30), endMs: at(17) }, plan)).toBe(47 * HOUR);
  });

  it('gives every window the same pieces on the UTC grid, wherever it starts', () => {
    const a = planClosedIntervals(at(1, 20), at(17), 24);
    const b = planClosedIntervals(at(4, 50), at(17), 24);
    // The window that starts later needs a subset of the earlier one's pieces, not new ones.
    const keys = (plan: typeof a) => plan.map(({ startMs, endMs }) => `${startMs}-${endMs}`);
    expect(keys(b).every((key) => keys(a).includes(key))).toBe(true);
  });

  it('asks for nothing when the live edge covers the window', () => {
    expect(planClosedIntervals(at(13, 25), at(13, 25), 6)).toEqual([]);
  });
});

describe('incrementStartMs', () => {
  it('goes back from the newest round by the processing delay and lateness margin, whole rounds', () => {
    const newest = at(13, 10) / 1000;
    expect(incrementStartMs(newest, at(13), 60)).toBe(at(13, 4)); // 13:10 − 5.5 min → 13:04
    expect(incrementStartMs(newest, at(13, 8), 60)).toBe(at(13, 8)); // never before the edge
    expect(incrementStartMs(undefined, at(13), 60)).toBe(at(13)); // nothing held: all of it
  });
});
