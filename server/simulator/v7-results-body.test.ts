// The v7 results body is written as text, row by row, straight from the row columns (v7.ts,
// resultsJson). These tests hold it to what the object-per-row path gave: each page parses to
// exactly the body the old code built (same fields, values and key order), byte for byte what
// JSON.stringify wrote for it, with the same cursors. The reference below is that old path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIsoUtc } from '../../common/time-window.ts';
import { buildAgents, findTest, type VoiceTestSpec } from './catalog.ts';
import type { RunningSimulator } from './index.ts';
import type { SimulatorOptions } from './options.ts';
import {
  buildLinks,
  generateRows,
  latestRound,
  roundsInRange,
  type PagePosition,
  type SimRow,
} from './results.ts';
import { PINNED_NOW_MS, get, getJson, startTestSimulator } from './test-support.ts';

/** What rowBody built for one row before rows were written as text (kept here as the reference). */
function referenceRow(
  hostile: boolean,
  aid: number,
  test: VoiceTestSpec,
  row: SimRow,
): Record<string, unknown> {
  const measured = row.errorDetail === '';
  return {
    roundId: row.roundId,
    date: formatIsoUtc(row.dateSeconds * 1000),
    startTime: row.dateSeconds,
    endTime: row.dateSeconds + test.duration,
    agent: {
      agentId: String(row.agent.agentId),
      agentName: row.agent.agentName,
      countryId: row.agent.city.countryId,
      location: row.agent.location,
    },
    serverIp: test.serverIp,
    dscp: String(row.dscp.id),
    dscpName: row.dscp.name,
    codecName: test.codec.name,
    codecMaxMos: test.codec.maxMos,
    errorDetail: row.errorDetail,
    // An error row has no measurements: absent, never zero.
    ...(measured
      ? { mos: row.mos, loss: row.loss, discards: row.discards, latency: row.latency, pdv: row.pdv }
      : {}),
    _links: {
      appLink: {
        href:
          hostile && row.agent.index === 1
            ? 'javascript:alert(document.domain)'
            : `https://app.thousandeyes.com/network-app-synthetics/views/?__a=${aid}&testId=${test.testId}&roundId=${row.roundId}&agentId=${row.agent.agentId}`,
      },
    },
  };
}

interface Case {
  options: SimulatorOptions;
  testId: number;
  /** The account group the request names (`aid=`), if it names one. */
  aid?: number;
  /** The first page's query (without `?` and `aid`). */
  query: string;
  /** The range that query asks for. */
  range: (test: VoiceTestSpec) => { startMs: number; endMs: number };
}

const lastHour = () => ({ startMs: PINNED_NOW_MS - 3_600_000, endMs: PINNED_NOW_MS });
const lastHours = (hours: number) => () => ({
  startMs: PINNED_NOW_MS - hours * 3_600_000,
  endMs: PINNED_NOW_MS,
});

interface Walk {
  pages: number;
  rows: Record<string, unknown>[];
}

/**
 * Follows a results walk from its first page and checks every page against the reference: the
 * rows the old path served (generateRows from after the previous page's last row, then one object
 * per row), the range, and the self and next links with the cursor the last row gives.
 */
