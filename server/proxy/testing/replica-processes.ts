// Test and bench support: the simulated ThousandEyes and several Earshot servers (replicas) as real
// OS processes on 127.0.0.1 and free ports (the entries of `npm run simulator` and `npm start`), on
// real time, the servers in live mode against the simulator (its token as TE_TOKEN, its URL as
// TE_API_URL), optionally sharing a Redis. close() kills every process, and so does the exit of
// this one, whatever happened in between. The same replicas in this process, on a clock the caller
// moves: replica-cluster.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { get, type ReplicaSet, type UpstreamRequest } from './wall-screens.ts';

const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Starting tsx on a busy 2-core machine has taken 10 s; beyond this, something is wrong. */
const START_TIMEOUT_MS = 45_000;
const OUTPUT_KEPT_CHARS = 8_000;

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ProcessClusterOptions {
  replicas: number;
  /** Shared by every replica when set. */
  redisUrl?: string;
  /** The simulated organisation's limit, per minute (EARSHOT_SIM_RATE_LIMIT). */
  rateLimitPerMinute: number;
  /** Agents reporting on each test (EARSHOT_SIM_AGENTS; the simulator's default is 30). */
  agentsPerTest?: number;
}

export interface ProcessCluster extends ReplicaSet {
  simulatorUrl: string;
  /** `redis` of each replica's /healthz (undefined without Redis). */
  redisStatuses(): Promise<(string | undefined)[]>;
  /** What the replicas printed about Redis (`earshot redis: …`), in order, each line named. */
  redisLog(): string[];
  /** The last of what each process printed, for a failure's diagnosis. */
  outputs(): string[];
  /** Kills every process (SIGKILL: nothing in them needs to outlive the test). */
  close(): Promise<void>;
}

interface NodeProcess {
  name: string;
  output(): string;
  kill(): Promise<void>;
}

