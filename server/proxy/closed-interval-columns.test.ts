// The columns thread reads what this thread would read, and is really used.
import { describe, expect, it } from 'vitest';
import {
  decodeRoundColumns,
  encodeRoundColumns,
  joinRoundColumns,
  writeRoundColumns,
} from '../../common/result-rows/round-columns.ts';
import { RoundColumnsBytes } from '../../common/result-rows/round-columns-bytes.ts';
import { noSkippedRows } from '../../common/result-rows/skipped-rows.ts';
import { readV6MetricRows } from '../../common/result-rows/v6.ts';
import { readV7ResultRows } from '../../common/result-rows/v7.ts';
import {
  columnsReadCounts,
  columnsThreadId,
  columnsThreadStatus,
  prepareColumnsThread,
  intervalColumns,
  readIntervalColumns,
  guessedRowChunks,
  rowChunks,
  type ColumnsParts,
} from './closed-interval-columns.ts';
import { rowsSpan } from './closed-interval-join.ts';

const ROUND = 1_768_456_800;

function joinedBody(rows: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      test: { testId: '7', interval: 60 },
      results: Array.from({ length: rows }, (_, index) => ({
        roundId: ROUND + 60 * Math.floor(index / 10),
        agent: { agentId: String(index % 10), agentName: `Zürich ${index % 10}`, countryId: 'CH' },
        mos: 4.1,
        loss: 0.2,
        _links: {
          appLink: {
            href: `https://app.thousandeyes.com/x?roundId=${ROUND + 60 * Math.floor(index / 10)}&agentId=${index % 10}`,
          },
        },
      })),
      _links: {},
    }),
  );
}

// First in this file: nothing has started the thread yet.
describe('the columns thread at start-up', () => {
  it('is started before any interval is read, and once', () => {
    expect(columnsThreadStatus()).toBe('not started');
    prepareColumnsThread();
    expect(columnsThreadStatus()).toBe('running');
    const thread = columnsThreadId();
    expect(thread).toBeGreaterThan(0);
    prepareColumnsThread();
    expect(columnsThreadId()).toBe(thread);
  });
});

describe('reading closed intervals into round columns', () => {
  it('happens on the columns thread, with the bytes this thread would write, then scrubbed', async () => {
    const joined = joinedBody(500);
    const scrub = (bytes: Buffer) => Buffer.from(bytes.toString().replaceAll('Zürich', 'Z'));
    const read = await readIntervalColumns(joined, 'v7', '/x', scrub);
    expect(columnsThreadStatus()).toBe('running');
    const here = intervalColumns(joined, 'v7', '/x')!;
    const scrubbedHere = joinRoundColumns(scrub(Buffer.from(here.header)), here.numbers);
    expect(read?.equals(scrubbedHere)).toBe(true);
    const decoded = decodeRoundColumns(new RoundColumnsBytes(read!), '/x');
    expect(decoded.rows[3]?.agentName).toBe('Z 3');
    expect(decoded.rows).toHaveLength(500);
  });

  it('counts the intervals and rows it read, and the rows it parsed (for /healthz)', async () => {
    const before = columnsReadCounts();
    // 500 rows of 10 agents, each with a link: each agent's first row is parsed, no other.
    await readIntervalColumns(joinedBody(500), 'v7', '/x', (bytes) => bytes);
    expect(columnsReadCounts()).toEqual({
      intervals: before.intervals + 1,
      rows: before.rows + 500,
      rowsParsed: before.rowsParsed + 10,
    });
  });

  it('has no columns for rows the readers refuse, and keeps the thread', async () => {
    const refused = Buffer.from(
      JSON.stringify({ results: [{ roundId: ROUND, agent: { agentId: '1' }, mos: 'good' }] }),
    );
    expect(await readIntervalColumns(refused, 'v7', '/x', (bytes) => bytes)).toBeUndefined();
    expect(columnsThreadStatus()).toBe('running');
  });
});