async function compareWalk(sim: RunningSimulator, spec: Case): Promise<Walk> {
  const test = findTest(spec.testId) as VoiceTestSpec;
  const hostile = spec.options.hostile ?? false;
  const pageSize = spec.options.pageSize ?? 5000;
  const agents = buildAgents(spec.options.agentsPerTest ?? 12, hostile);
  const aid = spec.aid ?? 1001;
  const aidQuery = spec.aid === undefined ? '' : `&aid=${spec.aid}`;
  const testPath = `/v7/tests/voice/${spec.testId}${spec.aid === undefined ? '' : `?aid=${spec.aid}`}`;
  const { body: testBody } = await getJson(sim, testPath);

  const first = spec.range(test);
  const span = roundsInRange(test.interval, first.startMs, first.endMs, PINNED_NOW_MS);
  const pinnedEndMs = Math.max(
    0,
    Math.min(first.endMs, span ? (span.lastRoundId + span.interval) * 1000 : first.endMs),
  );
  const query = [spec.query, aidQuery.slice(1)].filter((part) => part !== '').join('&');
  let path: string | undefined =
    `/v7/test-results/${spec.testId}/rtp-server${query === '' ? '' : `?${query}`}`;
  let range = first;
  let after: PagePosition | undefined;
  const walk: Walk = { pages: 0, rows: [] };
  while (path !== undefined) {
    const response = await get(sim, path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/hal+json');
    const text = await response.text();
    const page = span
      ? generateRows(test, agents, buildLinks(test, agents), span, { after, limit: pageSize })
      : { rows: undefined, more: false };
    const rows = page.rows?.rows() ?? [];
    const last = rows[rows.length - 1];
    let next: string | undefined;
    if (page.more && last) {
      const cursor = Buffer.from(
        `c1:${test.testId}:${aid}:${Math.floor(first.startMs)}:${Math.floor(pinnedEndMs)}:${last.roundId}:${last.agent.agentId}`,
        'utf8',
      ).toString('base64url');
      next = `/v7/test-results/${test.testId}/rtp-server?cursor=${cursor}${aidQuery}`;
    }
    const expected = {
      results: rows.map((row) => referenceRow(hostile, aid, test, row)),
      test: testBody,
      startDate: formatIsoUtc(Math.max(0, range.startMs)),
      endDate: formatIsoUtc(Math.max(0, range.endMs)),
      _links: {
        self: { href: `${sim.url}${path}` },
        ...(next === undefined ? {} : { next: { href: `${sim.url}${next}` } }),
      },
    };
    const body = JSON.parse(text) as typeof expected;
    // Same value; then the same key order, row by row; then the very text JSON.stringify wrote.
    expect(body).toStrictEqual(expected);
    expect(body.results.map((row) => JSON.stringify(row))).toEqual(
      expected.results.map((row) => JSON.stringify(row)),
    );
    expect(text === JSON.stringify(expected)).toBe(true);

    walk.pages += 1;
    walk.rows.push(...body.results);
    path = next;
    range = { startMs: Math.floor(first.startMs), endMs: Math.floor(pinnedEndMs) };
    if (last) after = { roundId: last.roundId, afterAgentId: last.agent.agentId };
  }
  return walk;
}

const isErrorRow = (row: Record<string, unknown>) => row.errorDetail !== '';

describe('v7 results written as text', () => {
  const sims = new Map<string, RunningSimulator>();
  const simFor = async (options: SimulatorOptions): Promise<RunningSimulator> => {
    const key = JSON.stringify(options);
    let sim = sims.get(key);
    if (!sim) {
      sim = await startTestSimulator(options);
      sims.set(key, sim);
    }
    return sim;
  };
  beforeAll(async () => {
    await simFor({});
  });
  afterAll(async () => {
    await Promise.all([...sims.values()].map((sim) => sim.close()));
  });

  it('serves a normal simulator the body the object-per-row path built', async () => {
    const spec: Case = { options: {}, testId: 7002, query: 'window=1h', range: lastHour };
    const walk = await compareWalk(await simFor(spec.options), spec);
    expect(walk.pages).toBe(1);
    expect(walk.rows.length).toBeGreaterThan(600);
  });

  it('keeps hostile data (HTML in a name, a javascript: permalink) exactly as it was, with aid', async () => {
    const spec: Case = {
      options: { hostile: true },
      testId: 7001,
      aid: 1001,
      query: 'window=3h',
      range: lastHours(3),
    };
    const walk = await compareWalk(await simFor(spec.options), spec);
    const names = walk.rows.map((row) => (row.agent as { agentName: string }).agentName);
    expect(names.some((name) => name.startsWith('<img src=x onerror="alert('))).toBe(true);
    const hrefs = walk.rows.map(
      (row) => (row._links as { appLink: { href: string } }).appLink.href,
    );
    expect(hrefs).toContain('javascript:alert(document.domain)');
    expect(hrefs.some((href) => href.includes('__a=1001&testId=7001&roundId='))).toBe(true);
  });

  it('writes error rows without measurements, over several pages of another account group', async () => {
    // 40 agents cover every city, São Paulo and Bogotá among them (non-ASCII in the body).
    const spec: Case = {
      options: { agentsPerTest: 40 },
      testId: 7202,
      aid: 1002,
      query: 'window=12h',
      range: lastHours(12),
    };
    const walk = await compareWalk(await simFor(spec.options), spec);
    expect(walk.pages).toBeGreaterThanOrEqual(3);
    const errors = walk.rows.filter(isErrorRow);
    expect(errors.length).toBeGreaterThan(0);
    for (const row of errors) expect(Object.keys(row)).not.toContain('mos');
    const locations = walk.rows.map((row) => (row.agent as { location: string }).location);
    expect(locations.some((location) => location.startsWith('São Paulo'))).toBe(true);
  });

  it('splits rounds across small pages with the same cursors', async () => {
    const spec: Case = {
      options: { pageSize: 7 },
      testId: 7001,
      query: 'window=1h',
      range: lastHour,
    };
    const walk = await compareWalk(await simFor(spec.options), spec);
    expect(walk.pages).toBeGreaterThan(10);
  });

  it('answers the latest round when no range is given', async () => {
    const spec: Case = {
      options: {},
      testId: 7003,
      query: '',
      range: (test) => {
        const latest = latestRound(test.interval, PINNED_NOW_MS);
        return {
          startMs: latest.firstRoundId * 1000,
          endMs: (latest.lastRoundId + test.interval) * 1000,
        };
      },
    };
    const walk = await compareWalk(await simFor(spec.options), spec);
    expect(walk.pages).toBe(1);
    expect(walk.rows.length).toBeGreaterThan(0);
  });

  it('answers a disabled test, which measured nothing, with no rows', async () => {
    const spec: Case = { options: {}, testId: 7006, query: 'window=1h', range: lastHour };
    const walk = await compareWalk(await simFor(spec.options), spec);
    expect(walk.rows).toEqual([]);
  });
});
