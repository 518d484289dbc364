import { describe, expect, it } from 'vitest';
import { nextPageHeader } from './proxy-send.ts';
import type { CachedAnswer } from './response-cache.ts';

const page = (overrides: Partial<CachedAnswer>): CachedAnswer => ({
  status: 200,
  headers: {},
  body: Buffer.from('{}'),
  ...overrides,
});

describe('nextPageHeader', () => {
  it('names the next page of a good page as a Link the browser can follow early', () => {
    expect(nextPageHeader(page({ nextPage: '/api/v7/tests?cursor=abc%3D' }))).toEqual({
      Link: '</api/v7/tests?cursor=abc%3D>; rel="next"',
    });
  });

  it('leaves out a last page, an error, and a link that could break out of the header', () => {
    expect(nextPageHeader(page({}))).toEqual({});
    expect(nextPageHeader(page({ status: 502, nextPage: '/api/v7/tests?cursor=a' }))).toEqual({});
    expect(nextPageHeader(page({ nextPage: '/api/v7/tests?cursor=a>; rel="x"' }))).toEqual({});
    expect(nextPageHeader(page({ nextPage: '/api/v7/tests?cursor=a b' }))).toEqual({});
  });
});