/** A body's bytes, from intervalColumns' parts. */
function bytesOf(parts: Pick<ColumnsParts, 'header' | 'numbers'> | undefined): string | undefined {
  return parts && Buffer.from(joinRoundColumns(parts.header, parts.numbers)).toString('base64');
}

/** What reading the whole list at once gives: the reference the chunked reading must equal. */
function wholeListColumns(joined: Buffer, apiVersion: 'v7' | 'v6'): string | undefined {
  const body = JSON.parse(joined.toString()) as Record<string, unknown>;
  const skipped = noSkippedRows();
  if (apiVersion === 'v7') {
    const rows = readV7ResultRows(body.results as unknown[], '/x', skipped);
    const columns = encodeRoundColumns(rows, { ...body, results: [] }, skipped);
    return columns && bytesOf(writeRoundColumns(columns));
  }
  const voice = body.voice as Record<string, unknown>;
  const rows = readV6MetricRows(voice.metrics as unknown[], '/x', skipped);
  const envelope = { ...body, voice: { ...voice, metrics: [] } };
  const columns = encodeRoundColumns(rows, envelope, skipped);
  return columns && bytesOf(writeRoundColumns(columns));
}

/** Rows whose texts hold what a cut must not cut at: commas, brackets, braces, escaped quotes. */
function awkwardRows(rows: number, apiVersion: 'v7' | 'v6'): Record<string, unknown>[] {
  return Array.from({ length: rows }, (_, index) => {
    const agentName = `Agent "${index % 10}", [rack {A}], \\ end`;
    return {
      roundId: ROUND + 60 * Math.floor(index / 10),
      ...(apiVersion === 'v7'
        ? { agent: { agentId: String(index % 10), agentName, countryId: 'CH' } }
        : { agentId: index % 10, agentName, countryId: 'CH' }),
      errorDetail: index % 7 === 0 ? 'no route, "timeout" ]},[{' : '',
      mos: index % 7 === 0 ? undefined : 4.1,
      loss: 0.2,
      extra: [{ nested: [1, 2, { deep: '],' }] }],
    };
  });
}

function awkwardBody(rows: number, apiVersion: 'v7' | 'v6'): Buffer {
  const list = awkwardRows(rows, apiVersion);
  return Buffer.from(
    JSON.stringify(
      apiVersion === 'v7'
        ? { test: { testId: '7', interval: 60 }, results: list, _links: {} }
        : { voice: { test: { testId: 7, interval: 60 }, metrics: list }, pages: { current: 1 } },
    ),
  );
}

