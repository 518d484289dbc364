// Replica figures: upstream results calls per round for one Earshot server and for three behind
// a load balancer, with and without a shared Redis, 30 wall screens round-robin across them (the
// driver of server/proxy/replicas.test.ts), the clock moved a round at a time.
import { testsOfAccountGroup } from '../server/simulator/catalog.ts';
import {
  openScreens,
  playRound,
  startCluster,
  type RoundFigures,
} from '../server/proxy/testing/replica-cluster.ts';
import { startRedisServer } from '../server/proxy/testing/redis-server.ts';
import type { FigureLog } from './lib/figures.ts';

const SECTION = 'Replicas';
const SCREENS = 30;
const ROUNDS = 5;
const ROUND_MS = 60_000;
const START_MS = Date.UTC(2026, 0, 15, 12, 0, 30);
const VOICE_TESTS = testsOfAccountGroup(1001).filter(
  (test) => test.type === 'voice' && test.enabled,
).length;

async function callsPerRound(replicas: number, redisUrl: string | undefined) {
  const cluster = await startCluster({
    replicas,
    ...(redisUrl ? { redisUrl } : {}),
    rateLimitPerMinute: 240,
    startMs: START_MS,
  });
  try {
    for (let tries = 0; redisUrl && tries < 500; tries += 1) {
      if ((await cluster.redisStatuses()).every((status) => status === 'connected')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const screens = await openScreens(cluster, SCREENS);
    const rounds: RoundFigures[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      cluster.advance(ROUND_MS);
      rounds.push(await playRound(cluster, screens));
    }
    const calls = rounds.map((round) => round.upstreamResultsCalls);
    return {
      mean: calls.reduce((sum, value) => sum + value, 0) / calls.length,
      perRound: calls.join(', '),
      refused: rounds.reduce((sum, round) => sum + round.upstream429, 0),
    };
  } finally {
    await cluster.close();
  }
}

export async function replicaFigures(log: FigureLog): Promise<void> {
  const redis = await startRedisServer();
  try {
    const runs: [string, number, string | undefined, number | undefined][] = [
      ['1 server', 1, undefined, VOICE_TESTS],
      ['3 servers, one Redis', 3, redis.url, VOICE_TESTS],
      ['3 servers, no Redis (for comparison)', 3, undefined, undefined],
    ];
    for (const [label, replicas, redisUrl, limit] of runs) {
      const figures = await callsPerRound(replicas, redisUrl);
      log.atMost(
        SECTION,
        `upstream results calls per round, ${label}`,
        figures.mean,
        'calls',
        limit,
        `${SCREENS} screens, ${VOICE_TESTS} voice tests, ${ROUNDS} rounds: ${figures.perRound}; 429 at upstream: ${figures.refused}`,
      );
    }
  } finally {
    await redis.stop();
  }
}
