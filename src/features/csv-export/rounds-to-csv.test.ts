import { describe, expect, it } from 'vitest';
import type { RoundResult } from '../../lib/model.ts';
import { CSV_COLUMNS, roundsToCsv } from './rounds-to-csv.ts';

/** A small, strict RFC 4180 parser: the other side of the round trip. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let atFieldStart = true;
  while (i < text.length) {
    const char = text[i]!;
    if (atFieldStart && char === '"') {
      // Quoted field: runs to a lone quote.
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        const inner = text[i]!;
        if (inner === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += inner;
        i++;
      }
      atFieldStart = false;
      const next = text[i];
      if (next !== ',' && next !== '\r' && next !== undefined) {
        throw new Error(`text after a closing quote at ${i}`);
      }
      continue;
    }
    if (char === ',') {
      record.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (char === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
      i += 2;
    } else if (char === '\n') {
      throw new Error(`bare LF outside quotes at ${i}`);
    } else if (char === '"') {
      throw new Error(`quote inside an unquoted field at ${i}`);
    } else {
      field += char;
      atFieldStart = false;
      i++;
    }
  }
  if (!atFieldStart || field !== '' || record.length > 0) {
    throw new Error('the last record has no CRLF');
  }
  return records;
}

function round(overrides: Partial<RoundResult> = {}): RoundResult {
  return {
    agentId: '58',
    agentName: 'Cairo, Egypt',
    countryId: 'EG',
    roundId: 1_795_651_200,
    dateMs: 1_795_651_200_000,
    permalink: 'https://app.thousandeyes.com/alerts/list/?__a=1&roundId=1795651200',
    permalinkText: undefined,
    dscp: '46',
    dscpName: 'EF (DSCP 46)',
    mos: 4.32,
    codecName: 'G.711 @ 64 Kbps',
    codecMaxMos: 4.41,
    loss: 0,
    discards: 0,
    latency: 52,
    pdv: 3,
    errorDetail: '',
    serverIp: '203.0.113.7',
    ...overrides,
  };
}

function column(records: string[][], name: string, rowIndex = 1): string | undefined {
  return records[rowIndex]?.[CSV_COLUMNS.indexOf(name)];
}

describe('roundsToCsv', () => {
  it('writes a header with every RoundResult field, in a stable order', () => {
    const [header] = parseCsv(roundsToCsv([]));
    expect(header).toEqual([
      'agentId',
      'agentName',
      'countryId',
      'roundId',
      'date',
      'permalink',
      'dscp',
      'dscpName',
      'mos',
      'codecName',
      'codecMaxMos',
      'loss_percent',
      'discards_percent',
      'latency_ms',
      'pdv_ms',
      'errorDetail',
      'serverIp',
      'agentLocation',
    ]);
  });

  it("writes each agent's location: the row's own, else the one it is given by id", () => {
    const rows = [
      round({ agentId: '1', agentLocation: 'San Jose, CA' }),
      round({ agentId: '2', agentLocation: undefined }),
      round({ agentId: '3', agentLocation: undefined }),
    ];
    const fromAgents = new Map([
      ['1', 'Santa Clara, CA'],
      ['2', 'Frankfurt am Main, Germany'],
    ]);
    const records = parseCsv(roundsToCsv(rows, (agentId) => fromAgents.get(agentId)));
    expect([1, 2, 3].map((index) => column(records, 'agentLocation', index))).toEqual([
      'San Jose, CA',
      'Frankfurt am Main, Germany',
      '',
    ]);
    expect(column(parseCsv(roundsToCsv(rows)), 'agentLocation', 2)).toBe('');
  });

  it('writes one CRLF-terminated line per row', () => {
    const csv = roundsToCsv([round(), round({ agentId: '59' }), round({ agentId: '60' })]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(5); // header + 3 rows + '' after the last CRLF
    expect(parseCsv(csv)).toHaveLength(4);
  });

  it('writes the date as UTC ISO 8601 with Z, and numbers as they are', () => {
    const records = parseCsv(roundsToCsv([round()]));
    expect(column(records, 'date')).toBe('2026-11-26T00:00:00Z');
    expect(column(records, 'roundId')).toBe('1795651200');
    expect(column(records, 'mos')).toBe('4.32');
    expect(column(records, 'loss_percent')).toBe('0');
  });

  it('quotes commas, quotes, CR and LF, doubling inner quotes', () => {
    const csv = roundsToCsv([
      round({ agentName: 'Cairo, Egypt', errorDetail: 'said "no"\r\nthen\nleft' }),
    ]);
    expect(csv).toContain(',"Cairo, Egypt",');
    expect(csv).toContain(',"said ""no""\r\nthen\nleft",');
    const records = parseCsv(csv);
    expect(column(records, 'agentName')).toBe('Cairo, Egypt');
    expect(column(records, 'errorDetail')).toBe('said "no"\r\nthen\nleft');
  });

  it('leaves a missing value empty, never 0', () => {
    const records = parseCsv(
      roundsToCsv([
        round({
          mos: undefined,
          codecMaxMos: undefined,
          loss: undefined,
          discards: Number.NaN,
          latency: undefined,
          pdv: undefined,
          serverIp: undefined,
          permalink: undefined,
          errorDetail: 'Agent could not connect',
        }),
      ]),
    );
    for (const name of [
      'mos',
      'codecMaxMos',
      'loss_percent',
      'discards_percent',
      'latency_ms',
      'pdv_ms',
      'serverIp',
    ]) {
      expect(column(records, name), name).toBe('');
    }
    expect(column(records, 'permalink')).toBe('');
    expect(column(records, 'errorDetail')).toBe('Agent could not connect');
  });

  it('uses the raw permalink text when the link was not safe', () => {
    const records = parseCsv(
      roundsToCsv([round({ permalink: undefined, permalinkText: 'javascript:alert(1)' })]),
    );
    expect(column(records, 'permalink')).toBe('javascript:alert(1)');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    const records = parseCsv(
      roundsToCsv([
        round({
          agentName: '=HYPERLINK("http://evil.example","x")',
          countryId: '+1',
          dscp: '-2+3',
          dscpName: '@SUM(A1)',
          errorDetail: '\t=1',
          serverIp: '\r=1',
        }),
      ]),
    );
    expect(column(records, 'agentName')).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(column(records, 'countryId')).toBe("'+1");
    expect(column(records, 'dscp')).toBe("'-2+3");
    expect(column(records, 'dscpName')).toBe("'@SUM(A1)");
    expect(column(records, 'errorDetail')).toBe("'\t=1");
    expect(column(records, 'serverIp')).toBe("'\r=1");
  });

  it('keeps negative numbers as numbers', () => {
    const records = parseCsv(roundsToCsv([round({ latency: -3, pdv: -0.5 })]));
    expect(column(records, 'latency_ms')).toBe('-3');
    expect(column(records, 'pdv_ms')).toBe('-0.5');
  });

  it('round-trips every field of many rows', () => {
    const rows = Array.from({ length: 50 }, (_, index) =>
      round({
        agentId: String(100 + index),
        agentName: index % 3 === 0 ? `Agent "${index}", line\nbreak` : `Agent ${index}`,
        roundId: 1_795_651_200 + index * 300,
        dateMs: (1_795_651_200 + index * 300) * 1000,
        mos: index % 5 === 0 ? undefined : 3 + index / 100,
      }),
    );
    const records = parseCsv(roundsToCsv(rows));
    expect(records).toHaveLength(rows.length + 1);
    rows.forEach((row, index) => {
      const record = records[index + 1]!;
      expect(record).toHaveLength(CSV_COLUMNS.length);
      expect(record[CSV_COLUMNS.indexOf('agentId')]).toBe(row.agentId);
      expect(record[CSV_COLUMNS.indexOf('agentName')]).toBe(row.agentName);
      expect(record[CSV_COLUMNS.indexOf('roundId')]).toBe(String(row.roundId));
      expect(record[CSV_COLUMNS.indexOf('mos')]).toBe(row.mos === undefined ? '' : String(row.mos));
      expect(new Date(record[CSV_COLUMNS.indexOf('date')]!).getTime()).toBe(row.dateMs);
    });
  });
});
