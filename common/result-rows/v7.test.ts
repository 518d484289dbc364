// What the v7 row reader decides beyond the end-to-end tests in ../voice-results.test.ts.
import { describe, expect, it } from 'vitest';
import { RowsRefused } from './row-fields.ts';
import { describeSkippedRows, noSkippedRows } from './skipped-rows.ts';
import { readV7ResultRows } from './v7.ts';

const ROUND = 1769864400; // 2026-01-31T13:00:00Z

function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    roundId: ROUND,
    date: '2026-01-31T13:00:07Z',
    agent: { agentId: '12', agentName: 'Frankfurt', countryId: 'DE' },
    dscp: '46',
    mos: 4.1,
    codecMaxMos: 4.41,
    loss: 0.5,
    discards: 0.0,
    latency: 31,
    pdv: 2,
    errorDetail: '',
    _links: { appLink: { href: 'https://app.thousandeyes.com/v?roundId=1' } },
    ...overrides,
  };
}

function refusal(rows: unknown[]): string {
  try {
    readV7ResultRows(rows, '/api/v7/test-results/1/rtp-server');
  } catch (error) {
    if (!(error instanceof RowsRefused)) throw error;
    expect(error.path).toBe('/api/v7/test-results/1/rtp-server');
    return error.detail;
  }
  throw new Error('expected the rows to be refused');
}

function readOne(overrides: Record<string, unknown>) {
  return readV7ResultRows([row(overrides)], '/x')[0];
}

