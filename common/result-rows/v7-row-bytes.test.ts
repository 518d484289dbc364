// The byte reader writes exactly the columns readV7ResultRows and the encoder write, and refuses
// exactly what they refuse: random rows (seeded: a failure names its seed) with every kind of
// value a row may hold, the usual and the odd, compact or spaced, keys in any order or twice.
import { describe, expect, it } from 'vitest';
import {
  createRoundColumnsEncoder,
  encodeRoundColumns,
  joinRoundColumns,
  writeRoundColumns,
} from './round-columns.ts';
import { RowsRefused } from './row-fields.ts';
import { noSkippedRows } from './skipped-rows.ts';
import { NotColumns, readV7RowBytes } from './v7-row-bytes.ts';
import { readV7ResultRows } from './v7.ts';
import { pickWith, seededRandom } from '../seeded-random.ts';

const ROUND = 1_796_040_000; // 2026-11-30T12:00:00Z
const ENVELOPE = { test: { testId: '7', interval: 300 }, results: [], _links: {} };

const UTF8 = new TextEncoder();

/** Bytes as comparable text. */
function bytesText(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What the columns are when read the reference way, or 'refused'. */
function referenceColumns(text: string): string {
  let rows: unknown[];
  try {
    rows = (JSON.parse(text) as { results: unknown[] }).results;
  } catch {
    return 'refused';
  }
  const skipped = noSkippedRows();
  try {
    const read = readV7ResultRows(rows, '/x', skipped);
    const body = encodeRoundColumns(read, ENVELOPE, skipped);
    if (!body) return 'refused';
    const { header, numbers } = writeRoundColumns(body);
    return bytesText(joinRoundColumns(header, numbers));
  } catch (error) {
    if (error instanceof RowsRefused) return 'refused';
    throw error;
  }
}

/** The same, read by readV7RowBytes; and how many rows it left to readV7ResultRows. */
function byteColumns(text: string): { columns: string; readAsObjects: number } {
  const bytes = UTF8.encode(text);
  // The body's start is ASCII: the list's `[` is at the same place in bytes as in text.
  const start = text.indexOf('[');
  const end = UTF8.encode(text.slice(0, text.lastIndexOf(']') + 1)).length;
  const skipped = noSkippedRows();
  const encoder = createRoundColumnsEncoder();
  try {
    const read = readV7RowBytes(bytes, start, end, encoder, '/x', skipped);
    if (read === undefined) return { columns: 'refused', readAsObjects: 0 };
    const { header, numbers } = writeRoundColumns(encoder.finish(ENVELOPE, skipped));
    return {
      columns: bytesText(joinRoundColumns(header, numbers)),
      readAsObjects: read.rowsReadAsObjects,
    };
  } catch (error) {
    if (error instanceof RowsRefused || error instanceof NotColumns) {
      return { columns: 'refused', readAsObjects: 0 };
    }
    throw error;
  }
}

/** The body around a list of rows (the list alone is what is read). */
function bodyText(rowsText: string): string {
  return `{"results":${rowsText},"_links":{}}`;
}

const LINK = (round: unknown, agent: unknown) =>
  `https://app.thousandeyes.com/network-app-synthetics/views/?__a=1001&testId=7&roundId=${String(round)}&agentId=${String(agent)}`;

/** A row as upstream writes it: the reader's common case. */
function usualRow(round: number, agent: number): Record<string, unknown> {
  return {
    roundId: round,
    date: new Date((round + 17) * 1000).toISOString().replace('.000', ''),
    startTime: round + 17,
    endTime: round + 27,
    agent: {
      agentId: String(1000 + agent),
      agentName: agent % 3 === 0 ? `Zürich ${agent}` : `Agent ${agent}`,
      countryId: 'CH',
      location: 'Zürich, Switzerland',
    },
    serverIp: '198.51.100.17',
    dscp: '46',
    dscpName: 'EF (DSCP 46)',
    codecName: 'G.711 @ 64 Kbps',
    codecMaxMos: 4.41,
    errorDetail: '',
    mos: 4.3,
    loss: 0.12,
    discards: 0,
    latency: 31,
    pdv: 2,
    _links: { appLink: { href: LINK(round, 1000 + agent) } },
  };
}

/** The odd values a row's fields may hold (undefined: the field left out). */
interface Oddity {
  field: string;
  values: unknown[];
  /** Other fields the row has with it. */
  also?: Record<string, unknown>;
}

function oddities(round: number, agent: number): Oddity[] {
  const id = 1000 + agent;
  const anyValue = [
    undefined,
    null,
    true,
    false,
    0,
    -0,
    '',
    ' ',
    'x',
    '4.2',
    'abc',
    1e-7,
    1e21,
    123_456_789.123_456_79,
    4.410_000_000_000_001,
    -1,
    101,
    6,
    [],
    {},
    'Zürich "quoted" \\ back',
    'line\nbreak',
    '\u0001',
    '\uFFFD',
  ];
  return [
    { field: 'roundId', values: [undefined, null, '1', 1.5, -60, 0, round + 0.0] },
    {
      field: 'date',
      values: [
        undefined,
        null,
        5,
        '2026-11-30T12:00:07.5Z',
        '2026-11-30T12:00:07+00:00',
        '2026-11-30 12:00:07Z',
        '2026-13-30T12:00:07Z',
        '2026-02-30T12:00:07Z',
        '2026-11-30T24:00:07Z',
        '2026-11-30T12:60:07Z',
        '2026-11-30T12:00:60Z',
        '0099-11-30T12:00:07Z',
        '2026-11-30T12:00:0xZ',
        '2026-11-30T12:00:07Z ',
        '2026-11-30T12:00:07z',
      ],
    },
    {
      field: 'agent',
      values: [
        undefined,
        null,
        'agent',
        {},
        { agentId: id },
        { agentId: 'a b', agentName: 'A' },
        { agentId: '' },
        { agentId: String(id), agentName: null, countryId: undefined, location: '   ' },
        { agentId: String(id), agentName: 7, countryId: 'CH' },
        { agentId: String(id), agentName: 'Other name', countryId: 'DE', location: null },
        { agentId: `x.y:z-${agent}_`, agentName: 'Letters', countryId: 'CH' },
        { agentId: String(id), agentName: `Agent ${agent}`, countryId: 'CH', extra: { a: 1 } },
        // The agent's usual texts, one of them changed or left out.
        { ...(usualRow(round, agent).agent as object), location: 'Elsewhere' },
        { ...(usualRow(round, agent).agent as object), agentName: 'Renamed' },
        { ...(usualRow(round, agent).agent as object), location: undefined },
        { ...(usualRow(round, agent).agent as object), countryId: null },
      ],
    },
    { field: 'agentId', values: [String(id), id, null, 'flat', 'a b'] },
    { field: 'agentName', values: ['Flat name', null, 3] },
    // The flat texts count where the nested ones are absent.
    {
      field: 'agentName',
      values: ['Flat name', null, 3],
      also: { agent: { agentId: String(id), countryId: 'CH', location: 'X' } },
    },
    {
      field: 'countryId',
      values: ['DE', null, 3],
      also: { agent: { agentId: String(id), agentName: 'A', location: 'X' } },
    },
    // A row without a link is not left to readV7ResultRows for being its agent's first.
    {
      field: 'agent',
      values: [{ agentId: 'a b' }, { agentId: '' }, { agentId: String(id), agentName: 'New' }],
      also: { _links: undefined },
    },
    {
      field: '_links',
      values: [
        undefined,
        null,
        {},
        'link',
        { appLink: null },
        { appLink: {} },
        { appLink: { href: null } },
        { appLink: { href: 5 } },
        { appLink: { href: 'javascript:alert(1)' } },
        { appLink: { href: 'https://evil.example/x' } },
        { appLink: { href: LINK(round, 'other') } },
        { appLink: { href: LINK(round, id + 1) } },
        { appLink: { href: LINK(round + 300, id) } },
        { appLink: { href: LINK(round, id).replace('__a=1001', '__a=1002') } },
        { appLink: { href: LINK(round, id).replace('&agentId=', '&agentIx=') } },
        { appLink: { href: LINK(`0${round}`, id) } },
        { appLink: { href: `${LINK(round, id)}/../x` } },
        { appLink: { href: `${LINK(round, id)}%2e` } },
        { appLink: { href: ` ${LINK(round, id)}` } },
        { appLink: { href: LINK(round, id) }, self: { href: '/x' } },
        { appLink: { href: LINK(round, id), title: 'x' } },
      ],
    },
    ...[
      'dscp',
      'dscpName',
      'codecName',
      'errorDetail',
      'serverIp',
      'mos',
      'codecMaxMos',
      'loss',
      'discards',
      'latency',
      'pdv',
      'extra',
    ].map((field) => ({ field, values: anyValue })),
  ];
}

function setField(row: Record<string, unknown>, field: string, value: unknown): void {
  if (value === undefined) delete row[field];
  else row[field] = value;
}

function makeOdd(row: Record<string, unknown>, { field, also }: Oddity, value: unknown): void {
  for (const [other, otherValue] of Object.entries(also ?? {})) setField(row, other, otherValue);
  setField(row, field, value);
}

/** Rows written as text: mostly compact, sometimes spaced, reordered, or with a key twice. */
function rowText(row: Record<string, unknown>, pickNumber: () => number): string {
  const choice = pickNumber();
  if (choice < 0.05) return JSON.stringify(row, null, 1);
  if (choice < 0.1) {
    const keys = Object.keys(row).reverse();
    return JSON.stringify(Object.fromEntries(keys.map((key) => [key, row[key]])));
  }
  if (choice < 0.13) return JSON.stringify(row).replace('{', '{"mos":1,');
  // The same object twice: the last is the value, however the two differ.
  if (choice < 0.15) {
    return JSON.stringify(row).replace('{', '{"agent":{"agentId":"9","location":"Elsewhere"},');
  }
  return JSON.stringify(row);
}

describe('readV7RowBytes', () => {
  it('writes the columns readV7ResultRows and the encoder write, for usual rows, and reads them itself', () => {
    const rows = Array.from({ length: 600 }, (_, index) =>
      usualRow(ROUND + 300 * Math.floor(index / 20), index % 20),
    );
    const text = bodyText(JSON.stringify(rows));
    const read = byteColumns(text);
    expect(read.columns).not.toBe('refused');
    expect(read.columns).toBe(referenceColumns(text));
    // Only each agent's first row (its link's plainness is decided there) is read as an object.
    expect(read.readAsObjects).toBe(20);
  });

  it('writes the same columns, or refuses the same rows, for every odd value of every field', () => {
    const round = ROUND + 600;
    for (const oddity of oddities(round, 1)) {
      const { field, values } = oddity;
      for (const value of values) {
        // Agent 1's third row (its first two are usual): the byte reader's to read, if any row is.
        const rows = Array.from({ length: 12 }, (_, index) =>
          usualRow(ROUND + 300 * Math.floor(index / 4), index % 4),
        );
        makeOdd(rows[9]!, oddity, value);
        const writtenWith = (choice: number) =>
          `[${rows.map((row) => rowText(row, () => choice)).join(',')}]`;
        // Compact; a number key twice; an object key twice.
        for (const written of [JSON.stringify(rows), writtenWith(0.12), writtenWith(0.14)]) {
          const text = bodyText(written);
          expect({ field, value, columns: byteColumns(text).columns }).toEqual({
            field,
            value,
            columns: referenceColumns(text),
          });
        }
      }
    }
  });

  it('reads rows itself when they hold no value it leaves to readV7ResultRows', () => {
    const readItself: [string, unknown][] = [
      ['mos', 0],
      ['mos', -0],
      ['mos', null],
      ['mos', ''],
      ['mos', undefined],
      ['latency', 123_456_789.123_456],
      ['loss', 100],
      ['serverIp', undefined],
      ['dscp', null],
      ['errorDetail', 'Zürich "quoted"'.replaceAll('"', "'")],
      ['date', undefined],
      ['date', '2026-11-30T23:59:59Z'],
      ['_links', undefined],
      ['_links', { appLink: null }],
      ['roundId', undefined],
      ['extra', 'x'],
      ['extra', true],
      ['extra', -1.5],
    ];
    for (const [field, value] of readItself) {
      const rows = Array.from({ length: 12 }, (_, index) =>
        usualRow(ROUND + 300 * Math.floor(index / 4), index % 4),
      );
      setField(rows[9]!, field, value);
      const text = bodyText(JSON.stringify(rows));
      const read = byteColumns(text);
      expect({ field, value, columns: read.columns }).toEqual({
        field,
        value,
        columns: referenceColumns(text),
      });
      // Each agent's first row only.
      expect({ field, value, readAsObjects: read.readAsObjects }).toEqual({
        field,
        value,
        readAsObjects: 4,
      });
    }
  });

  it('writes the same columns, or refuses the same rows, for random odd rows (seeded)', () => {
    let refused = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const next = seededRandom(seed);
      const pick = pickWith(next);
      const texts: string[] = [];
      const oddRows = pick([0, 0.01, 0.03, 0.1]);
      for (let index = 0; index < 40; index++) {
        const round = ROUND + 300 * Math.floor(index / 8);
        const row = usualRow(round, index % 8);
        const odd = oddities(round, index % 8);
        // Most rows usual; the rest with one to three odd values.
        if (next() < oddRows) {
          for (let change = Math.floor(next() * 3); change >= 0; change--) {
            const oddity = pick(odd);
            makeOdd(row, oddity, pick(oddity.values));
          }
        }
        texts.push(rowText(row, next));
      }
      const spaced = next() < 0.1;
      const text = bodyText(spaced ? `[ ${texts.join(' ,\n')} ]` : `[${texts.join(',')}]`);
      const expected = referenceColumns(text);
      if (expected === 'refused') refused++;
      expect({ seed, columns: byteColumns(text).columns }).toEqual({ seed, columns: expected });
    }
    // Both outcomes were tried many times.
    expect(refused).toBeGreaterThan(40);
    expect(refused).toBeLessThan(300);
  });

  it('refuses a list that is no JSON, as a parse of it would', () => {
    const rows = Array.from({ length: 12 }, (_, index) =>
      JSON.stringify(usualRow(ROUND + 300 * Math.floor(index / 4), index % 4)),
    );
    const before = rows.slice(0, 9).join(',');
    const row = rows[9]!;
    for (const list of [
      `[${before},${row},]`,
      `[,${before},${row}]`,
      `[${before},${row} ${row}]`,
      `[${before},${row}`,
      `[${before},${row.slice(0, -1)}]`,
      `[${before},${row.replace('"mos":4.3', '"mos":04.3')}]`,
      `[${before},${row.replace('"mos":4.3', '"mos":4.]')}]`,
      `[${before},${row.replace('"mos":4.3', '"mos":-]')}]`,
      // Control characters in a string, as they are (not escaped).
      `[${before},${row.replace('"dscp":"46"', '"dscp":"4\u00016"')}]`,
      `[${before},${row.replace('"dscp":"46"', '"dscp":"4\t6"')}]`,
      `[${before},${row.replace('"dscp":"46"', '"dscp":nul')}]`,
      `[${before},${row.replace('"dscp":"46"', '"dscp":"46"x')}]`,
      `[${before},${row.replace('"dscp":', '"dscp"x')}]`,
    ]) {
      const text = bodyText(list);
      expect({ list: list.slice(-200), columns: referenceColumns(text) }).toEqual({
        list: list.slice(-200),
        columns: 'refused',
      });
      expect({ list: list.slice(-200), columns: byteColumns(text).columns }).toEqual({
        list: list.slice(-200),
        columns: 'refused',
      });
    }
    expect(byteColumns(bodyText('[]')).columns).toBe(referenceColumns(bodyText('[]')));
    expect(byteColumns(bodyText('[ ]')).columns).toBe(referenceColumns(bodyText('[ ]')));
  });

  it('keeps a byte order mark where it stands, and refuses one between rows, as a parse would', () => {
    const rows = Array.from({ length: 12 }, (_, index) =>
      usualRow(ROUND + 300 * Math.floor(index / 4), index % 4),
    );
    rows[9]!.dscp = '\uFEFF46';
    (rows[10]!.agent as Record<string, unknown>).location = '\uFEFFParis';
    const text = bodyText(JSON.stringify(rows));
    expect(byteColumns(text).columns).toBe(referenceColumns(text));
    expect(byteColumns(text).columns).not.toBe('refused');
    const between = bodyText(`[${JSON.stringify(rows[0])},\uFEFF${JSON.stringify(rows[1])}]`);
    expect(referenceColumns(between)).toBe('refused');
    expect(byteColumns(between).columns).toBe('refused');
  });

  it('refuses a round and date whose distance is no whole number of ms in the columns', () => {
    const rows = Array.from({ length: 12 }, (_, index) =>
      usualRow(ROUND + 300 * Math.floor(index / 4), index % 4),
    );
    rows[9]!.roundId = 123_456_789_012_345;
    // No link: one would not follow the pattern with this round, and leave the row to the reader.
    delete rows[9]!._links;
    const text = bodyText(JSON.stringify(rows));
    expect(referenceColumns(text)).toBe('refused');
    expect(byteColumns(text).columns).toBe('refused');
  });

  it('leaves agents past a few of one hash to readV7ResultRows, with the same columns', () => {
    // "Aa" and "BB" hash alike, so every id made of them does.
    const ids = Array.from({ length: 32 }, (_, index) =>
      Array.from({ length: 5 }, (_, bit) => ((index >> bit) & 1 ? 'Aa' : 'BB')).join(''),
    );
    const rows = Array.from({ length: 3 * ids.length }, (_, index) => ({
      roundId: ROUND + 300 * Math.floor(index / ids.length),
      agent: { agentId: ids[index % ids.length] },
      mos: 4.1,
    }));
    const text = bodyText(JSON.stringify(rows));
    const read = byteColumns(text);
    expect(read.columns).toBe(referenceColumns(text));
    // The first 8 agents of the hash are read from the bytes (rows without links: first rows
    // too); every row of the rest by readV7ResultRows.
    expect(read.readAsObjects).toBe(3 * (ids.length - 8));
  });

  it('never reads past the list: a string that runs into the envelope is no row', () => {
    const row = usualRow(ROUND, 1);
    const first = JSON.stringify([row, row]);
    // The second row's dscp is cut at the list's end; what follows it would complete it.
    const cut = first.slice(0, first.lastIndexOf('"dscp":"4') + 9);
    const text = `{"results":${cut}]","x":"6","dscpName":"EF"}],"_links":{}}`;
    const bytes = UTF8.encode(text);
    const encoder = createRoundColumnsEncoder();
    const start = text.indexOf('[');
    const end = cut.length + '{"results":'.length + 1;
    expect(text[end - 1]).toBe(']');
    expect(readV7RowBytes(bytes, start, end, encoder, '/x', noSkippedRows())).toBeUndefined();
  });
});
