// Prints how long checking and adapting a results page takes per row, for 100,000 v7 rows and
// 100,000 v6 rows shaped like the simulator's (string or number ids, per-agent dates, permalinks,
// a few error rows). The figures are reported, never asserted: the machine is shared.
import { describe, expect, it } from 'vitest';
import { openV6Page, openV7Page, type ResultsPage } from '../../src/api/voice-results.ts';

const parseV7Page = (body: unknown, path: string) => openV7Page(body, path).read();
const parseV6Page = (body: unknown, path: string) => openV6Page(body, path).read();

const ROWS = 100_000;
const AGENTS = 500;
const INTERVAL = 300;
const FIRST_ROUND = 1_768_435_200; // 2026-01-15T00:00:00Z

function isoUtc(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000', '');
}

function v6DateTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function measured(i: number) {
  return {
    mos: 4.41 - (i % 97) / 100,
    loss: (i % 13) / 10,
    discards: 0.0,
    latency: 20 + (i % 180),
    pdv: i % 9,
  };
}

function v7Body(): unknown {
  const results = Array.from({ length: ROWS }, (_, i) => {
    const agent = i % AGENTS;
    const roundId = FIRST_ROUND + INTERVAL * Math.floor(i / AGENTS);
    const dateSeconds = roundId + (agent % 40);
    const errorDetail = i % 250 === 7 ? 'Connection timed out' : '';
    return {
      roundId,
      date: isoUtc(dateSeconds),
      startTime: isoUtc(dateSeconds),
      endTime: isoUtc(dateSeconds + 5),
      agent: {
        agentId: String(1000 + agent),
        agentName: `agent ${agent}`,
        countryId: 'DE',
        location: 'Frankfurt, Germany',
      },
      serverIp: '203.0.113.9',
      dscp: '46',
      dscpName: 'EF',
      codecName: 'G.711 @ 64 Kbps',
      codecMaxMos: 4.41,
      errorDetail,
      ...(errorDetail === '' ? measured(i) : {}),
      _links: {
        appLink: {
          href: `https://app.thousandeyes.com/network-app-synthetics/views/?__a=11&testId=7001&roundId=${roundId}&agentId=${1000 + agent}`,
        },
      },
    };
  });
  // Through JSON, so the objects are what a response body parses into.
  return JSON.parse(JSON.stringify({ results, test: undefined, _links: {} }));
}

function v6Body(): unknown {
  const metrics = Array.from({ length: ROWS }, (_, i) => {
    const agent = i % AGENTS;
    const roundId = FIRST_ROUND + INTERVAL * Math.floor(i / AGENTS);
    const errorDetail = i % 250 === 7 ? 'Connection timed out' : '';
    return {
      agentId: 1000 + agent,
      agentName: `agent ${agent}`,
      countryId: 'DE',
      date: v6DateTime(roundId + (agent % 40)),
      roundId,
      permalink: `https://app.thousandeyes.com/voice/metrics?__a=11&testId=7001&roundId=${roundId}&agentId=${1000 + agent}`,
      dscp: 46,
      dscpName: 'EF',
      codecName: 'G.711 @ 64 Kbps',
      codecMaxMos: 4.41,
      errorDetail,
      serverIp: '203.0.113.9',
      ...(errorDetail === '' ? measured(i) : {}),
    };
  });
  return JSON.parse(JSON.stringify({ voice: { metrics }, pages: {} }));
}

// Node's CPU clock: on a shared machine CPU time says more than wall time. (The app's tsconfig has
// no Node types, and this file is type-checked with the app.)
const nodeProcess = (globalThis as { process?: { cpuUsage(): { user: number; system: number } } })
  .process;

function cpuMicros(): number {
  const usage = nodeProcess?.cpuUsage();
  return usage === undefined ? NaN : usage.user + usage.system;
}

const RUNS = 7;

/**
 * µs per row over RUNS runs after one warm-up: the fastest run (the least disturbed by other work
 * on a shared machine) and the median, each as wall and CPU time.
 */
function perRow(parse: (body: unknown, path: string) => ResultsPage, body: unknown) {
  let page = parse(body, '/bench');
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const cpuBefore = cpuMicros();
    const started = performance.now();
    page = parse(body, '/bench');
    wall.push(((performance.now() - started) * 1000) / ROWS);
    cpu.push((cpuMicros() - cpuBefore) / ROWS);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const us = (values: number[], index: number) => (values[index] ?? NaN).toFixed(2);
  const middle = RUNS >> 1;
  const figures =
    `fastest ${us(wall, 0)} µs/row (${us(cpu, 0)} CPU), ` +
    `median ${us(wall, middle)} µs/row (${us(cpu, middle)} CPU) of ${RUNS} runs`;
  return { page, figures };
}

/**
 * The floor under any reader: the same v7 rows copied into RoundResult-shaped objects with no
 * check at all. On a busy machine most of a row's cost is allocating its object.
 */
function copyWithoutChecks(body: unknown): ResultsPage {
  const results = (body as { results: Record<string, Record<string, unknown>>[] }).results;
  const rows = results.map((row) => ({
    agentId: row.agent?.agentId,
    agentName: row.agent?.agentName,
    countryId: row.agent?.countryId,
    roundId: row.roundId,
    dateMs: (row.roundId as unknown as number) * 1000,
    permalink: row._links?.appLink,
    permalinkText: undefined,
    dscp: row.dscp,
    dscpName: row.dscpName,
    mos: row.mos,
    codecName: row.codecName,
    codecMaxMos: row.codecMaxMos,
    loss: row.loss,
    discards: row.discards,
    latency: row.latency,
    pdv: row.pdv,
    errorDetail: row.errorDetail,
    serverIp: row.serverIp,
  }));
  // Not a RoundResult: the values are unchecked, which is the point of the comparison.
  const unchecked = rows as unknown as ResultsPage['rows'];
  return {
    rows: unchecked,
    test: undefined,
    startMs: undefined,
    endMs: undefined,
  };
}

describe('results page speed', () => {
  for (const [version, parse, build] of [
    ['v7', parseV7Page, v7Body],
    ['v6', parseV6Page, v6Body],
  ] as const) {
    it(`checks and adapts 100,000 ${version} rows (figure printed)`, () => {
      const { page, figures } = perRow(parse, build());
      console.log(`results page speed: ${version}, ${ROWS.toLocaleString('en')} rows, ${figures}`);
      expect(page.rows).toHaveLength(ROWS);
      expect(page.rows.filter((row) => row.errorDetail !== '')).toHaveLength(ROWS / 250);
      expect(page.rows.every((row) => row.permalink !== undefined)).toBe(true);
      expect(page.rows[ROWS - 1]).toMatchObject({
        agentId: String(1000 + ((ROWS - 1) % AGENTS)),
        roundId: FIRST_ROUND + INTERVAL * Math.floor((ROWS - 1) / AGENTS),
        discards: 0,
        dscp: '46',
      });
    }, 300_000);
  }

  it('copies 100,000 v7 rows into objects with no checks, for comparison (figure printed)', () => {
    const { page, figures } = perRow(copyWithoutChecks, v7Body());
    console.log(`results page speed: v7 with no checks at all (the allocation floor), ${figures}`);
    expect(page.rows).toHaveLength(ROWS);
  });
});
