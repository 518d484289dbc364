// Issue #19's "done when" with real processes: Redis, the simulated ThousandEyes and three Earshot
// servers (`npm start`'s entry) each its own OS process on loopback, on real time; 30 wall screens
// (plain HTTP clients) round-robin across the three. A round is the screens' live edge moving on
// (a new startDate, as the wall asks each round), not a minute of waiting. Upstream results calls
// stay at one per test and round and the organisation's limit is never exceeded; with Redis killed
// mid-run every screen keeps getting answers (each server on its own), and once Redis is back the
// servers re-join and the calls fall back to one per test.
// The same run in one process on a clock the test moves, across real rate-limit windows:
// replicas.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testsOfAccountGroup } from '../simulator/catalog.ts';
import { startRedisServer, type RedisServer } from './testing/redis-server.ts';
import { startProcessCluster, type ProcessCluster } from './testing/replica-processes.ts';
import { waitUntil } from './testing/wait-until.ts';
import {
  AID,
  describeRound,
  liveEdgeQuery,
  openScreens,
  playRound,
  type RoundFigures,
  type Screen,
} from './testing/wall-screens.ts';

const REPLICAS = 3;
const SCREENS = 30;
const SHARED_ROUNDS = 3;
const OUTAGE_ROUNDS = 2;
const REJOINED_ROUNDS = 2;
const VOICE_TESTS = testsOfAccountGroup(AID).filter(
  (test) => test.type === 'voice' && test.enabled,
).length;
/**
 * What the run may spend upstream in one rate-limit minute (it takes well under one, but may
 * straddle two, which only leaves more): one call per test a round, one per test and server a
 * round while Redis is down, and the list of voice tests once per server.
 */
const CALLS_NEEDED =
  VOICE_TESTS * (SHARED_ROUNDS + REPLICAS * OUTAGE_ROUNDS + REJOINED_ROUNDS) + REPLICAS;
/** What three servers that shared nothing would spend in the same rounds. */
const CALLS_UNSHARED =
  REPLICAS * VOICE_TESTS * (SHARED_ROUNDS + OUTAGE_ROUNDS + REJOINED_ROUNDS) + REPLICAS;
/**
 * The organisation's limit: room for what the run needs and a third more, so that Earshot's own
 * pacing (tighter once less than a quarter of the budget is left) never comes into it; less than
 * three unshared servers would spend.
 */
const RATE_LIMIT = Math.ceil((CALLS_NEEDED * 4) / 3);
/** The minute the live edge starts in: each round asks from one minute later. */
const LIVE_EDGE_START_MS = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;

let redis: RedisServer | undefined;
let cluster: ProcessCluster | undefined;
let screens: Screen[] = [];
let roundsPlayed = 0;

function running(): ProcessCluster {
  if (!cluster) throw new Error('the processes did not start (see beforeAll)');
  return cluster;
}

async function redisStatusesAre(status: string): Promise<boolean> {
  return (await running().redisStatuses()).every((each) => each === status);
}

beforeAll(async () => {
  redis = await startRedisServer();
  cluster = await startProcessCluster({
    replicas: REPLICAS,
    redisUrl: redis.url,
    // The simulator's default 30 agents a test: answers of a wall's real size, whose time in
    // flight opens the races between servers that smaller ones hide.
    rateLimitPerMinute: RATE_LIMIT,
  });
  await waitUntil(() => redisStatusesAre('connected'), 'the three servers to connect to Redis');
  screens = await openScreens(cluster, SCREENS);
}, 120_000);

afterAll(async () => {
  if (process.env.DEBUG_REPLICAS) console.log(cluster?.outputs().join('\n'));
  await cluster?.close();
  await redis?.stop();
});

/** Plays `count` rounds, each checked as soon as it is played (a failure names its round). */
async function rounds(
  label: string,
  count: number,
  check: (figures: RoundFigures, round: string) => void,
): Promise<void> {
  for (let round = 1; round <= count; round += 1) {
    roundsPlayed += 1;
    const query = liveEdgeQuery(LIVE_EDGE_START_MS + roundsPlayed * 60_000);
    const played = await playRound(running(), screens, query);
    const described = describeRound(`${label} round ${round}`, played);
    console.log(described);
    check(played, described);
  }
}

describe('three Earshot server processes sharing one Redis', () => {
  it('spend one upstream call per test and round, within the organisation limit, through a Redis outage', async () => {
    expect(VOICE_TESTS).toBeGreaterThan(2);
    expect(CALLS_NEEDED).toBeLessThan(RATE_LIMIT);
    expect(CALLS_UNSHARED).toBeGreaterThan(RATE_LIMIT);
    expect(screens.every((screen) => screen.testIds.length === VOICE_TESTS)).toBe(true);
    console.log(
      `${SCREENS} screens on ${REPLICAS} server processes, ${VOICE_TESTS} voice tests, simulator limit ${RATE_LIMIT}/min (this run needs ${CALLS_NEEDED}; ${REPLICAS} servers sharing nothing would spend ${CALLS_UNSHARED})`,
    );
    const everyScreenAnswered = { 200: SCREENS * VOICE_TESTS };

    await rounds('shared', SHARED_ROUNDS, (figures, round) => {
      expect(figures.upstreamResultsCalls, round).toBe(VOICE_TESTS);
      expect(figures.upstream429, round).toBe(0);
      expect(figures.screenStatuses, round).toEqual(everyScreenAnswered);
    });

    await redis?.kill();
    await waitUntil(() => redisStatusesAre('unavailable'), 'the servers to notice Redis is gone');
    await rounds('redis down', OUTAGE_ROUNDS, (figures, round) => {
      // Each server on its own: its own cache and calls in flight, so one call per test each.
      expect(figures.upstreamResultsCalls, round).toBeGreaterThan(VOICE_TESTS);
      expect(figures.upstreamResultsCalls, round).toBeLessThanOrEqual(REPLICAS * VOICE_TESTS);
      expect(figures.upstream429, round).toBe(0);
      expect(figures.screenStatuses, round).toEqual(everyScreenAnswered);
    });

    await redis?.restart();
    await waitUntil(() => redisStatusesAre('connected'), 'the servers to re-join Redis', {
      // ioredis tries again every 2 s at most; a loaded machine adds to that.
      timeoutMs: 20_000,
    });
    await rounds('re-joined', REJOINED_ROUNDS, (figures, round) => {
      expect(figures.upstreamResultsCalls, round).toBe(VOICE_TESTS);
      expect(figures.upstream429, round).toBe(0);
      expect(figures.screenStatuses, round).toEqual(everyScreenAnswered);
    });

    const said = running().redisLog();
    console.log(said.join('\n'));
    expect(said.filter((line) => line.includes('earshot redis: unavailable'))).toHaveLength(
      REPLICAS,
    );
    expect(said.filter((line) => line.includes('earshot redis: connected to'))).toHaveLength(
      2 * REPLICAS,
    );
  }, 60_000);
});
