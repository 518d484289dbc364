import { describe, expect, it } from 'vitest';
import { joinPageTexts, pageEnvelope, RowsList, rowsSpan } from './closed-interval-join.ts';

// Rows whose strings hold what a text scanner could trip on: quotes, backslashes, brackets, braces.
const trickyRows = [
  { agentId: '1', roundId: 60, name: 'a "quoted" [agent] {x}', path: 'C:\\dir\\' },
  { agentId: '2', roundId: 60, name: '\\"', nested: { list: [1, [2, { k: ']' }]] }, n: null },
];

/** Page texts: objects serialised, strings as they are. */
function texts(...pages: unknown[]): Buffer[] {
  return pages.map((page) => Buffer.from(typeof page === 'string' ? page : JSON.stringify(page)));
}

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
      pages.map((page) => Buffer.from(JSON.stringify(page))),
      'v7',
    );
    expect(JSON.parse(String(joined))).toEqual({
      test: { testId: '7001', interval: 300 },
      startDate: '2026-11-20T00:00:00Z',
      results: [...trickyRows, { agentId: '3', roundId: 120, score: 4.2 }],
      _links: { self: { href: '/api/self' } },
    });
  });

  it('joins the rows lists of pages read as columns only after the first page, v7 and v6', () => {
    const rowsList = (rows: unknown[]) => new RowsList(Buffer.from(JSON.stringify(rows)));
    const v7 = joinPageTexts(
      [
        Buffer.from(JSON.stringify(v7Page(trickyRows, '/api/v7/next?cursor=a'))),
        rowsList([]),
        rowsList([{ agentId: '3', roundId: 120 }]),
      ],
      'v7',
    );
    expect(JSON.parse(String(v7))).toMatchObject({
      results: [...trickyRows, { agentId: '3', roundId: 120 }],
      _links: { self: { href: '/api/self' } },
    });
    const v6 = joinPageTexts(
      [
        Buffer.from(JSON.stringify({ voice: { test: {}, metrics: [1] }, pages: { next: 'x' } })),
        rowsList([2, 3]),
      ],
      'v6',
    );
    expect(JSON.parse(String(v6))).toEqual({ voice: { test: {}, metrics: [1, 2, 3] }, pages: {} });
    // The first page is a page, and a rows list is one list.
    expect(joinPageTexts([rowsList([1]), rowsList([2])], 'v7')).toBe(undefined);
    expect(
      joinPageTexts(
        [Buffer.from(JSON.stringify(v7Page([]))), new RowsList(Buffer.from('{}'))],
        'v7',
      ),
    ).toBe(undefined);
  });

  it('joins v6 pages under voice.metrics and drops pages.next', () => {
    const page = (metrics: unknown[], next?: string) => ({
      voice: { test: { testId: 7001, interval: 300 }, metrics },
      pages: { current: 1, ...(next ? { next } : {}) },
    });
    const joined = joinPageTexts(
      [page(trickyRows, '/api/v6/next?page=2'), page(trickyRows)].map((p) =>
        Buffer.from(JSON.stringify(p)),
      ),
      'v6',
    );
    expect(JSON.parse(String(joined))).toEqual({
      voice: { test: { testId: 7001, interval: 300 }, metrics: [...trickyRows, ...trickyRows] },
      pages: { current: 1 },
    });
  });

  it('reads a list of rows that spaces or another member named like it surround', () => {
    const text = '{ "x": {"results": 1}, "results" : [ {"a": "]"} ] , "_links": {} }';
    expect(JSON.parse(String(joinPageTexts([Buffer.from(text), Buffer.from(text)], 'v7')))).toEqual(
      {
        x: { results: 1 },
        results: [{ a: ']' }, { a: ']' }],
        _links: {},
      },
    );
  });

  it('refuses pages without a list of rows', () => {
    expect(joinPageTexts(texts(v7Page([]), '{"results": {"a": 1}}'), 'v7')).toBe(undefined);
    expect(joinPageTexts(texts(v7Page([]), '{"other": []}'), 'v7')).toBe(undefined);
    expect(joinPageTexts(texts('{"voice": {"test": {}}}'), 'v6')).toBe(undefined);
    expect(joinPageTexts(texts('{"results": ["unterminated'), 'v7')).toBe(undefined);
  });
});

describe('pageEnvelope', () => {
  it('is the page without its rows', () => {
    expect(pageEnvelope(Buffer.from(JSON.stringify(v7Page(trickyRows))), 'v7')).toEqual(v7Page([]));
    expect(rowsSpan(Buffer.from('[]'), 'v7')).toBe(undefined);
  });
});

describe('rowsSpan', () => {
  it('ends the rows where the rest only closes the page, past brackets in rows and in the tail', () => {
    const page = {
      results: [{ a: [1, [2]], s: 'x]}', t: '],"k":1}' }, { b: ']' }],
      _links: { list: [[1], { href: ']' }] },
    };
    const text = Buffer.from(JSON.stringify(page));
    const span = rowsSpan(text, 'v7');
    expect(JSON.parse(text.toString('utf8', span?.start, span?.end))).toEqual(page.results);
  });
});
