// Columns are exact (every row read back as it was read from upstream) and a boundary (a body that
// only looks like columns can say nothing an upstream row could not).
import { plainRows, rowsThroughColumns } from './test-support.ts';
import { describe, expect, it } from 'vitest';
import {
  decodeRoundColumns,
  encodeRoundColumns,
  isRoundColumnsBody,
  joinRoundColumns,
  writeRoundColumns,
  type RoundColumnsBody,
} from './round-columns.ts';
import { RoundColumnsBytes } from './round-columns-bytes.ts';
import { permalinkHref, unlinkedPermalinkText, type RoundResult } from './round-result.ts';
import { RowsRefused } from './row-fields.ts';
import { noSkippedRows } from './skipped-rows.ts';
import { readV6MetricRows } from './v6.ts';
import { readV7ResultRows } from './v7.ts';
import { pickWith, seededRandom } from '../seeded-random.ts';

/** A seeded generator and a pick from it, so a failure names the seed that reproduces it. */
function random(seed: number) {
  const next = seededRandom(seed);
  return { next, pick: pickWith(next) };
}

const PATH = '/api/v7/test-results/7001/rtp-server?startDate=x&endDate=y';
const ROUND = 1769864400; // 2026-01-31T13:00:00Z

const LINKS = [
  (round: number, agent: string) =>
    `https://app.thousandeyes.com/network-app-synthetics/views/?__a=1&testId=7001&roundId=${round}&agentId=${agent}`,
  (round: number, agent: string) =>
    `https://app.thousandeyes.com/x/?agentId=${agent}&roundId=${round}`,
  () => 'javascript:alert(document.domain)',
  () => 'https://evil.example/phish',
  () => '   ',
  () => 'https://app.thousandeyes.com/a b',
  () => 'https://app.thousandeyes.com/%2e%2e/x',
  () => undefined,
  () => null,
];

/** Upstream v7 rows as the simulator and reality send them, odd values included. */
function v7Rows(seed: number, count: number): unknown[] {
  const { next, pick } = random(seed);
  const agents = ['1', '22', '333', 'a.b:c-d_e', '9'];
  const measure = (max: number) => pick([null, undefined, '', 0, max, next() * max, String(1)]);
  return Array.from({ length: count }, (_, index) => {
    const agentId = pick(agents);
    const round = ROUND + 60 * Math.floor(index / 3);
    const link = pick(LINKS)(round, agentId);
    return {
      roundId: round,
      date: pick([undefined, '2026-01-31T13:00:07Z', `2026-01-31T13:00:00.250Z`]),
      agent: {
        agentId,
        agentName: pick([`Agent ${agentId}`, undefined, 'Zürich, "CH"']),
        countryId: pick(['DE', undefined, '']),
        location: pick([undefined, 'Frankfurt, Hesse', '  ']),
      },
      dscp: pick(['46', 46, undefined]),
      dscpName: pick(['EF', undefined]),
      codecName: pick(['G.711', 'Opus']),
      mos: measure(5),
      codecMaxMos: measure(5),
      loss: measure(100),
      discards: measure(20),
      latency: measure(400),
      pdv: measure(50),
      errorDetail: pick(['', 'Connection refused', undefined]),
      serverIp: pick([undefined, '203.0.113.7']),
      ...(link === undefined ? {} : { _links: { appLink: { href: link } } }),
    };
  });
}

/** The body as the server sends it and the browser receives it. */
function throughBytes(body: RoundColumnsBody): RoundColumnsBytes {
  const { header, numbers } = writeRoundColumns(body);
  return new RoundColumnsBytes(joinRoundColumns(header, numbers));
}

function roundTrip(rows: RoundResult[]): RoundResult[] {
  return plainRows(rowsThroughColumns(rows));
}

function columnsOf(rows: RoundResult[]) {
  const body = encodeRoundColumns(rows, {}, noSkippedRows());
  if (!body) throw new Error('expected the rows to be encoded');
  return body;
}

function refusal(body: unknown): string {
  try {
    decodeRoundColumns(body, PATH);
  } catch (error) {
    if (!(error instanceof RowsRefused)) throw error;
    expect(error.path).toBe(PATH);
    return error.detail;
  }
  throw new Error('expected the columns to be refused');
}

