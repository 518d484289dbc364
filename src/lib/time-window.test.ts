import { describe, expect, it } from 'vitest';
import {
  describeWindow,
  formatUtcDateTime,
  formatWindow,
  parseTimeRange,
  parseUtcDateTime,
  parseWindow,
} from './time-window.ts';

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
