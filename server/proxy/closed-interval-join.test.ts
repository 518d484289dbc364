import { describe, expect, it } from 'vitest';
import { joinPageTexts, pageEnvelope, rowsSpan } from './closed-interval-join.ts';

// Rows whose strings hold what a text scanner could trip on: quotes, backslashes, brackets, braces.
const trickyRows = [
  { agentId: '1', roundId: 60, name: 'a "quoted" [agent] {x}', path: 'C:\\dir\\' },
  { agentId: '2', roundId: 60, name: '\\"', nested: { list: [1, [2, { k: ']' }]] }, n: null },
];

function v7Page(rows: unknown[], next?: string) {
  return {
    test: { testId: '7001', interval: 300 },
    startDate: '2026-11-20T00:00:00Z',
    results: rows,
    _links: { self: { href: '/api/self' }, ...(next ? { next: { href: next } } : {}) },
  };
}

describe('joinPageTexts', () => {
  it('joins v7 pages into the first page with every row, in order, and no next link', () => {
    const pages = [
      v7Page(trickyRows, '/api/v7/next?cursor=a'),
      v7Page([], '/api/v7/next?cursor=b'),
      v7Page([{ agentId: '3', roundId: 120, score: 4.2 }]),
    ];
    const joined = joinPageTexts(
      pages.map((page) => JSON.stringify(page)),
      'v7',
    );
    expect(JSON.parse(joined ?? 'null')).toEqual({
      test: { testId: '7001', interval: 300 },
      startDate: '2026-11-20T00:00:00Z',
      results: [...trickyRows, { agentId: '3', roundId: 120, score: 4.2 }],
      _links: { self: { href: '/api/self' } },
    });
  });

  it('joins v6 pages under voice.metrics and drops pages.next', () => {
    const page = (metrics: unknown[], next?: string) => ({
      voice: { test: { testId: 7001, interval: 300 }, metrics },
      pages: { current: 1, ...(next ? { next } : {}) },
    });
    const joined = joinPageTexts(
      [JSON.stringify(page(trickyRows, '/api/v6/next?page=2')), JSON.stringify(page(trickyRows))],
      'v6',
    );
    expect(JSON.parse(joined ?? 'null')).toEqual({
      voice: { test: { testId: 7001, interval: 300 }, metrics: [...trickyRows, ...trickyRows] },
      pages: { current: 1 },
    });
  });

  it('reads a list of rows that spaces or another member named like it surround', () => {
    const text = '{ "x": {"results": 1}, "results" : [ {"a": "]"} ] , "_links": {} }';
    expect(JSON.parse(joinPageTexts([text, text], 'v7') ?? 'null')).toEqual({
      x: { results: 1 },
      results: [{ a: ']' }, { a: ']' }],
      _links: {},
    });
  });

  it('refuses pages without a list of rows', () => {
    expect(joinPageTexts([JSON.stringify(v7Page([])), '{"results": {"a": 1}}'], 'v7')).toBe(
      undefined,
    );
    expect(joinPageTexts([JSON.stringify(v7Page([])), '{"other": []}'], 'v7')).toBe(undefined);
    expect(joinPageTexts(['{"voice": {"test": {}}}'], 'v6')).toBe(undefined);
    expect(joinPageTexts(['{"results": ["unterminated'], 'v7')).toBe(undefined);
  });
});

describe('pageEnvelope', () => {
  it('is the page without its rows', () => {
    expect(pageEnvelope(JSON.stringify(v7Page(trickyRows)), 'v7')).toEqual(v7Page([]));
    expect(rowsSpan('[]', 'v7')).toBe(undefined);
  });
});