describe('round columns', () => {
  it('give back every row exactly as it was read from upstream, v7 and v6, for random rows', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rows = readV7ResultRows(v7Rows(seed, 60), PATH);
      expect(roundTrip(rows), `seed ${seed}`).toEqual(rows);
    }
    const v6 = readV6MetricRows(
      [
        {
          agentId: 12,
          agentName: 'Frankfurt',
          countryId: 'DE',
          roundId: ROUND,
          date: '2026-01-31 13:00:07',
          mos: 4.1,
          loss: '0.5',
          permalink: `https://app.thousandeyes.com/voice/metrics?roundId=${ROUND}&agentId=12`,
        },
        { agentId: 13, roundId: ROUND, permalink: 'javascript:alert(1)', errorDetail: 'Timeout' },
      ],
      '/api/v6/voice/rtp-stream/7001.json',
    );
    expect(roundTrip(v6)).toEqual(v6);
  });

  it('keep the envelope and the rows left out, and are found by their format', () => {
    const skipped = { withoutAgent: 2, withoutRound: 1 };
    const body = throughBytes(
      encodeRoundColumns([], { test: { testId: '7001' }, results: [] }, skipped)!,
    );
    expect(isRoundColumnsBody(body)).toBe(true);
    expect(isRoundColumnsBody({ test: {}, results: [] })).toBe(false);
    // Nothing parsed from JSON passes for columns, whatever it says.
    expect(isRoundColumnsBody({ format: 'earshot-round-columns/4', bytes: [] })).toBe(false);
    expect(decodeRoundColumns(body, PATH)).toEqual({
      envelope: { test: { testId: '7001' }, results: [] },
      rows: [],
      skippedRows: skipped,
    });
  });

  it('write each text once and a link that follows the pattern as one code: ~12 times fewer bytes', () => {
    const upstream = Array.from({ length: 3000 }, (_, index) => {
      const agentId = String(100 + (index % 50));
      const round = ROUND + 300 * Math.floor(index / 50);
      return {
        roundId: round,
        date: new Date(round * 1000 + 1500).toISOString(),
        startTime: round,
        endTime: round + 5,
        agent: {
          agentId,
          agentName: `Agent ${agentId}, Somewhere, Country`,
          countryId: 'DE',
          location: 'Somewhere, Country',
        },
        serverIp: '203.0.113.7',
        dscp: '46',
        dscpName: 'Expedited Forwarding',
        codecName: 'G.711 @ 64 Kbps',
        codecMaxMos: 4.42,
        errorDetail: '',
        mos: Math.round((3 + (index % 7) / 5) * 100) / 100,
        loss: (index % 11) / 10,
        discards: 0,
        latency: 20 + (index % 37),
        pdv: (index % 13) / 4,
        _links: {
          appLink: {
            href: `https://app.thousandeyes.com/network-app-synthetics/views/?__a=1&testId=7001&roundId=${round}&agentId=${agentId}`,
          },
        },
      };
    });
    const rows = readV7ResultRows(upstream, PATH);
    const columns = columnsOf(rows);
    expect(columns.columns.link.every((code) => code === -2)).toBe(true);
    expect(columns.columns.texts.filter((text) => text.startsWith('https:'))).toEqual([]);
    const upstreamBytes = JSON.stringify({ results: upstream }).length;
    expect(throughBytes(columns).bytes.length * 11).toBeLessThan(upstreamBytes);
    // Every number column as Int16 (a MOS of one decimal at scale 10, a PDV of quarters at 100,
    // a round from the first), indices as Int16: 30 bytes a row, a third of Float64 and Int32.
    const { header, numbers } = writeRoundColumns(columns);
    expect(numbers.length).toBe(30 * rows.length);
    expect(JSON.parse(new TextDecoder().decode(header))).toMatchObject({
      numbers: [
        { type: 'i16', scale: 1, base: ROUND },
        { type: 'i16', scale: 1, base: 0 },
        { type: 'i16', scale: 10, base: 0 },
        { type: 'i16', scale: 100, base: 0 },
        { type: 'i16', scale: 10, base: 0 },
        { type: 'i16', scale: 1, base: 0 },
        { type: 'i16', scale: 1, base: 0 },
        { type: 'i16', scale: 100, base: 0 },
      ],
      indexBytes: 2,
    });
    expect(roundTrip(rows)).toEqual(rows);
  });

  it('write a number column as Int32 past Int16, and as Float64 when any of its values would not come back exactly as Int32', () => {
    const rows = readV7ResultRows(v7Rows(3, 30), PATH).map((row, index) => ({
      ...row,
      mos: index === 0 ? 4.123456789 : 4.1,
      codecMaxMos: index === 1 ? undefined : 4.41,
      discards: index === 2 ? 3276.8 : 0,
      loss: index === 0 ? -0 : 0.5,
      latency: index === 0 ? 3e10 : 20,
      pdv: index === 3 ? 32_767 : 2,
    }));
    const { header } = writeRoundColumns(columnsOf(rows));
    const { numbers } = JSON.parse(new TextDecoder().decode(header)) as {
      numbers: { type: string }[];
    };
    // mos (not at any scale), loss (-0 would come back 0), latency (past Int32): Float64;
    // discards (32,768 tenths) and the date (seconds from its round, in ms) past Int16: Int32;
    // pdv at Int16's largest, codecMaxMos with a value absent, and the round: Int16.
    expect(numbers.map((form) => form.type)).toEqual([
      'i16',
      'i32',
      'f64',
      'i16',
      'f64',
      'i32',
      'f64',
      'i16',
    ]);
    const read = roundTrip(rows);
    expect(read).toEqual(rows);
    expect(Object.is(read[0]!.loss, -0)).toBe(true);
    expect(read[1]!.codecMaxMos).toBeUndefined();
  });

  it('write indices as Int32 once the texts outgrow Int16, after Int16 numbers of an odd count', () => {
    const rows = readV7ResultRows(v7Rows(4, 33_001), PATH).map((row, index) => ({
      ...row,
      errorDetail: `error ${index}`,
      mos: 4.1,
    }));
    const { header } = writeRoundColumns(columnsOf(rows));
    expect(JSON.parse(new TextDecoder().decode(header))).toMatchObject({
      indexBytes: 4,
      numbers: expect.arrayContaining([expect.objectContaining({ type: 'i16' })]),
    });
    expect(roundTrip(rows)).toEqual(rows);
  });

  it('link only what the permalink rule links, whatever the pattern or the texts say', () => {
    const rows = readV7ResultRows(v7Rows(7, 30), PATH);
    const body = columnsOf(rows);
    body.columns.linkPattern = {
      before: 'javascript:alert(',
      between: ',',
      after: ')',
      agentFirst: false,
    };
    body.columns.link = body.columns.link.map(() => -2);
    const read = decodeRoundColumns(throughBytes(body), PATH).rows;
    expect(read.every((row) => row.permalink === undefined)).toBe(true);
    expect(read[0]!.permalinkText).toBe(
      `javascript:alert(${read[0]!.roundId},${read[0]!.agentId})`,
    );
  });

  it('refuse a value an upstream row could not carry, naming it', () => {
    const rows = readV7ResultRows(v7Rows(3, 10), PATH);
    const mos = columnsOf(rows);
    mos.columns.mos[4] = 9;
    expect(refusal(throughBytes(mos))).toBe(
      'columns[4].mos: expected a number from 0 to 5, got number 9',
    );
    const infinite = columnsOf(rows);
    infinite.columns.latency[1] = Number.POSITIVE_INFINITY;
    expect(refusal(throughBytes(infinite))).toMatch(/^columns\[1\]\.latency: expected a number/);
    const index = columnsOf(rows);
    index.columns.dscp[2] = index.columns.texts.length;
    expect(refusal(throughBytes(index))).toMatch(
      /^columns\[2\]\.dscp: expected an index below \d+/,
    );
    const round = columnsOf(rows);
    round.columns.roundId[0] = 1.5;
    expect(refusal(throughBytes(round))).toMatch(
      /^columns\[0\]\.roundId: expected a positive whole number/,
    );
    const agentId = columnsOf(rows);
    agentId.columns.texts[agentId.columns.agents.id[0]!] = '../etc';
    expect(refusal(throughBytes(agentId))).toMatch(/^agents\[0\]\.id: expected an id/);
    const bytes = throughBytes(columnsOf(rows)).bytes;
    expect(refusal(new RoundColumnsBytes(bytes.subarray(0, bytes.length - 4)))).toBe(
      "the Earshot server's columns: the columns are not 10 rows long",
    );
    expect(refusal(new RoundColumnsBytes(bytes.subarray(0, 20)))).toBe(
      "the Earshot server's columns: the header is cut short",
    );
    const notMagic = Uint8Array.from(bytes);
    notMagic[0] = 0x7b;
    expect(refusal(new RoundColumnsBytes(notMagic))).toBe(
      "the Earshot server's columns: the body is not earshot-round-columns/4",
    );
    const notJson = Uint8Array.from(bytes);
    notJson[12] = 0x5d;
    expect(refusal(new RoundColumnsBytes(notJson))).toBe(
      "the Earshot server's columns: the header is not JSON",
    );
    expect(refusal({ format: 'earshot-round-columns/4' })).toBe(
      "the Earshot server's columns: the body is not earshot-round-columns/4",
    );
    const withHeader = (change: (header: Record<string, unknown>) => void) => {
      const parts = writeRoundColumns(columnsOf(rows));
      const header = JSON.parse(new TextDecoder().decode(parts.header)) as Record<string, unknown>;
      change(header);
      const text = new TextEncoder().encode(JSON.stringify(header));
      return new RoundColumnsBytes(joinRoundColumns(text, parts.numbers));
    };
    expect(
      refusal(
        withHeader(
          (header) => ((header.numbers as unknown[])[2] = { type: 'i32', scale: 7, base: 0 }),
        ),
      ),
    ).toBe(
      "the Earshot server's columns: numbers holds a form that is not f64, i32 or i16 at a known scale",
    );
    expect(refusal(withHeader((header) => (header.numbers = [])))).toBe(
      "the Earshot server's columns: numbers is not a list of 8 forms",
    );
    expect(refusal(withHeader((header) => (header.indexBytes = 3)))).toBe(
      "the Earshot server's columns: indexBytes is not 2 or 4",
    );
    // A form that says Float64 where Int32 was written: the length no longer adds up.
    expect(
      refusal(withHeader((header) => ((header.numbers as unknown[])[0] = { type: 'f64' }))),
    ).toBe("the Earshot server's columns: the columns are not 10 rows long");
  });

  it('are not written for rows they would not give back exactly', () => {
    const [row] = readV7ResultRows(v7Rows(1, 1), PATH);
    const fractionalDate = { ...row!, dateMs: row!.roundId * 1000 + 0.5 };
    expect(encodeRoundColumns([fractionalDate], {}, noSkippedRows())).toBeUndefined();
    const rewritten = { ...row!, permalink: 'https://app.thousandeyes.com/a b' };
    expect(encodeRoundColumns([rewritten], {}, noSkippedRows())).toBeUndefined();
    const notANumber = { ...row!, mos: Number.NaN };
    expect(encodeRoundColumns([notANumber], {}, noSkippedRows())).toBeUndefined();
    // A pattern link the rule rewrites for one round only (round 2 makes `/%2e/`, a dot segment):
    // a row claiming it as its link is refused, though the agent's other rounds are plain.
    const linked = (roundId: number, href: string): RoundResult => ({
      ...row!,
      agentId: '7',
      roundId,
      dateMs: roundId * 1000,
      permalink: href,
      permalinkText: undefined,
    });
    const link = (roundId: number) => `https://app.thousandeyes.com/a/%${roundId}e/b?a=7`;
    expect(
      encodeRoundColumns([linked(25, link(25)), linked(35, link(35))], {}, noSkippedRows()),
    ).toBeDefined();
    expect(
      encodeRoundColumns([linked(25, link(25)), linked(2, link(2))], {}, noSkippedRows()),
    ).toBeUndefined();
  });
});

