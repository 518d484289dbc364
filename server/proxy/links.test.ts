import { describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { MAX_BODY_DEPTH, rewriteLinks, type LinkRewrite } from './links.ts';

const BASE = 'https://api.thousandeyes.com';
const PAGE = `${BASE}/v7/test-results/7/rtp-server?window=1h`;

function rewritten(body: unknown, apiVersion: ApiVersion = 'v7', pageUrl = PAGE) {
  const result = rewriteLinks(body, { apiVersion, upstreamBase: BASE, pageUrl });
  if (!result.ok) throw new Error(`refused: ${result.detail}`);
  return result;
}

function refusal(body: unknown, apiVersion: ApiVersion = 'v7'): string {
  const result: LinkRewrite = rewriteLinks(body, { apiVersion, upstreamBase: BASE, pageUrl: PAGE });
  if (result.ok) throw new Error('accepted');
  return result.detail;
}

describe('rewriteLinks', () => {
  it('rewrites v7 HAL links anywhere in the body and leaves app links alone', () => {
    const { body, dropped } = rewritten(
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

  it('drops other links to another origin or the other version', () => {
    const { body, dropped } = rewritten({
      _links: {
        self: { href: 'https://api.thousandeyes.com.evil.example/v7/tests' },
        prev: { href: `${BASE}/v6/tests` },
      },
    });
    expect(body).toEqual({ _links: {} });
    expect(dropped).toHaveLength(2);
  });

  it.each([
    ['another host', 'https://api.thousandeyes.com.evil.example/v7/tests', /another host/],
    ['another port', 'https://api.thousandeyes.com:8443/v7/tests', /another host/],
    ['the other version', `${BASE}/v6/tests`, /outside the ThousandEyes API v7/],
    ['dot segments', `${BASE}/v7/../../../api/earshot/config`, /dot segments/],
    ['encoded dot segments', `${BASE}/v7/tests/%2e%2e/agents`, /dot segments/],
    ['a relative escape', '../../api/earshot/config', /dot segments/],
    ['a path outside the allow-list', `${BASE}/v7/users`, /does not forward v7\/users/],
    ['an unknown parameter', `${BASE}/v7/tests?admin=1`, /'admin'/],
    ['a scheme-relative host', '//evil.example/v7/tests', /another host/],
    ['javascript:', 'javascript:alert(1)', /not http\(s\)/],
    ['a space', `${BASE}/v7/tests?cursor=a b`, /spaces/],
    ['a cursor too long', `${BASE}/v7/tests?cursor=${'a'.repeat(5000)}`, /'cursor'/],
    ['a number', 42, /not a string/],
  ])('refuses the whole page for a next link to %s, saying why', (_name, href, why) => {
    const detail = refusal({ results: [], _links: { next: { href } } });
    expect(detail).toMatch(/^ThousandEyes returned a next page Earshot will not follow: /);
    expect(detail).toMatch(why);
  });

  it('refuses a v6 pages.next on another origin the same way', () => {
    const detail = refusal({ pages: { current: 1, next: 'https://evil.example/v6/voice' } }, 'v6');
    expect(detail).toMatch(/will not follow: its link points at another host/);
  });

  it.each([
    ['relative to the origin', '/v7/test-results/7/rtp-server?cursor=c2'],
    ['relative to the page', 'rtp-server?cursor=c2'],
    ['a query only', '?cursor=c2'],
    ['upper-case host', 'https://API.ThousandEyes.com/v7/test-results/7/rtp-server?cursor=c2'],
    ['the default port', 'https://api.thousandeyes.com:443/v7/test-results/7/rtp-server?cursor=c2'],
    ['http for https', 'http://api.thousandeyes.com/v7/test-results/7/rtp-server?cursor=c2'],
    ['a fragment', `${BASE}/v7/test-results/7/rtp-server?cursor=c2#top`],
  ])('follows a next link %s through the proxy', (_name, href) => {
    const { body, nextPage } = rewritten({ _links: { next: { href } } });
    expect(nextPage).toBe('/api/v7/test-results/7/rtp-server?cursor=c2');
    expect(body).toEqual({ _links: { next: { href: nextPage } } });
  });

  it.each(['ab+cd/ef==', 'ab%2Bcd%2Fef%3D%3D', 'a+b%2Fc=', "A-Z_a.z~!$'()*,;:@"])(
    'keeps the cursor %s byte-exact, with the other parameters upstream added',
    (cursor) => {
      const href = `${BASE}/v7/test-results/7/rtp-server?aid=12&window=1h&cursor=${cursor}`;
      const { nextPage } = rewritten({ _links: { next: { href } } });
      expect(nextPage).toBe(`/api/v7/test-results/7/rtp-server?aid=12&window=1h&cursor=${cursor}`);
    },
  );

  it(`refuses a body nested deeper than ${MAX_BODY_DEPTH} levels, without recursion`, () => {
    let deep: unknown = 0;
    for (let level = 0; level < 100_000; level += 1) deep = { a: [deep] };
    expect(refusal({ results: [deep] })).toMatch(/nested too deeply/);
    let shallow: unknown = 0;
    for (let level = 0; level < 20; level += 1) shallow = { a: [shallow] };
    expect(rewritten({ results: [shallow] }).body).toEqual({ results: [shallow] });
  });

  it('rewrites v6 pages.next and apiLinks, keeps permalinks', () => {
    const { body, dropped } = rewritten(
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
});
