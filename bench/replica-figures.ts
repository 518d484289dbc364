// Replica figures: upstream results calls per round for one Earshot server and for three behind
// a load balancer, with and without a shared Redis, 30 wall screens round-robin across them (the
// driver of server/proxy/replicas.process.test.ts): the simulator and every server are their own
// processes on real time, and a round is the screens' live edge moving on (a new startDate).
import { testsOfAccountGroup } from '../server/simulator/catalog.ts';
import { startProcessCluster } from '../server/proxy/testing/replica-processes.ts';
import { startRedisServer } from '../server/proxy/testing/redis-server.ts';
import { waitUntil } from '../server/proxy/testing/wait-until.ts';
import {
  AID,
  liveEdgeQuery,
  openScreens,
  playRound,
  type RoundFigures,
} from '../server/proxy/testing/wall-screens.ts';
import type { FigureLog } from './lib/figures.ts';

const SECTION = 'Replicas';
const SCREENS = 30;
const ROUNDS = 5;
const VOICE_TESTS = testsOfAccountGroup(AID).filter(
  (test) => test.type === 'voice' && test.enabled,
).length;

async function callsPerRound(replicas: number, redisUrl: string | undefined) {
  const cluster = await startProcessCluster({
    replicas,
    ...(redisUrl ? { redisUrl } : {}),
    rateLimitPerMinute: 240,
  });
  try {
    if (redisUrl) {
      await waitUntil(
        async () => (await cluster.redisStatuses()).every((status) => status === 'connected'),
        `${replicas} servers to connect to Redis`,
      );
    }
    const screens = await openScreens(cluster, SCREENS);
    const liveEdgeStartMs = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    const rounds: RoundFigures[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const query = liveEdgeQuery(liveEdgeStartMs + round * 60_000);
      rounds.push(await playRound(cluster, screens, query));
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
        `${SCREENS} screens, ${VOICE_TESTS} voice tests, ${ROUNDS} rounds, every server its own process: ${figures.perRound}; 429 at upstream: ${figures.refused}`,
      );
    }
  } finally {
    await redis.stop();
  }
}
