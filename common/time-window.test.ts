import { describe, expect, it } from 'vitest';
import {
  describeWindow,
  formatUtcDateTime,
  nextRoundRefreshDelayMs,
  parseIsoUtc,
  parseV6DateTime,
  sameTimeRange,
  timeRangeToUpstreamParams,
  timeRangeToUrlParams,
  formatZonedDateTime,
  parseZonedDateTime,
  parseTimeRange,
  parseUtcDateTime,
  parseWindow,
} from './time-window.ts';
import { formatWindow } from './window-text.ts';

describe('parseWindow', () => {
  it.each([
    ['6h', 21_600],
    ['90', 90],
    ['15m', 900],
    ['7d', 604_800],
    ['2w', 1_209_600],
    ['30s', 30],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(parseWindow(text)).toEqual({ ok: true, value: seconds });
  });

  it('tells a person how to fix a bad unit', () => {
    expect(parseWindow('7x')).toEqual({
      ok: false,
      message: "window '7x': use a number followed by s, m, h, d or w, such as 6h",
    });
  });

  it.each(['', '-1h', '1.5h', 'h', '1 h', '0', '91d'])('rejects %j', (text) => {
    expect(parseWindow(text).ok).toBe(false);
  });
});

describe('formatWindow and describeWindow', () => {
  it('round-trips through the shortest spelling', () => {
    for (const seconds of [30, 900, 3600, 5400, 86_400, 604_800]) {
      const parsed = parseWindow(formatWindow(seconds));
      expect(parsed).toEqual({ ok: true, value: seconds });
    }
    expect(formatWindow(5400)).toBe('90m');
  });

  it('describes windows for a wall screen', () => {
    expect(describeWindow(3600)).toBe('last 1 h');
    expect(describeWindow(86_400)).toBe('last 24 h');
    expect(describeWindow(604_800)).toBe('last 7 d');
    expect(describeWindow(900)).toBe('last 15 min');
  });
});

describe('parseUtcDateTime', () => {
  it('reads T and space forms as UTC', () => {
    const expected = Date.UTC(2026, 0, 31, 14, 0, 5);
    expect(parseUtcDateTime('from', '2026-01-31T14:00:05')).toEqual({ ok: true, value: expected });
    expect(parseUtcDateTime('from', '2026-01-31 14:00:05')).toEqual({ ok: true, value: expected });
    expect(formatUtcDateTime(expected)).toBe('2026-01-31T14:00:05');
  });

  it('rejects impossible dates instead of rolling them over', () => {
    const parsed = parseUtcDateTime('from', '2024-02-30T00:00:00');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain('not a real date');
    expect(parseUtcDateTime('to', '2024-01-01T24:00:00').ok).toBe(false);
    expect(parseUtcDateTime('to', '2024-01-01').ok).toBe(false);
  });
});

describe('parseTimeRange', () => {
  it('returns undefined when nothing is given', () => {
    expect(parseTimeRange({})).toEqual({ ok: true, value: undefined });
  });

  it('reads a relative window and an absolute range', () => {
    expect(parseTimeRange({ window: '1h' })).toEqual({
      ok: true,
      value: { kind: 'relative', windowSeconds: 3600 },
    });
    expect(parseTimeRange({ from: '2026-01-01T00:00:00' })).toEqual({
      ok: true,
      value: { kind: 'absolute', fromMs: Date.UTC(2026, 0, 1), toMs: undefined },
    });
  });

  it('refuses window with from, to without from, and from after to', () => {
    const messages = [
      parseTimeRange({ window: '1h', from: '2026-01-01T00:00:00' }),
      parseTimeRange({ to: '2026-01-01T00:00:00' }),
      parseTimeRange({ from: '2026-01-02T00:00:00', to: '2026-01-01T00:00:00' }),
    ].map((parsed) => (parsed.ok ? 'accepted' : parsed.message));
    expect(messages[0]).toMatch(/cannot be combined/);
    expect(messages[1]).toMatch(/needs a from/);
    expect(messages[2]).toMatch(/is not before/);
  });
});

describe('range spellings', () => {
  const range = {
    kind: 'absolute' as const,
    fromMs: Date.UTC(2026, 0, 31, 14),
    toMs: Date.UTC(2026, 0, 31, 15, 30),
  };

  it('spells a range for the URL so that parseTimeRange reads it back', () => {
    expect(timeRangeToUrlParams(range)).toEqual({
      from: '2026-01-31T14:00:00',
      to: '2026-01-31T15:30:00',
    });
    expect(parseTimeRange(timeRangeToUrlParams(range))).toEqual({ ok: true, value: range });
    expect(timeRangeToUrlParams({ kind: 'relative', windowSeconds: 21_600 })).toEqual({
      window: '6h',
    });
    expect(
      timeRangeToUrlParams({ kind: 'absolute', fromMs: range.fromMs, toMs: undefined }),
    ).toEqual({
      from: '2026-01-31T14:00:00',
    });
  });

  it('spells a range for v7 (startDate/endDate with Z) and v6 (from/to, no zone)', () => {
    expect(timeRangeToUpstreamParams(range, 'v7')).toEqual([
      ['startDate', '2026-01-31T14:00:00Z'],
      ['endDate', '2026-01-31T15:30:00Z'],
    ]);
    expect(timeRangeToUpstreamParams(range, 'v6')).toEqual([
      ['from', '2026-01-31T14:00:00'],
      ['to', '2026-01-31T15:30:00'],
    ]);
    expect(timeRangeToUpstreamParams({ kind: 'relative', windowSeconds: 5400 }, 'v6')).toEqual([
      ['window', '90m'],
    ]);
  });

  it('compares ranges', () => {
    expect(sameTimeRange(range, { ...range })).toBe(true);
    expect(sameTimeRange(range, { ...range, toMs: undefined })).toBe(false);
    expect(
      sameTimeRange(
        { kind: 'relative', windowSeconds: 60 },
        { kind: 'relative', windowSeconds: 60 },
      ),
    ).toBe(true);
    expect(sameTimeRange({ kind: 'relative', windowSeconds: 60 }, range)).toBe(false);
  });
});

