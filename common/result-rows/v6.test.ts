// What the v6 row reader decides beyond the end-to-end tests in ../voice-results.test.ts.
import { describe, expect, it } from 'vitest';
import { RowsRefused } from './row-fields.ts';
import { describeSkippedRows, noSkippedRows } from './skipped-rows.ts';
import { readV6MetricRows } from './v6.ts';

const ROUND = 1407374700; // 2014-08-07T01:25:00Z

function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agentId: 97,
    agentName: 'va-office',
    countryId: 'US',
    date: '2014-08-07 01:25:31',
    roundId: ROUND,
    permalink: 'https://app.thousandeyes.com/voice/metrics?roundId=1407374700&agentId=97',
    dscp: 8,
    mos: 3.95,
    codecMaxMos: 4.03,
    loss: 0,
    discards: 0.0,
    latency: 75,
    pdv: 0,
    errorDetail: '',
    ...overrides,
  };
}

function refusal(rows: unknown[]): string {
  try {
    readV6MetricRows(rows, '/api/v6/voice/rtp-stream/1.json');
  } catch (error) {
    if (!(error instanceof RowsRefused)) throw error;
    return error.detail;
  }
  throw new Error('expected the rows to be refused');
}

function readOne(overrides: Record<string, unknown>) {
  return readV6MetricRows([row(overrides)], '/x')[0];
}

describe('readV6MetricRows', () => {
  it('names the field under voice.metrics', () => {
    expect(refusal([row(), row({ latency: -1 })])).toBe(
      'voice.metrics[1].latency: expected a number from 0, got number -1',
    );
  });

  it('reads agentId as a whole number or an id string, and refuses a malformed one', () => {
    expect(readOne({ agentId: '97' })?.agentId).toBe('97');
    expect(readOne({ agentId: 0 })?.agentId).toBe('0');
    for (const agentId of [-1, 9.5, 'x y', [97]]) {
      expect(refusal([row({ agentId })])).toMatch(/^voice\.metrics\[0\]\.agentId: /);
    }
    expect(refusal([row({ roundId: '1407374700' })])).toMatch(/^voice\.metrics\[0\]\.roundId: /);
  });

  it('leaves out and counts a row without an agent or a round, as v7 does', () => {
    const skipped = noSkippedRows();
    const rows = readV6MetricRows(
      [
        row({ agentId: undefined }),
        row({ agentId: 98 }),
        row({ agentId: null }),
        row({ roundId: undefined }),
      ],
      '/api/v6/voice/rtp-stream/1.json',
      skipped,
    );
    expect(rows.map((read) => read.agentId)).toEqual(['98']);
    expect(skipped).toEqual({ withoutAgent: 2, withoutRound: 1 });
    expect(describeSkippedRows(skipped)).toBe(
      '2 rows without an agent and 1 row without a round were left out',
    );
  });

  it('reads the seed’s numeric dscp and discards 0.0, and names a nameless agent by its id', () => {
    expect(readOne({ agentName: null, countryId: undefined })).toMatchObject({
      agentId: '97',
      agentName: '97',
      countryId: '',
      dscp: '8',
      discards: 0,
    });
  });

  it('dates a row by its v6 date, an ISO instant, else the start of its round', () => {
    expect(readOne({})?.dateMs).toBe(Date.UTC(2014, 7, 7, 1, 25, 31));
    expect(readOne({ date: '2014-08-07T01:25:32Z' })?.dateMs).toBe(Date.UTC(2014, 7, 7, 1, 25, 32));
    expect(readOne({ date: '2024-02-29 00:00:00' })?.dateMs).toBe(Date.UTC(2024, 1, 29));
    for (const date of ['2014-02-29 01:25:31', '2014-08-07 24:00:00', '0099-08-07 01:25:31', '']) {
      expect(readOne({ date })?.dateMs, date).toBe(ROUND * 1000);
    }
  });

  it('keeps a permalink that is not a safe link as text, even a number', () => {
    expect(readOne({ permalink: 'http://app.thousandeyes.com/x' })).toMatchObject({
      permalink: undefined,
      permalinkText: 'http://app.thousandeyes.com/x',
    });
    expect(readOne({ permalink: 5 })).toMatchObject({ permalink: undefined, permalinkText: '5' });
    expect(refusal([row({ permalink: { href: 'x' } })])).toMatch(
      /^voice\.metrics\[0\]\.permalink: /,
    );
  });
});
