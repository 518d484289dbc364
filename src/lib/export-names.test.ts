import { describe, expect, it } from 'vitest';
import { describeExportRange, exportFileStem } from './export-names.ts';

const start = Date.UTC(2026, 10, 29, 11, 0, 0);

describe('export names', () => {
  it('names a file by its test and its range in UTC, safe for any file system', () => {
    expect(exportFileStem('7001', start, start + 3_600_000)).toBe(
      'earshot-7001-20261129T1100Z-20261129T1200Z',
    );
    expect(exportFileStem('70/01', start, start + 60_000)).toBe(
      'earshot-7001-20261129T1100Z-20261129T1101Z',
    );
  });

  it('writes the range for a title, the date once when it is one day', () => {
    expect(describeExportRange(start, start + 3_600_000, 'utc')).toBe('2026-11-29 11:00–12:00 UTC');
    expect(describeExportRange(start, start + 86_400_000, 'utc')).toBe(
      '2026-11-29 11:00 – 2026-11-30 11:00 UTC',
    );
  });
});