describe('reading an interval a chunk of rows at a time (v6)', () => {
  it('gives the columns of the whole list, whatever the chunk size', () => {
    const joined = awkwardBody(3_000, 'v6');
    const whole = wholeListColumns(joined, 'v6');
    expect(whole).toBeDefined();
    for (const chunkBytes of [1, 100, 4096, 64 * 1024, 10_000_000]) {
      expect(bytesOf(intervalColumns(joined, 'v6', '/x', chunkBytes))).toBe(whole);
    }
  });

  it('gives the columns of the whole list for v7 too, read from the bytes', () => {
    const joined = awkwardBody(3_000, 'v7');
    const whole = wholeListColumns(joined, 'v7');
    expect(whole).toBeDefined();
    expect(bytesOf(intervalColumns(joined, 'v7', '/x'))).toBe(whole);
  });

  it('gives the columns of the whole list (v6, numbers as ids)', () => {
    const joined = Buffer.from(
      JSON.stringify({
        voice: {
          test: { testId: 7, interval: 60 },
          metrics: Array.from({ length: 500 }, (_, index) => ({
            roundId: ROUND + 60 * Math.floor(index / 10),
            agentId: index % 10,
            agentName: `Agent, "${index % 10}" ]}`,
            countryId: 'CH',
            mos: 4.1,
            loss: 0.2,
          })),
        },
        pages: { current: 1 },
      }),
    );
    const whole = wholeListColumns(joined, 'v6');
    expect(whole).toBeDefined();
    expect(bytesOf(intervalColumns(joined, 'v6', '/x', 100))).toBe(whole);
  });

  it('cuts only between rows', () => {
    const joined = awkwardBody(200, 'v7');
    const text = joined.toString();
    const { start, end } = rowsSpan(joined, 'v7')!;
    const chunks = [...rowChunks(joined, start, end, 50)];
    expect(chunks.length).toBe(200);
    const rows = chunks.flatMap((chunk) => JSON.parse(chunk!.text) as unknown[]);
    expect(rows).toEqual((JSON.parse(text) as { results: unknown[] }).results);
  });

  it('guesses its cuts at `},{` and, on rows as upstream writes them, every guess is between rows', () => {
    const joined = joinedBody(500);
    const text = joined.toString();
    const { start, end } = rowsSpan(joined, 'v7')!;
    const chunks = [...guessedRowChunks(joined, start, end, 1000)];
    expect(chunks.length).toBeGreaterThan(10);
    const rows = chunks.flatMap((chunk) => JSON.parse(chunk.text) as unknown[]);
    expect(rows).toEqual((JSON.parse(text) as { results: unknown[] }).results);
  });

  it('cuts exactly where a guess falls inside a string or a nested value', () => {
    const rows = Array.from({ length: 400 }, (_, index) => ({
      roundId: ROUND + 60 * Math.floor(index / 10),
      agentId: index % 10,
      agentName: 'rack },{ A',
      countryId: 'CH',
      extra: [{ a: 1 }, { b: '},{' }],
      mos: 4.1,
    }));
    const joined = Buffer.from(JSON.stringify({ voice: { metrics: rows }, pages: {} }));
    const { start, end } = rowsSpan(joined, 'v6')!;
    const whole = wholeListColumns(joined, 'v6');
    expect(whole).toBeDefined();
    for (const chunkBytes of [1, 30, 4096]) {
      // The guesses land inside the rows: a chunk that does not parse.
      const guessed = [...guessedRowChunks(joined, start, end, chunkBytes)];
      expect(() => guessed.forEach((chunk) => JSON.parse(chunk.text) as unknown)).toThrow(
        SyntaxError,
      );
      expect(bytesOf(intervalColumns(joined, 'v6', '/x', chunkBytes))).toBe(whole);
    }
  });

  it('has no columns for a list a whole parse would refuse (v6 in chunks, v7 from bytes)', () => {
    const rows = [0, 1, 2].map((index) => ({ roundId: ROUND, agentId: index, mos: 4.1 }));
    const bodies = {
      v6: (list: string) => `{"voice":{"metrics":${list}}}`,
      v7: (list: string) => `{"results":${list}}`,
    };
    for (const apiVersion of ['v6', 'v7'] as const) {
      const listed = (list: string) => Buffer.from(bodies[apiVersion](list));
      const valid = JSON.stringify(
        apiVersion === 'v6'
          ? rows
          : rows.map(({ agentId, ...row }) => ({ ...row, agent: { agentId: String(agentId) } })),
      );
      // A comma before the list's end: cut there, the last chunk would be an empty list.
      const trailingComma = listed(valid.replace(/}\]$/, '},]'));
      // A comma before the first row: cut after it, the first chunk would be an empty list.
      const leadingComma = listed(valid.replace('[', '[ ,'));
      const unterminated = listed('[{"roundId":1,"agentId":"x]');
      for (const refused of [trailingComma, leadingComma, unterminated]) {
        expect(() => JSON.parse(refused.toString())).toThrow();
        for (const chunkBytes of [1, 10, 1000]) {
          expect(intervalColumns(refused, apiVersion, '/x', chunkBytes)).toBeUndefined();
        }
      }
      expect(intervalColumns(listed(valid), apiVersion, '/x', 1)).toBeDefined();
    }
  });
});