describe('round columns as bytes', () => {
  it('are read wherever the bytes sit in memory, aligned or not', () => {
    const rows = readV7ResultRows(v7Rows(11, 40), PATH);
    const { bytes } = throughBytes(encodeRoundColumns(rows, {}, noSkippedRows())!);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(
      plainRows(decodeRoundColumns(new RoundColumnsBytes(shifted.subarray(1)), PATH).rows),
    ).toEqual(rows);
  });
});

describe('pattern links, read the way the permalink rule reads each one', () => {
  // The rule is asked once per agent; these hold it to the answer it gives row by row.
  function decodedWithPattern(
    pattern: { before: string; between: string; after: string; agentFirst: boolean },
    rows: { agentId: string; roundId: number }[],
  ) {
    const read = readV7ResultRows(
      rows.map(({ agentId, roundId }) => ({
        roundId,
        agent: { agentId, agentName: `Agent ${agentId}`, countryId: 'DE' },
        mos: 4,
      })),
      PATH,
    );
    const body = encodeRoundColumns(read, {}, noSkippedRows())!;
    body.columns.linkPattern = pattern;
    body.columns.link = body.columns.link.map(() => -2);
    return decodeRoundColumns(throughBytes(body), PATH).rows;
  }
  const linkOf = (
    pattern: { before: string; between: string; after: string; agentFirst: boolean },
    agentId: string,
    roundId: number,
  ) =>
    pattern.agentFirst
      ? `${pattern.before}${agentId}${pattern.between}${roundId}${pattern.after}`
      : `${pattern.before}${roundId}${pattern.between}${agentId}${pattern.after}`;

  it('gives every row the link the rule gives it, whichever row of an agent comes first', () => {
    const patterns = [
      // Plain for every agent.
      { before: 'https://app.thousandeyes.com/v?r=', between: '&a=', after: '', agentFirst: false },
      // The agent's id completes the host: plain for "com" only.
      { before: 'https://app.thousandeyes.', between: '/x?r=', after: '', agentFirst: true },
      // A dot segment made by the round when it is the single digit 2 (`%2e`), and only then.
      // (a segment the URL parser drops: /a/%2e/b is /a/b).
      {
        before: 'https://app.thousandeyes.com/a/%',
        between: 'e/b?a=',
        after: '',
        agentFirst: false,
      },
      // Never a link.
      { before: 'javascript:alert(', between: ',', after: ')', agentFirst: false },
    ];
    const agents = ['com', 'org', '7'];
    for (const pattern of patterns) {
      for (const rounds of [
        [2, 25, 1_769_864_400],
        [1_769_864_400, 25, 2],
      ]) {
        const rows = agents.flatMap((agentId) => rounds.map((roundId) => ({ agentId, roundId })));
        const read = decodedWithPattern(pattern, rows);
        read.forEach((row, index) => {
          const { agentId, roundId } = rows[index]!;
          const link = linkOf(pattern, agentId, roundId);
          const expected = permalinkHref(link);
          expect(row.permalink, `${link}`).toBe(expected);
          expect(row.permalinkText).toBe(unlinkedPermalinkText(link, expected));
        });
      }
    }
  });
});

