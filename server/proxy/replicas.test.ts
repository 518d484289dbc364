// Issue #19's "done when" on one clock: Redis, three Earshot servers and the simulator on loopback,
// the servers and the simulator in this process on one injected clock; 30 wall screens round-robin
// across the three. The clock moves a minute a round, so every round falls in a rate-limit window
// of its own and the shared budget rolls over with upstream's Reset, under a limit so tight that
// the outage's unshared calls exceed it: the 429s reach the screens as honest 429s. Upstream
// results calls stay at about one per test and round, the organisation's limit is never exceeded
// while Redis is shared; with Redis killed mid-run every screen keeps getting answers, and the
// servers re-join. The same run with every server its own process, on real time:
// replicas.process.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testsOfAccountGroup } from '../simulator/catalog.ts';
import { startCluster, type Cluster } from './testing/replica-cluster.ts';
import { startRedisServer, type RedisServer } from './testing/redis-server.ts';
import { waitUntil } from './testing/wait-until.ts';
import {
  AID,
  describeRound,
  openScreens,
  playRound,
  type RoundFigures,
  type Screen,
} from './testing/wall-screens.ts';

const SCREENS = 30;
const ROUND_MS = 60_000;
/** Mid-minute, so that each round falls in its own rate-limit window. */
const START_MS = Date.UTC(2026, 0, 15, 12, 0, 30);
const VOICE_TESTS = testsOfAccountGroup(AID).filter(
  (test) => test.type === 'voice' && test.enabled,
).length;
// Enough for one call per test a round and a little more, far less than three servers each
// calling for every test: exceeding the organisation's budget shows as 429s at the simulator.
const RATE_LIMIT = 2 * VOICE_TESTS + 2;

let redis: RedisServer;
let cluster: Cluster;
let screens: Screen[];

beforeAll(async () => {
  redis = await startRedisServer();
  cluster = await startCluster({
    replicas: 3,
    redisUrl: redis.url,
    rateLimitPerMinute: RATE_LIMIT,
    startMs: START_MS,
    // Few agents: the servers, the simulator and the screens share this one process.
    agentsPerTest: 5,
  });
  await waitUntil(
    async () => (await cluster.redisStatuses()).every((status) => status === 'connected'),
    'the three servers to connect to Redis',
  );
  screens = await openScreens(cluster, SCREENS);
}, 20_000);

afterAll(async () => {
  if (process.env.DEBUG_REPLICAS) console.log(cluster?.logs.join('\n'));
  await cluster?.close();
  await redis?.stop();
});

async function rounds(label: string, count: number): Promise<RoundFigures[]> {
  const figures: RoundFigures[] = [];
  for (let round = 1; round <= count; round += 1) {
    cluster.advance(ROUND_MS);
    const played = await playRound(cluster, screens, `aid=${AID}&window=1h`);
    console.log(describeRound(`${label} round ${round}`, played));
    figures.push(played);
  }
  return figures;
}

describe('three Earshot servers sharing one Redis', () => {
  it('spend about one upstream call per test and round, within the organisation limit, through a Redis outage', async () => {
    expect(VOICE_TESTS).toBeGreaterThan(2);
    expect(screens.every((screen) => screen.testIds.length === VOICE_TESTS)).toBe(true);
    console.log(
      `${SCREENS} screens on 3 servers, ${VOICE_TESTS} voice tests, simulator limit ${RATE_LIMIT}/min`,
    );

    const shared = await rounds('shared', 4);
    for (const round of shared) {
      expect(round.upstreamResultsCalls).toBe(VOICE_TESTS);
      expect(round.upstream429).toBe(0);
      expect(round.screenStatuses).toEqual({ 200: SCREENS * VOICE_TESTS });
    }

    await redis.kill();
    await waitUntil(
      async () => (await cluster.redisStatuses()).every((status) => status === 'unavailable'),
      'the servers to notice Redis is gone',
    );
    const alone = await rounds('redis down', 2);
    for (const round of alone) {
      // Each server on its own: its own cache and calls in flight, so up to one call per test
      // each; the simulator refuses what goes past the limit, and Earshot passes that on.
      expect(round.upstreamResultsCalls).toBeGreaterThan(VOICE_TESTS);
      expect(round.upstreamResultsCalls).toBeLessThanOrEqual(3 * VOICE_TESTS);
      // The premise of the shared rounds' zero: unshared, the three exceed the limit.
      expect(round.upstream429).toBeGreaterThan(0);
      expect(round.unanswered).toBe(0);
      expect(round.screenStatuses[200]).toBeGreaterThanOrEqual(VOICE_TESTS * (SCREENS / 3));
    }

    await redis.restart();
    await waitUntil(
      async () => (await cluster.redisStatuses()).every((status) => status === 'connected'),
      'the servers to re-join Redis',
    );
    const rejoined = await rounds('re-joined', 2);
    for (const round of rejoined) {
      expect(round.upstreamResultsCalls).toBe(VOICE_TESTS);
      expect(round.upstream429).toBe(0);
      expect(round.screenStatuses).toEqual({ 200: SCREENS * VOICE_TESTS });
    }
    const said = cluster.logs.filter((line) => line.includes('earshot redis:'));
    console.log(said.join('\n'));
    expect(said.filter((line) => line.includes('unavailable'))).toHaveLength(3);
    expect(said.filter((line) => line.includes('connected to'))).toHaveLength(6);
  }, 60_000);
});
