import { describe, expect, it } from 'vitest';
import { noSkippedRows } from '../../common/result-rows/skipped-rows.ts';
import type { VoiceResults } from '../lib/model.ts';
import { combineWindow, loadedSpanStartMs } from './window-combine.ts';
import { resultRow } from '../lib/fixture-round-results.ts';

const HOUR_MS = 3_600_000;
const END_MS = Date.UTC(2026, 0, 20);
const hours = (from: number, to: number) => ({
  startMs: END_MS - from * HOUR_MS,
  endMs: END_MS - to * HOUR_MS,
});
/** One row an hour of the range, for agent 1. */
const body = (range: { startMs: number; endMs: number }): VoiceResults => {
  const rows = [];
  for (let ms = range.startMs; ms < range.endMs; ms += HOUR_MS)
    rows.push(resultRow({ roundId: ms / 1000 }));
  return {
    test: undefined,
    rows,
    startMs: range.startMs,
    endMs: range.endMs,
    pagesFetched: 1,
    skippedRows: noSkippedRows(),
  };
};

describe('loadedSpanStartMs', () => {
  it('reaches back from the head through loaded intervals, and stops at the first gap', () => {
    const head = hours(1, 0);
    const newest = hours(2, 1);
    const gap = hours(5, 2);
    const older = hours(11, 5);
    expect(loadedSpanStartMs(head, [])).toBe(head.startMs);
    expect(
      loadedSpanStartMs(head, [
        { range: newest, data: body(newest) },
        { range: gap, data: undefined },
        { range: older, data: body(older) },
      ]),
    ).toBe(newest.startMs);
    expect(
      loadedSpanStartMs(head, [
        { range: newest, data: body(newest) },
        { range: gap, data: body(gap) },
        { range: older, data: body(older) },
      ]),
    ).toBe(older.startMs);
  });
});

describe('combineWindow', () => {
  const range = { kind: 'absolute', fromMs: END_MS - 11 * HOUR_MS, toMs: END_MS } as const;
  const head = { range: hours(1, 0), data: { ...body(hours(1, 0)), asOfMs: END_MS } };
  const intervals = [
    { range: hours(2, 1), data: body(hours(2, 1)) },
    { range: hours(5, 2), data: undefined },
    { range: hours(11, 5), data: body(hours(11, 5)) },
  ];

  it('while parts are on their way, covers only the newest whole part, and counts all loaded', () => {
    const { results, coverage } = combineWindow(range, 3600, head, intervals, { partial: true });
    expect(results.startMs).toBe(END_MS - 2 * HOUR_MS);
    expect(results.rows.map((row) => row.roundId)).toEqual([
      (END_MS - 2 * HOUR_MS) / 1000,
      (END_MS - HOUR_MS) / 1000,
    ]);
    expect(coverage).toEqual({ loadedMs: 8 * HOUR_MS, windowMs: 11 * HOUR_MS });
  });

  it('leaves out the rounds of an interval before the window, and of the head after its end, and keeps every other row', () => {
    // 10.5 hours back from half an hour before the end: the oldest interval reaches an hour and a
    // half before the window's first round, the head half an hour past its end.
    const pinned = {
      kind: 'absolute',
      fromMs: END_MS - 11 * HOUR_MS + HOUR_MS / 2,
      toMs: END_MS - HOUR_MS / 2,
    } as const;
    const everyHalfHour = (part: { startMs: number; endMs: number }): VoiceResults => {
      const rows = [];
      for (let ms = part.startMs; ms < part.endMs; ms += HOUR_MS / 2)
        rows.push(resultRow({ roundId: ms / 1000 }));
      return { ...body(part), rows };
    };
    const loaded = [hours(2, 1), hours(5, 2), hours(11, 5)].map((part) => ({
      range: part,
      data: everyHalfHour(part),
    }));
    const { results } = combineWindow(
      pinned,
      1800,
      { range: hours(1, 0), data: { ...everyHalfHour(hours(1, 0)), asOfMs: END_MS } },
      loaded,
    );
    // The window's rounds, every half hour from its first to the last before its end.
    expect(results.rows.map((row) => row.roundId)).toEqual(
      Array.from({ length: 20 }, (_, i) => (pinned.fromMs + i * (HOUR_MS / 2)) / 1000),
    );
  });

  it('otherwise covers the whole window, with what is missing left empty', () => {
    const { results, coverage } = combineWindow(range, 3600, head, intervals);
    expect(results.startMs).toBe(END_MS - 11 * HOUR_MS);
    expect(results.rows).toHaveLength(8);
    expect(coverage).toEqual({ loadedMs: 8 * HOUR_MS, windowMs: 11 * HOUR_MS });
  });
});