describe('round columns bytes, every one accounted for', () => {
  it('refuse padding after the header that is not zeros', () => {
    const rows = readV7ResultRows(v7Rows(5, 4), PATH);
    const { header, numbers } = writeRoundColumns(encodeRoundColumns(rows, {}, noSkippedRows())!);
    const bytes = joinRoundColumns(header, numbers);
    const paddingAt = 12 + header.length;
    if (paddingAt % 8 === 0) throw new Error('expected the header to leave padding');
    bytes[paddingAt] = 1;
    expect(refusal(new RoundColumnsBytes(bytes))).toBe(
      "the Earshot server's columns: the padding after the header is not zeros",
    );
  });

  it('refuse padding before Int32 indices that is not zeros', () => {
    const rows = readV7ResultRows(v7Rows(4, 33_001), PATH).map((row, index) => ({
      ...row,
      errorDetail: `error ${index}`,
      mos: 4.1,
    }));
    const { header, numbers } = writeRoundColumns(columnsOf(rows));
    const forms = (JSON.parse(new TextDecoder().decode(header)) as { numbers: { type: string }[] })
      .numbers;
    const size = { f64: 8, i32: 4, i16: 2 } as Record<string, number>;
    const numbersEnd = forms.reduce((sum, form) => sum + rows.length * size[form.type]!, 0);
    if (numbersEnd % 4 === 0) throw new Error('expected the numbers to leave padding');
    const bytes = joinRoundColumns(header, numbers);
    const start = Math.ceil((12 + header.length) / 8) * 8;
    expect(plainRows(decodeRoundColumns(new RoundColumnsBytes(bytes), PATH).rows)).toEqual(rows);
    bytes[start + numbersEnd] = 1;
    expect(refusal(new RoundColumnsBytes(bytes))).toBe(
      "the Earshot server's columns: the padding before the indices is not zeros",
    );
  });
});
