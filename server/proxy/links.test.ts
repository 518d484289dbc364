import { describe, expect, it } from 'vitest';
import { rewriteLinks } from './links.ts';

const BASE = 'https://api.thousandeyes.com';

describe('rewriteLinks', () => {
  it('rewrites v7 HAL links anywhere in the body and leaves app links alone', () => {
    const { body, dropped } = rewriteLinks(
      {
        tests: [
          {
            testId: '1',
            _links: {
              self: { href: `${BASE}/v7/tests/voice/1` },
              testResults: [
                { href: `${BASE}/v7/test-results/1/rtp-server` },
                { href: 'https://other.example/x' },
              ],
              appLink: { href: 'https://app.thousandeyes.com/x?roundId=1' },
            },
          },
        ],
        _links: { next: { href: `${BASE}/v7/tests/voice?cursor=abc` } },
      },
      'v7',
      BASE,
    );
    expect(body).toEqual({
      tests: [
        {
          testId: '1',
          _links: {
            self: { href: '/api/v7/tests/voice/1' },
            testResults: [{ href: '/api/v7/test-results/1/rtp-server' }],
            appLink: { href: 'https://app.thousandeyes.com/x?roundId=1' },
          },
        },
      ],
      _links: { next: { href: '/api/v7/tests/voice?cursor=abc' } },
    });
    expect(dropped).toEqual(['https://other.example/x']);
  });

  it('drops a next link to another origin, and one on the right host but the other version', () => {
    const { body, dropped } = rewriteLinks(
      {
        _links: {
          next: { href: 'https://api.thousandeyes.com.evil.example/v7/tests' },
          prev: { href: `${BASE}/v6/tests` },
        },
      },
      'v7',
      BASE,
    );
    expect(body).toEqual({ _links: {} });
    expect(dropped).toHaveLength(2);
  });

  it('rewrites v6 pages.next and apiLinks, keeps permalinks', () => {
    const { body, dropped } = rewriteLinks(
      {
        voice: {
          test: {
            testId: 5,
            apiLinks: [
              { rel: 'self', href: `${BASE}/v6/tests/5` },
              { rel: 'data', href: 'http://evil.example/v6/x' },
            ],
          },
          metrics: [
            {
              permalink: 'https://app.thousandeyes.com/x',
              _links: { self: { href: 'https://elsewhere.example' } },
            },
          ],
        },
        pages: { current: 1, next: `${BASE}/v6/voice/rtp-stream/5.json?lastRoundId=9` },
      },
      'v6',
      BASE,
    );
    expect(body).toEqual({
      voice: {
        test: { testId: 5, apiLinks: [{ rel: 'self', href: '/api/v6/tests/5' }] },
        metrics: [
          {
            permalink: 'https://app.thousandeyes.com/x',
            _links: { self: { href: 'https://elsewhere.example' } },
          },
        ],
      },
      pages: { current: 1, next: '/api/v6/voice/rtp-stream/5.json?lastRoundId=9' },
    });
    expect(dropped).toEqual(['http://evil.example/v6/x']);
  });

  it('drops a v6 next page on another origin', () => {
    const { body } = rewriteLinks(
      { pages: { current: 1, next: 'https://evil.example/v6/voice' } },
      'v6',
      BASE,
    );
    expect(body).toEqual({ pages: { current: 1 } });
  });
});