export async function startProcessCluster(options: ProcessClusterOptions): Promise<ProcessCluster> {
  const started: NodeProcess[] = [];
  const redisLog: string[] = [];
  const close = async () => {
    await Promise.all(started.map((child) => child.kill()));
  };
  try {
    const token = randomBytes(18).toString('base64url');
    const simulator = await startNodeProcess({
      name: 'simulator',
      entry: 'server/simulator/cli.ts',
      args: ['--port', '0', '--host', '127.0.0.1'],
      env: {
        EARSHOT_SIM_TOKEN: token,
        EARSHOT_SIM_RATE_LIMIT: `${options.rateLimitPerMinute}`,
        EARSHOT_SIM_AGENTS: options.agentsPerTest ? `${options.agentsPerTest}` : '',
        // The request log (/_simulator/requests) is how upstream calls are counted.
        EARSHOT_SIM_FAULTS: '1',
        // Whatever the caller's shell says: the defaults, on real time.
        EARSHOT_SIM_PAGE_SIZE: '',
        EARSHOT_SIM_HOSTILE: '',
        EARSHOT_SIM_NOW: '',
        EARSHOT_SIM_EMAIL: '',
        EARSHOT_SIM_BASIC_TOKEN: '',
      },
      ready: /listening at (http:\/\/\S+)/,
      onLine: () => {},
    });
    started.push(simulator.process);
    const simulatorUrl = simulator.match;

    const replicas = await Promise.allSettled(
      Array.from({ length: options.replicas }, async (_, index) => {
        const name = `replica ${index + 1}`;
        const replica = await startNodeProcess({
          name,
          entry: 'server/main.ts',
          args: [],
          env: earshotEnv(token, simulatorUrl, options.redisUrl),
          ready: /Earshot is serving at (http:\/\/\S+)/,
          onLine: (line) => {
            if (line.startsWith('earshot redis:')) redisLog.push(`${name}: ${line}`);
          },
        });
        started.push(replica.process);
        return replica.match;
      }),
    );
    const failed = replicas.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const urls = replicas.map((result) => (result.status === 'fulfilled' ? result.value : ''));

    return {
      simulatorUrl,
      urls,
      upstreamRequests: async () => {
        const log = (await control(simulatorUrl, 'GET', '/_simulator/requests')) as {
          log: UpstreamRequest[];
        };
        return log.log.map(({ path, status }) => ({ path, status }));
      },
      resetUpstreamRequests: async () => {
        await control(simulatorUrl, 'DELETE', '/_simulator/requests');
      },
      redisStatuses: () =>
        Promise.all(
          urls.map(async (url) => {
            const health = await get(url, '/healthz', '127.0.0.1');
            return (JSON.parse(health.body) as { redis?: string }).redis;
          }),
        ),
      redisLog: () => [...redisLog],
      outputs: () => started.map((child) => `── ${child.name}\n${child.output()}`),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The environment of one Earshot server: this process's, with every Earshot and ThousandEyes
 * variable set here (empty = the default), so neither the caller's shell nor a `.env` beside
 * package.json changes what is tested.
 */
function earshotEnv(
  token: string,
  simulatorUrl: string,
  redisUrl: string | undefined,
): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    TE_TOKEN: token,
    TE_API_URL: simulatorUrl,
    TE_API_VERSION: 'v7',
    TE_EMAIL: '',
    TE_BASIC_TOKEN: '',
    EARSHOT_ACCESS_KEY: '',
    EARSHOT_ALLOWED_HOSTS: '',
    // Behind a load balancer: each screen is its own client for per-client pacing.
    EARSHOT_TRUST_PROXY: '1',
    EARSHOT_UPSTREAM_TIMEOUT_MS: '',
    EARSHOT_CONNECT_TIMEOUT_MS: '',
    EARSHOT_CACHE_SECONDS: '',
    EARSHOT_INTERVAL_CACHE_MB: '',
    EARSHOT_FRAME_ANCESTORS: '',
    EARSHOT_REDIS_URL: redisUrl ?? '',
  };
}

interface NodeProcessSpec {
  name: string;
  /** A TypeScript entry, relative to the repository, run with tsx as the npm scripts do. */
  entry: string;
  args: string[];
  env: Record<string, string>;
  /** Printed once it serves; its first group is returned. */
  ready: RegExp;
  onLine: (line: string) => void;
}

/** Starts the entry and resolves once its output matches `ready`, within START_TIMEOUT_MS. */
function startNodeProcess(spec: NodeProcessSpec): Promise<{ process: NodeProcess; match: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(ROOT_DIR, spec.entry), ...spec.args],
    {
      cwd: ROOT_DIR,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', () => {
      running.delete(child);
      resolveExit();
    }),
  );
  let output = '';
  let partialLine = '';
  const nodeProcess: NodeProcess = {
    name: spec.name,
    output: () => output,
    kill: async () => {
      if (child.pid === undefined) return; // never started: nothing runs, no exit will come
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  return new Promise((resolveStart, reject) => {
    let ready = false;
    const fail = (reason: string) => {
      clearTimeout(timer);
      void nodeProcess
        .kill()
        .then(() => reject(new Error(`${spec.name} ${reason}; it printed:\n${output}`)));
    };
    const timer = setTimeout(
      () => fail(`did not print ${spec.ready} within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-OUTPUT_KEPT_CHARS);
      const lines = (partialLine + text).split('\n');
      partialLine = lines.pop() ?? '';
      for (const line of lines) spec.onLine(line);
      const match = ready ? null : spec.ready.exec(output);
      if (match) {
        ready = true;
        clearTimeout(timer);
        resolveStart({ process: nodeProcess, match: match[1] ?? '' });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (!ready) fail(`exited (${signal ?? code}) before it was ready`);
    });
  });
}

/** A call to the simulator's test-only control API (not rate-limited, not logged). */
function control(base: string, method: 'GET' | 'DELETE', path: string): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    const req = request(`${base}${path}`, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new Error(`simulator ${method} ${path} answered ${res.statusCode}: ${body}`));
          return;
        }
        try {
          resolveBody(JSON.parse(body));
        } catch {
          reject(new Error(`simulator ${method} ${path} answered something other than JSON`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
