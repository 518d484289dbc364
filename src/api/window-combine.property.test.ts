// Correct before fast: for random windows, interval sizes, page sizes (pages that end in the
// middle of a round), missing rows (the simulator's own), late rows and refreshes that race a
// round boundary, the rounds matrix built from closed intervals and live-edge increments equals the
// one built from a single whole-window download at the same moment. Both API versions, against
// the simulator on 127.0.0.1; seeded, so a failure names the seed that reproduces it.
// The simulator is Node code: imported by URL at run time, typed by the little used here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedBeforeMs,
  isClosedRange,
  LATENESS_MARGIN_MS,
  PROCESSING_DELAY_MS,
} from '../../common/result-intervals.ts';
import { buildRoundsMatrix } from '../lib/rounds-matrix.ts';
import type { TimeRange } from '../../common/time-window.ts';
import type { ApiClient } from './fetch-client.ts';
import { advanceLiveEdge, type LiveEdge } from './live-edge.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import type { RoundsMatrix, VoiceResults } from '../lib/model.ts';
import {
  INTERVAL_LADDER_HOURS,
  planClosedIntervals,
  windowBounds,
  windowHead,
  type MsRange,
} from './results-plan.ts';
import { fetchResultsRange } from './voice-results.ts';
import { combineWindow } from './window-combine.ts';
import { pickWith, seededRandom as random } from '../../common/seeded-random.ts';

interface SimulatorHandle {
  url: string;
  token: string;
  close(): Promise<void>;
}
type StartSimulator = (options: {
  pageSize?: number;
  agentsPerTest?: number;
  rateLimitPerMinute?: number;
  now?: () => number;
  host?: string;
  port?: number;
}) => Promise<SimulatorHandle>;

const TRIALS_PER_VERSION = 16;
/** 2026-03-10T00:00:00Z, plus a random offset per trial. */
const BASE_MS = Date.UTC(2026, 2, 10);
const TESTS = [
  { testId: '7002', intervalSeconds: 60 },
  { testId: '7003', intervalSeconds: 120 },
  { testId: '7001', intervalSeconds: 300 },
];

function hash(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) h = Math.imul(h ^ (value | 0), 0x01000193) >>> 0;
  return h;
}

let startSimulator: StartSimulator;
const clock = { nowMs: BASE_MS };
const simulators = new Map<number, Promise<SimulatorHandle>>();

/** One simulator per page size (rows are a pure function of test, agent and round, so equal). */
function simulatorWithPageSize(pageSize: number, agents: number): Promise<SimulatorHandle> {
  const key = pageSize * 100 + agents;
  let simulator = simulators.get(key);
  if (!simulator) {
    simulator = startSimulator({
      pageSize,
      agentsPerTest: agents,
      rateLimitPerMinute: 1_000_000,
      now: () => clock.nowMs,
      host: '127.0.0.1',
      port: 0,
    });
    simulators.set(key, simulator);
  }
  return simulator;
}

beforeAll(async () => {
  const url = new URL('../../server/simulator/index.ts', import.meta.url).href;
  startSimulator = (
    (await import(/* @vite-ignore */ url)) as { startSimulatorServer: StartSimulator }
  ).startSimulatorServer;
});

afterAll(async () => {
  for (const simulator of simulators.values()) await (await simulator).close();
  simulators.clear();
});

/**
 * What the Earshot server does for these tests (the path under `/api`, the token, next links
 * rewritten under `/api`), and late rows: some (agent, round) rows appear only a while after their
 * round, never later than the processing delay plus the lateness margin (the rule's promise).
 */
