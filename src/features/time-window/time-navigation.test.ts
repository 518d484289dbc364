import { describe, expect, it } from 'vitest';
import { isLive, stepRange, zoomOut, zoomToSpan } from './time-navigation.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);

describe('zoomToSpan', () => {
  it('turns a selection into a fixed range in whole seconds, either way round', () => {
    expect(zoomToSpan(NOW - 2 * HOUR + 400, NOW - HOUR - 400, NOW, 300_000)).toEqual({
      kind: 'absolute',
      fromMs: NOW - 2 * HOUR,
      toMs: NOW - HOUR,
    });
    expect(zoomToSpan(NOW - HOUR, NOW - 2 * HOUR, NOW, 300_000)).toEqual({
      kind: 'absolute',
      fromMs: NOW - 2 * HOUR,
      toMs: NOW - HOUR,
    });
  });

  it('widens a selection narrower than one round around its centre', () => {
    expect(zoomToSpan(NOW - HOUR, NOW - HOUR + 60_000, NOW, 300_000)).toEqual({
      kind: 'absolute',
      fromMs: NOW - HOUR - 120_000,
      toMs: NOW - HOUR + 180_000,
    });
  });

  it('never reaches into the future', () => {
    expect(zoomToSpan(NOW - 60_000, NOW + HOUR, NOW, 300_000)).toEqual({
      kind: 'absolute',
      fromMs: NOW - 300_000,
      toMs: NOW,
    });
  });
});

describe('zoomOut', () => {
  it('doubles a live window and keeps it live', () => {
    expect(zoomOut({ kind: 'relative', windowSeconds: 3600 }, NOW)).toEqual({
      kind: 'relative',
      windowSeconds: 7200,
    });
  });

  it('doubles a fixed range around its centre', () => {
    expect(
      zoomOut({ kind: 'absolute', fromMs: NOW - 10 * HOUR, toMs: NOW - 8 * HOUR }, NOW),
    ).toEqual({ kind: 'absolute', fromMs: NOW - 11 * HOUR, toMs: NOW - 7 * HOUR });
  });

  it('becomes the live window when the doubled range reaches now', () => {
    expect(
      zoomOut({ kind: 'absolute', fromMs: NOW - 1.5 * HOUR, toMs: NOW - HOUR / 2 }, NOW),
    ).toEqual({
      kind: 'relative',
      windowSeconds: 7200,
    });
  });

  it('stops at the 90 days ThousandEyes keeps', () => {
    expect(zoomOut({ kind: 'relative', windowSeconds: 60 * 86_400 }, NOW)).toEqual({
      kind: 'relative',
      windowSeconds: 90 * 86_400,
    });
    expect(zoomOut({ kind: 'relative', windowSeconds: 90 * 86_400 }, NOW)).toBeUndefined();
  });
});

describe('stepRange', () => {
  it('steps a live window earlier by half its width into a fixed range', () => {
    expect(stepRange({ kind: 'relative', windowSeconds: 7200 }, 'earlier', NOW)).toEqual({
      kind: 'absolute',
      fromMs: NOW - 3 * HOUR,
      toMs: NOW - HOUR,
    });
  });

  it('cannot step a live window later', () => {
    expect(stepRange({ kind: 'relative', windowSeconds: 7200 }, 'later', NOW)).toBeUndefined();
    expect(stepRange({ kind: 'absolute', fromMs: NOW - HOUR, toMs: undefined }, 'later', NOW)).toBe(
      undefined,
    );
  });

  it('steps a fixed range later by half its width', () => {
    expect(
      stepRange({ kind: 'absolute', fromMs: NOW - 10 * HOUR, toMs: NOW - 8 * HOUR }, 'later', NOW),
    ).toEqual({ kind: 'absolute', fromMs: NOW - 9 * HOUR, toMs: NOW - 7 * HOUR });
  });

  it('becomes the live window of the same width when stepping later reaches now', () => {
    expect(
      stepRange({ kind: 'absolute', fromMs: NOW - 3 * HOUR, toMs: NOW - HOUR }, 'later', NOW),
    ).toEqual({ kind: 'relative', windowSeconds: 7200 });
  });

  it('earlier then later returns to the same range', () => {
    const start = { kind: 'absolute', fromMs: NOW - 10 * HOUR, toMs: NOW - 8 * HOUR } as const;
    const earlier = stepRange(start, 'earlier', NOW);
    expect(earlier && stepRange(earlier, 'later', NOW)).toEqual(start);
  });

  it('stops at the oldest data ThousandEyes keeps', () => {
    const oldest = NOW - 90 * 24 * HOUR;
    expect(
      stepRange(
        { kind: 'absolute', fromMs: oldest + HOUR, toMs: oldest + 3 * HOUR },
        'earlier',
        NOW,
      ),
    ).toEqual({ kind: 'absolute', fromMs: oldest, toMs: oldest + 2 * HOUR });
    expect(
      stepRange({ kind: 'absolute', fromMs: oldest, toMs: oldest + 2 * HOUR }, 'earlier', NOW),
    ).toBeUndefined();
  });
});

describe('isLive', () => {
  it('is true for windows that end now', () => {
    expect(isLive({ kind: 'relative', windowSeconds: 60 }, NOW)).toBe(true);
    expect(isLive({ kind: 'absolute', fromMs: NOW - HOUR, toMs: undefined }, NOW)).toBe(true);
    expect(isLive({ kind: 'absolute', fromMs: NOW - 2 * HOUR, toMs: NOW - HOUR }, NOW)).toBe(false);
  });
});
