import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, TEST_TOKEN } from '../simulator/test-support.ts';
import type { RunningSimulator } from '../simulator/index.ts';
import { checkRows, rowsAsBytes } from './closed-interval-page.ts';
import {
  credentialScrubber,
  shapeAnswer,
  shapeResultsPage,
  type ShapeContext,
} from './upstream-answer.ts';

const UPSTREAM = 'https://api.example.test';
const logs: string[] = [];

function context(apiVersion: 'v7' | 'v6', token = TEST_TOKEN): ShapeContext {
  return {
    apiVersion,
    upstreamBase: UPSTREAM,
    pageUrl: `${UPSTREAM}/${apiVersion}/test-results/7/rtp-server`,
    scrub: credentialScrubber({ kind: 'bearer', token }),
    log: (line) => logs.push(line),
  };
}

function answer(body: string | Buffer) {
  return {
    status: 200,
    headers: { 'content-type': 'application/hal+json' },
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  };
}

/** Both ways of shaping a page, and the log lines each wrote. */
function bothWays(body: string, apiVersion: 'v7' | 'v6' = 'v7', token = TEST_TOKEN) {
  logs.length = 0;
  const full = shapeAnswer(answer(body), context(apiVersion, token));
  const fullLogs = logs.splice(0);
  const fast = shapeResultsPage(answer(body), context(apiVersion, token));
  return { full, fast, fullLogs, fastLogs: logs.splice(0) };
}

function parsedBody(shaped: { body: Buffer }): unknown {
  return JSON.parse(shaped.body.toString()) as unknown;
}

function checks(rows: string, apiVersion: 'v7' | 'v6' = 'v7', maxDepth = 63) {
  const text = Buffer.from(rows);
  return checkRows(text, 0, text.length, apiVersion, maxDepth);
}

const row = (extra: string) =>
  `{"roundId":1,"mos":4.1,"agent":{"agentId":"1"},"_links":{"appLink":{"href":"https://app.thousandeyes.com/x?a=1"}}${extra}}`;
const v7Page = (
  rows: string,
  links = `{"self":{"href":"${UPSTREAM}/v7/test-results/7/rtp-server"}}`,
) =>
  `{"results":${rows},"test":{"testId":"7","interval":60,"_links":{"self":{"href":"${UPSTREAM}/v7/tests/voice/7"}}},"_links":${links}}`;

describe('checkRows', () => {
  it('takes one JSON array of rows, with whitespace, numbers, literals and non-ASCII text', () => {
    expect(checks(`[${row('')}, ${row(',"x":[true,false,null,-0.5e+3,12]')}]`)).toBe(true);
    expect(checks(' [ ] '.trim())).toBe(true);
    expect(checks('[{"agentName":"São Paulo"}]')).toBe(true);
  });

  it.each([
    ['not an array', '{"a":1}'],
    ['two arrays', '[1],[2]'],
    ['a trailing comma', '[1,]'],
    ['a missing comma', '[1 2]'],
    ['unclosed', '[{"a":1}'],
    ['an unquoted key', '[{a:1}]'],
    ['a leading zero', '[01]'],
    ['a bare point', '[1.]'],
    ['a bad literal', '[tru]'],
    ['a control character in a string', '["a\tb"]'],
    ['an escape (it could hide a key or the credential)', '["\\u0074oken"]'],
    ['an escaped quote', '["a\\"b"]'],
    ['a link other than the permalink (v7)', '[{"_links":{"self":{"href":"/v7/agents"}}}]'],
    ['a `_links` that is no object', '[{"_links":[{"href":"/v7/agents"}]}]'],
    ['a v6 API link', '[{"apiLinks":[{"href":"/v6/agents.json"}]}]'],
    ['nesting past the bound', `${'['.repeat(64)}${']'.repeat(64)}`],
  ])('refuses %s', (_what, rows) => {
    expect(checks(rows, rows.includes('apiLinks') ? 'v6' : 'v7')).toBe(false);
  });

  it('leaves `apiLinks` to v6 and `_links` to v7', () => {
    expect(checks('[{"apiLinks":[]}]', 'v7')).toBe(true);
    expect(checks('[{"_links":{"self":{"href":"/x"}}}]', 'v6')).toBe(true);
  });
});