function clientFor(simulator: SimulatorHandle, seed: number, calls: string[]): ApiClient {
  const visible = (agentId: number, roundId: number, intervalSeconds: number) => {
    const h = hash(seed, agentId, roundId);
    if (h % 5 !== 0) return true;
    const lateMs = (h >>> 8) % (PROCESSING_DELAY_MS + LATENESS_MARGIN_MS);
    return (roundId + intervalSeconds) * 1000 + lateMs <= clock.nowMs;
  };
  const local = (href: string) => href.replace(simulator.url, '/api');
  return {
    async getJson(path) {
      calls.push(path);
      const response = await fetch(`${simulator.url}${path.replace(/^\/api/, '')}`, {
        headers: { Authorization: `Bearer ${simulator.token}` },
      });
      const body = (await response.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (!response.ok) throw new Error(`${response.status} for ${path}: ${JSON.stringify(body)}`);
      if (body['results']) {
        const interval = Number(body['test']?.interval ?? 60);
        body['results'] = body['results'].filter(
          (row: { agent: { agentId: string }; roundId: number }) =>
            visible(Number(row.agent.agentId), row.roundId, interval),
        );
        if (body['_links']?.next?.href) body['_links'].next.href = local(body['_links'].next.href);
      } else {
        const interval = Number(body['voice']?.test?.interval ?? 60);
        body['voice'].metrics = body['voice'].metrics.filter(
          (row: { agentId: number; roundId: number }) =>
            visible(row.agentId, row.roundId, interval),
        );
        if (body['pages']?.next) body['pages'].next = local(body['pages'].next);
      }
      return body;
    },
  };
}

function comparable(matrix: RoundsMatrix, rows: VoiceResults['rows']) {
  return {
    agents: matrix.agents,
    roundIds: Array.from(matrix.roundIds),
    cellState: Array.from(matrix.cellState),
    values: Object.fromEntries(
      Object.entries(matrix.values).map(([metric, values]) => [metric, Array.from(values)]),
    ),
    codecMaxMos: Array.from(matrix.codecMaxMos),
    rows: Array.from(matrix.rowIndex, (index) => (index >= 0 ? rows[index] : undefined)),
  };
}

interface Trial {
  testId: string;
  intervalSeconds: number;
  agents: number;
  pageSize: number;
  sizeHours: number;
  range: TimeRange;
  refreshTimes: number[];
}

function drawTrial(seed: number): Trial {
  const next = random(seed);
  const pick = pickWith(next);
  const { testId, intervalSeconds } = pick(TESTS);
  const intervalMs = intervalSeconds * 1000;
  const agents = 3 + Math.floor(next() * 4);
  // Pages that end mid-round whenever the size is not a multiple of the agents (v7; v6 pages
  // hold whole rounds).
  const smallPage = pick([2, 5, 7, 13, 40, 97]);
  const sizeHours = pick(INTERVAL_LADDER_HOURS);
  const startMs = BASE_MS + Math.floor(next() * 3 * 86_400_000);
  // Refreshes: at round boundaries (a millisecond before, on, or after: racing the round), a
  // little past them, or after a gap (a failed refresh, a sleeping tab); some cross hours, so
  // intervals close while the live edge runs.
  const refreshTimes = [startMs];
  const count = 1 + Math.floor(next() * 6);
  for (let i = 0; i < count; i++) {
    const last = refreshTimes[refreshTimes.length - 1] as number;
    const rounds = next() < 0.3 ? 1 + Math.floor(next() * 70) : 1;
    const boundary = (Math.floor(last / intervalMs) + rounds) * intervalMs;
    const offset = pick([-1, 0, 1, PROCESSING_DELAY_MS, Math.floor(next() * intervalMs)]);
    refreshTimes.push(Math.max(last + 1, boundary + offset));
  }
  const endMs = refreshTimes[refreshTimes.length - 1] as number;
  const kind = next();
  const windowSeconds = 600 + Math.floor(next() * 14 * 3600);
  const range: TimeRange =
    kind < 0.6
      ? { kind: 'relative', windowSeconds }
      : kind < 0.8
        ? { kind: 'absolute', fromMs: startMs - windowSeconds * 1000, toMs: undefined }
        : {
            kind: 'absolute',
            fromMs: endMs - windowSeconds * 1000 - Math.floor(next() * 6 * 3600_000),
            toMs: endMs - Math.floor(next() * 6 * 3600_000),
          };
  // Small pages, but at most a few hundred of them for the whole window.
  const windowRows =
    ((endMs - startMs) / 1000 / intervalSeconds + windowSeconds / intervalSeconds + 360) * agents;
  let pageSize = Math.max(smallPage, Math.ceil(windowRows / 60));
  if (pageSize % agents === 0) pageSize += 1;
  return { testId, intervalSeconds, agents, pageSize, sizeHours, range, refreshTimes };
}

async function runTrial(apiVersion: ApiVersion, seed: number) {
  const trial = drawTrial(seed);
  const { testId, intervalSeconds, range } = trial;
  if (range.kind === 'absolute' && range.toMs !== undefined && range.toMs <= range.fromMs) return;
  const source = { apiVersion, aid: undefined, testId };
  const calls: string[] = [];
  const client = clientFor(await simulatorWithPageSize(trial.pageSize, trial.agents), seed, calls);
  const wholeWindowClient = clientFor(
    await simulatorWithPageSize(1_000_000, trial.agents),
    seed,
    [],
  );
  const intervals = new Map<string, VoiceResults>();
  let edge: LiveEdge | undefined;
  let final: ReturnType<typeof combineWindow> | undefined;

  for (const nowMs of trial.refreshTimes) {
    clock.nowMs = nowMs;
    const head = windowHead(range, nowMs, intervalSeconds);
    let headPart: Parameters<typeof combineWindow>[2];
    let headStart: number;
    if (head.kind === 'live') {
      edge = await advanceLiveEdge(edge, { ...source, intervalSeconds }, head, { client, nowMs });
      headPart = { range: { startMs: edge.startMs, endMs: edge.endMs ?? Infinity }, data: edge };
      headStart = edge.startMs;
    } else {
      const data = await fetchResultsRange(source, head.interval.startMs, head.interval.endMs, {
        client,
      });
      headPart = {
        range: head.interval,
        data: { ...data, asOfMs: range.kind === 'absolute' ? (range.toMs ?? nowMs) : nowMs },
      };
      headStart = head.interval.startMs;
    }
    const windowStart = windowBounds(range, headPart.data.asOfMs).startMs;
    const plan: MsRange[] = planClosedIntervals(windowStart, headStart, trial.sizeHours);
    for (const interval of plan) {
      const key = `${interval.startMs}-${interval.endMs}`;
      if (intervals.has(key)) continue;
      // Asked for only once it can no longer change, by the one rule the server shares.
      expect(isClosedRange(interval.endMs, nowMs, intervalSeconds)).toBe(true);
      intervals.set(
        key,
        await fetchResultsRange(source, interval.startMs, interval.endMs, { client }),
      );
    }
    final = combineWindow(
      range,
      intervalSeconds,
      headPart,
      plan.map((interval) => ({
        range: interval,
        data: intervals.get(`${interval.startMs}-${interval.endMs}`),
      })),
    );
    // Every millisecond of the window is covered once: no gap, no overlap.
    expect(final.coverage.loadedMs).toBe(final.coverage.windowMs);
  }
  if (!final) throw new Error('no refresh ran');

  // The reference: the whole window in one download, at the same moment, through the same
  // late-row rule.
  const { startMs, endMs } = final.results as { startMs: number; endMs: number };
  const reference = await fetchResultsRange(
    source,
    Math.floor(startMs / (intervalSeconds * 1000)) * intervalSeconds * 1000,
    range.kind === 'absolute' ? range.toMs : undefined,
    { client: wholeWindowClient },
  );
  const window = { startMs, endMs, intervalSeconds };
  const built = buildRoundsMatrix(final.results.rows, window);
  const expected = buildRoundsMatrix(reference.rows, window);
  expect(comparable(built, final.results.rows)).toEqual(comparable(expected, reference.rows));
  // The live edge stays bounded: it holds no round before the last closed interval's end.
  if (edge) {
    const firstRound = edge.rows[0]?.roundId;
    if (firstRound !== undefined) expect(firstRound * 1000).toBeGreaterThanOrEqual(edge.startMs);
    const lastNow = trial.refreshTimes[trial.refreshTimes.length - 1] as number;
    expect(edge.startMs).toBeGreaterThanOrEqual(
      Math.min(
        Math.floor(closedBeforeMs(lastNow, intervalSeconds) / 3600_000) * 3600_000,
        Math.floor(windowBounds(range, lastNow).startMs / (intervalSeconds * 1000)) *
          intervalSeconds *
          1000,
      ),
    );
  }
  return { cells: built.cellState.length, calls: calls.length };
}

describe.each(['v7', 'v6'] as const)('intervals + increments = one download, %s', (apiVersion) => {
  it(`holds for ${TRIALS_PER_VERSION} random windows`, async () => {
    let cells = 0;
    for (let seed = 1; seed <= TRIALS_PER_VERSION; seed++) {
      try {
        const outcome = await runTrial(apiVersion, seed * 7919 + (apiVersion === 'v6' ? 1 : 0));
        cells += outcome?.cells ?? 0;
      } catch (error) {
        throw new Error(
          `seed ${seed} (${apiVersion}) ${JSON.stringify(drawTrial(seed * 7919 + (apiVersion === 'v6' ? 1 : 0)))}: ${String(error)}`,
          { cause: error },
        );
      }
    }
    expect(cells).toBeGreaterThan(0);
  }, 60_000);
});
