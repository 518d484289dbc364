import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDateTime,
  formatInterval,
  formatMetric,
  zoneAbbreviation,
  zoneName,
  formatNumber,
  formatPartOf,
} from './format.ts';

describe('format', () => {
  const ms = Date.UTC(2026, 10, 26, 14, 5, 9);

  it('writes UTC times with their zone', () => {
    expect(formatDateTime(ms, 'utc')).toBe('2026-11-26 14:05 UTC');
    expect(formatClock(ms, 'utc')).toBe('14:05:09 UTC');
  });

  it('never writes a missing value as zero', () => {
    expect(formatMetric('loss', undefined)).toBe('no value');
    expect(formatMetric('latency', Number.NaN)).toBe('no value');
    expect(formatMetric('loss', 0)).toBe('0.0 %');
    expect(formatMetric('mos', 4.4123)).toBe('4.41');
    expect(formatMetric('latency', 152.4)).toBe('152 ms');
  });

  it('writes a round interval one way: hours, else minutes, else seconds', () => {
    expect(formatInterval(3600)).toBe('1 h');
    expect(formatInterval(7200)).toBe('2 h');
    expect(formatInterval(1800)).toBe('30 min');
    expect(formatInterval(60)).toBe('1 min');
    expect(formatInterval(5400)).toBe('90 min');
    expect(formatInterval(45)).toBe('45 s');
  });
});

describe('zones', () => {
  it('names a zone by its abbreviation at that moment', () => {
    expect(zoneAbbreviation(Date.UTC(2026, 0, 31, 12), 'Europe/Berlin')).toBe('CET');
    expect(zoneAbbreviation(Date.UTC(2026, 6, 1, 12), 'Europe/Berlin')).toBe('CEST');
    expect(zoneAbbreviation(Date.UTC(2026, 6, 1, 12), 'UTC')).toBe('UTC');
  });

  it('writes local times with their zone too', () => {
    const ms = Date.UTC(2026, 10, 26, 14, 5, 9);
    const local = zoneAbbreviation(ms);
    expect(local).not.toBe('');
    expect(formatClock(ms, 'local')).toMatch(new RegExp(`^\\d{2}:\\d{2}:\\d{2} ${local}$`));
    expect(formatDateTime(ms, 'local')).toMatch(
      new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} ${local}$`),
    );
    expect(zoneName('utc')).toBe('UTC');
    expect(zoneName('local')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe('numbers, one way everywhere', () => {
  it('separates thousands with commas, in a count and in a part of a whole', () => {
    expect(formatNumber(300634)).toBe('300,634');
    expect(formatPartOf(1487, 300634, 'agents')).toBe('1,487 of 300,634 agents');
    expect(formatPartOf(0, 12, 'agents')).toBe('0 of 12 agents');
  });
});