describe('shapeResultsPage', () => {
  it('keeps the rows as bytes and answers what the full parse answers', () => {
    const body = v7Page(`[ ${row('')} ,\n ${row(',"serverIp":"198.51.100.1"')} ]`);
    expect(rowsAsBytes(Buffer.from(body), 'v7')).toBeDefined();
    const { full, fast } = bothWays(body);
    expect(fast.status).toBe(200);
    // Upstream's bytes, spaces and all: not parsed and written out again.
    expect(fast.body.toString()).toContain(`"results":[ ${row('')} ,\n {`);
    expect(parsedBody(fast)).toEqual(parsedBody(full));
    expect(fast.nextPage).toBe(full.nextPage);
    expect(fast.headers).toEqual(full.headers);
  });

  it('rewrites the envelope links and refuses an unfollowable next page as the full way does', () => {
    const next = (href: string) =>
      v7Page(`[${row('')}]`, `{"next":{"href":"${href}"},"other":{"href":"https://evil.test/x"}}`);
    const good = bothWays(next(`${UPSTREAM}/v7/test-results/7/rtp-server?cursor=a%2Bb`));
    expect(good.fast.nextPage).toBe('/api/v7/test-results/7/rtp-server?cursor=a%2Bb');
    expect(parsedBody(good.fast)).toEqual(parsedBody(good.full));
    expect(good.fastLogs).toEqual(good.fullLogs);
    expect(good.fastLogs.join('\n')).toMatch(/dropped a link .*evil\.test/);
    const bad = bothWays(next('https://evil.test/v7/test-results/7/rtp-server?cursor=2'));
    expect(bad.fast.status).toBe(502);
    expect(parsedBody(bad.fast)).toEqual(parsedBody(bad.full));
  });

  it.each([
    [
      'an API link in a row',
      `[${row(',"x":{"_links":{"self":{"href":"https://evil.test/v7/a"}}}')}]`,
    ],
    ['the credential in a row', `[${row(`,"echo":"Bearer ${TEST_TOKEN}"`)}]`],
    ['the credential escaped in a row', `[${row(',"echo":"\\u0074est-token-0123456789"')}]`],
    ['malformed rows', `[${row('')},]`],
    ['rows nested too deep', `[${'['.repeat(70)}${']'.repeat(70)}]`],
    ['a second list of rows', `[${row('')}],"results":[${row(',"second":1')}]`],
  ])('with %s, answers exactly what the full parse answers', (_what, rows) => {
    const { full, fast } = bothWays(v7Page(rows));
    expect(fast.status).toBe(full.status);
    expect(parsedBody(fast)).toEqual(parsedBody(full));
    expect(fast.body.toString()).not.toContain(TEST_TOKEN);
    expect(fast.body.toString()).not.toContain('evil.test');
  });

  it('scrubs a credential of non-ASCII characters from rows of non-ASCII text', () => {
    const token = 'tökén-0123456789';
    const body = v7Page(`[${row(`,"agentName":"Zürich","echo":"${token}"`)}]`);
    const { full, fast } = bothWays(body, 'v7', token);
    expect(fast.body.toString()).not.toContain(token);
    expect(parsedBody(fast)).toEqual(parsedBody(full));
  });

  describe('on the simulator', () => {
    let simulator: RunningSimulator;
    beforeAll(async () => {
      simulator = await startTestSimulator({ agentsPerTest: 40, pageSize: 500 });
    });
    afterAll(() => simulator.close());

    it.each([
      [
        'v7',
        '/v7/test-results/7001/rtp-server?startDate=2026-01-15T06:00:00Z&endDate=2026-01-15T09:00:00Z',
      ],
      ['v6', '/v6/voice/rtp-stream/7001.json?from=2026-01-15T06:00:00&to=2026-01-15T09:00:00'],
    ] as const)(
      '%s: takes the rows as bytes and answers what the full parse answers',
      async (apiVersion, path) => {
        const upstream = await fetch(`${simulator.url}${path}`, {
          headers: { Authorization: `Bearer ${TEST_TOKEN}` },
        });
        const body = Buffer.from(await upstream.arrayBuffer());
        expect(rowsAsBytes(body, apiVersion)).toBeDefined();
        const shapeContext = {
          ...context(apiVersion),
          upstreamBase: simulator.url,
          pageUrl: `${simulator.url}${path}`,
        };
        const page = { status: 200, headers: { 'content-type': 'application/json' }, body };
        const full = shapeAnswer(page, shapeContext);
        const fast = shapeResultsPage(page, shapeContext);
        expect(fast.nextPage).toBeDefined();
        expect(fast.nextPage).toBe(full.nextPage);
        expect(parsedBody(fast)).toEqual(parsedBody(full));
      },
    );
  });
});
