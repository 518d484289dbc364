// Test support: several Earshot servers (replicas) in front of one simulated ThousandEyes on
// loopback, all in this process, in live mode against it (its token as TE_TOKEN, its URL as
// TE_API_URL), optionally sharing a Redis, all on one clock the caller moves. The same replicas
// as real processes on real time: replica-processes.ts; the screens that drive either:
// wall-screens.ts.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEarshotServer } from '../../app.ts';
import { readConfig } from '../../config.ts';
import { startSimulatorServer, type RunningSimulator } from '../../simulator/index.ts';
import { get, type ReplicaSet } from './wall-screens.ts';

const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ClusterOptions {
  replicas: number;
  /** Shared by every replica when set. */
  redisUrl?: string;
  /** The simulated organisation's limit, per minute. */
  rateLimitPerMinute: number;
  /** The clock's start, epoch ms. */
  startMs: number;
  /** Agents reporting on each test (the simulator's default is 30). */
  agentsPerTest?: number;
}

export interface Cluster extends ReplicaSet {
  simulator: RunningSimulator;
  /** Moves every clock (simulator and replicas) forward. */
  advance(ms: number): void;
  /** `redis` of each replica's /healthz (undefined without Redis). */
  redisStatuses(): Promise<(string | undefined)[]>;
  logs: string[];
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  let nowMs = options.startMs;
  const clock = () => nowMs;
  const simulator = await startSimulatorServer({
    now: clock,
    rateLimitPerMinute: options.rateLimitPerMinute,
    ...(options.agentsPerTest ? { agentsPerTest: options.agentsPerTest } : {}),
  });
  const logs: string[] = [];
  const servers: Awaited<ReturnType<typeof startEarshotServer>>[] = [];
  for (let index = 0; index < options.replicas; index += 1) {
    const config = readConfig(
      {
        TE_TOKEN: simulator.token,
        TE_API_URL: simulator.url,
        PORT: '0',
        // Behind a load balancer: each screen is its own client for per-client pacing.
        EARSHOT_TRUST_PROXY: '1',
        ...(options.redisUrl ? { EARSHOT_REDIS_URL: options.redisUrl } : {}),
      },
      ROOT_DIR,
    );
    servers.push(
      await startEarshotServer(config, {
        nowMs: clock,
        log: (line) => {
          if (!line.startsWith('earshot api: GET')) logs.push(`replica ${index + 1}: ${line}`);
        },
      }),
    );
  }
  return {
    simulator,
    urls: servers.map((server) => server.url),
    upstreamRequests: async () => simulator.controls.requests().log,
    resetUpstreamRequests: async () => simulator.controls.resetRequests(),
    advance: (ms) => {
      nowMs += ms;
    },
    redisStatuses: () =>
      Promise.all(
        servers.map(async (server) => {
          const health = await get(server.url, '/healthz', '127.0.0.1');
          return (JSON.parse(health.body) as { redis?: string }).redis;
        }),
      ),
    logs,
    close: async () => {
      for (const server of servers) {
        await new Promise<void>((resolveClose) => {
          server.server.close(() => resolveClose());
          server.server.closeAllConnections();
        });
        await server.app.close();
      }
      await simulator.close();
    },
  };
}