describe('readV7ResultRows', () => {
  it('names the first bad field of the first bad row, and only that one', () => {
    const detail = refusal([row(), row({ mos: 'good', loss: 400 }), row({ roundId: 0 })]);
    expect(detail).toBe('results[1].mos: expected a number from 0 to 5, got the string "good"');
  });

  it('names nested fields by their path', () => {
    expect(refusal([row({ agent: { agentId: 'a b' } })])).toMatch(
      /^results\[0\]\.agent\.agentId: /,
    );
    expect(refusal([row({ _links: { appLink: { href: 5 } } })])).toMatch(
      /^results\[0\]\._links\.appLink\.href: expected a string, got number 5$/,
    );
    expect(refusal([row({ _links: { appLink: 'x' } })])).toMatch(
      /^results\[0\]\._links\.appLink: /,
    );
  });

  it('refuses a row that is not an object', () => {
    for (const value of [null, 'row', 600, [row()]]) {
      expect(refusal([row(), value])).toMatch(/^results\[1\]: expected an object, got /);
    }
  });

  it('takes roundId only as a positive whole number', () => {
    for (const roundId of ['1769864400', 1769864400.5, 0, -60, true, 2 ** 53]) {
      expect(refusal([row({ roundId })])).toMatch(/^results\[0\]\.roundId: expected a positive/);
    }
  });

  it('refuses an agent id that is there but wrong', () => {
    for (const agentId of [-1, 1.5, '', 'a/b', {}, true]) {
      expect(refusal([row({ agent: { agentId } })])).toMatch(/^results\[0\]\.agent\.agentId: /);
    }
  });

  // The spec makes every field of a row optional: a row the heatmap cannot place is left out
  // and counted, never a reason to refuse the page (it used to refuse the whole body).
  it('leaves out and counts the rows without an agent or a round, keeping the others', () => {
    const skipped = noSkippedRows();
    const rows = readV7ResultRows(
      [
        row(),
        row({ agent: undefined }),
        row({ agent: null }),
        row({ agent: { agentName: 'no id', location: 'Paris, France' } }),
        row({ roundId: undefined }),
        row({ roundId: null, agent: undefined }),
        row({ agent: { agentId: '13' } }),
      ],
      '/x',
      skipped,
    );
    expect(rows.map((read) => read.agentId)).toEqual(['12', '13']);
    expect(skipped).toEqual({ withoutAgent: 3, withoutRound: 2 });
    expect(describeSkippedRows(skipped)).toBe(
      '3 rows without an agent and 2 rows without a round were left out',
    );
  });

  it('reads the agent location, and takes a top-level id when the agent object has none', () => {
    expect(readOne({ agent: { agentId: '12', location: 'San Jose, CA' } })).toMatchObject({
      agentLocation: 'San Jose, CA',
    });
    expect(readOne({ agent: { agentId: '12' } })?.agentLocation).toBeUndefined();
    expect(readOne({ agent: { agentName: 'x' }, agentId: '12' })).toMatchObject({
      agentId: '12',
      agentName: 'x',
    });
    expect(refusal([row({ agent: { agentId: '12', location: {} } })])).toMatch(
      /^results\[0\]\.agent\.location: /,
    );
  });

  it('reads top-level agent fields when the agent object is missing or null', () => {
    for (const agent of [undefined, null]) {
      expect(readOne({ agent, agentId: 12, agentName: 'Paris', countryId: 'FR' })).toMatchObject({
        agentId: '12',
        agentName: 'Paris',
        countryId: 'FR',
      });
    }
    expect(readOne({ agent: { agentId: 'a.b:c-d_e' } })).toMatchObject({
      agentId: 'a.b:c-d_e',
      agentName: 'a.b:c-d_e',
      countryId: '',
    });
  });

  it('reads numbers written as text, and empty text as no value', () => {
    expect(readOne({ mos: '4.2', loss: '1e-1', latency: '31', pdv: '' })).toMatchObject({
      mos: 4.2,
      loss: 0.1,
      latency: 31,
      pdv: undefined,
    });
    for (const overrides of [
      { loss: '140' },
      { latency: '-3' },
      { mos: ' 4' },
      { mos: '0x4' },
      { latency: '1e400' },
      { pdv: 'NaN' },
      { discards: -0.5 },
      { codecMaxMos: 5.01 },
      { mos: true },
      { loss: {} },
    ]) {
      expect(refusal([row(overrides)]), JSON.stringify(overrides)).toMatch(/^results\[0\]\./);
    }
  });

  it('keeps the edges of each range', () => {
    expect(readOne({ mos: 0, codecMaxMos: 5, loss: 100, latency: 0, pdv: 0 })).toMatchObject({
      mos: 0,
      codecMaxMos: 5,
      loss: 100,
      latency: 0,
      pdv: 0,
    });
  });

  it('turns numbers and booleans where text belongs into text, and refuses objects', () => {
    expect(readOne({ dscp: 46, dscpName: true, serverIp: null })).toMatchObject({
      dscp: '46',
      dscpName: 'true',
      serverIp: undefined,
    });
    expect(refusal([row({ errorDetail: { message: 'x' } })])).toBe(
      'results[0].errorDetail: expected text, got an object',
    );
  });

  it('dates a row by its ISO date, else by the start of its round', () => {
    const startMs = ROUND * 1000;
    expect(readOne({ date: '2026-01-31T13:00:07.250Z' })?.dateMs).toBe(startMs + 7250);
    expect(readOne({ date: '2026-01-31T13:00:07+00:00' })?.dateMs).toBe(startMs + 7000);
    for (const date of [
      '2026-02-30T13:00:07Z',
      '2026-01-31T13:00:07+01:00',
      '2026-01-31 13:00:07',
      'soon',
      undefined,
    ]) {
      expect(readOne({ date })?.dateMs, String(date)).toBe(startMs);
    }
  });

  it('links only a safe permalink, keeping an unsafe one as text', () => {
    expect(readOne({ _links: { appLink: { href: 'javascript:alert(1)' } } })).toMatchObject({
      permalink: undefined,
      permalinkText: 'javascript:alert(1)',
    });
    for (const links of [undefined, null, {}, { appLink: null }, { appLink: { href: null } }]) {
      expect(readOne({ _links: links })).toMatchObject({
        permalink: undefined,
        permalinkText: undefined,
      });
    }
  });

  it('reads an empty list as no rows', () => {
    expect(readV7ResultRows([], '/x')).toEqual([]);
  });
});