describe('upstream dates', () => {
  it('reads v6 dates as UTC', () => {
    expect(parseV6DateTime('2014-08-07 01:25:31')).toBe(Date.UTC(2014, 7, 7, 1, 25, 31));
    expect(parseV6DateTime('2014-08-07T01:25:31')).toBeUndefined();
    expect(parseV6DateTime('2014-02-30 01:25:31')).toBeUndefined();
  });

  it('reads v7 ISO instants in UTC only', () => {
    expect(parseIsoUtc('2026-01-31T14:00:05Z')).toBe(Date.UTC(2026, 0, 31, 14, 0, 5));
    expect(parseIsoUtc('2026-01-31T14:00:05.250Z')).toBe(Date.UTC(2026, 0, 31, 14, 0, 5, 250));
    expect(parseIsoUtc('2026-01-31T14:00:05+00:00')).toBe(Date.UTC(2026, 0, 31, 14, 0, 5));
    expect(parseIsoUtc('2026-01-31T14:00:05+02:00')).toBeUndefined();
    expect(parseIsoUtc('yesterday')).toBeUndefined();
  });
});

describe('nextRoundRefreshDelayMs', () => {
  const boundary = 1_700_000_100_000 - (1_700_000_100_000 % 300_000);

  it('waits for the next round boundary plus the processing delay', () => {
    expect(nextRoundRefreshDelayMs(300, boundary + 60_000, 30_000)).toBe(270_000);
    expect(nextRoundRefreshDelayMs(60, boundary + 1_000, 5_000)).toBe(4_000);
  });

  it('is never zero: exactly at a refresh moment, the next one is a round away', () => {
    expect(nextRoundRefreshDelayMs(300, boundary + 30_000, 30_000)).toBe(300_000);
    expect(nextRoundRefreshDelayMs(60, boundary, 0)).toBe(60_000);
  });

  it('stays within one interval for any moment', () => {
    for (let offset = 0; offset < 600_000; offset += 7_919) {
      const delay = nextRoundRefreshDelayMs(120, boundary + offset, 20_000);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(120_000);
      expect((boundary + offset + delay - 20_000) % 120_000).toBe(0);
    }
  });
});

describe('wall-clock times in a zone (the custom range)', () => {
  it('writes 24-hour ISO form in the zone chosen', () => {
    const ms = Date.UTC(2026, 0, 31, 13, 0, 5, 700);
    expect(formatZonedDateTime(ms, 'UTC')).toBe('2026-01-31 13:00:05');
    expect(formatZonedDateTime(ms, 'Europe/Berlin')).toBe('2026-01-31 14:00:05');
    expect(formatZonedDateTime(Date.UTC(2026, 6, 1, 22, 30), 'Europe/Berlin')).toBe(
      '2026-07-02 00:30:00',
    );
  });

  it('reads what it writes, with a space or a T', () => {
    expect(parseZonedDateTime('from', '2026-01-31 14:00:05', 'Europe/Berlin')).toEqual({
      ok: true,
      value: Date.UTC(2026, 0, 31, 13, 0, 5),
    });
    expect(parseZonedDateTime('from', '2026-07-02T00:30:00', 'Europe/Berlin')).toEqual({
      ok: true,
      value: Date.UTC(2026, 6, 1, 22, 30),
    });
    expect(parseZonedDateTime('to', ' 2026-01-31 14:00:05 ', 'UTC')).toEqual({
      ok: true,
      value: Date.UTC(2026, 0, 31, 14, 0, 5),
    });
  });

  it('refuses a time the zone skips, and takes the first of a time it has twice', () => {
    const skipped = parseZonedDateTime('from', '2026-03-29 02:30:00', 'Europe/Berlin');
    expect(skipped).toEqual({
      ok: false,
      message:
        "from '2026-03-29 02:30:00' does not exist in Europe/Berlin (the clocks went forward then): pick a time an hour later or earlier",
    });
    expect(parseZonedDateTime('from', '2026-10-25 02:30:00', 'Europe/Berlin')).toEqual({
      ok: true,
      value: Date.UTC(2026, 9, 25, 0, 30),
    });
  });

  it('says how to write it, in the zone chosen', () => {
    expect(parseZonedDateTime('from', '31/01/2026 2:00 PM', 'Europe/Berlin')).toEqual({
      ok: false,
      message:
        "from '31/01/2026 2:00 PM': use YYYY-MM-DD HH:MM:SS in Europe/Berlin, such as 2026-01-31 14:00:00",
    });
    expect(parseZonedDateTime('to', '2026-02-30 10:00:00', 'UTC')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a real date and time'),
    });
  });
});
