// Upstream's own share of the cold week: the simulator alone, in a process of its own, serving
// every page of a week at 500 agents to a plain client that only reads the text. Its CPU time is
// work the cold-week figures include (the embedded simulator runs inside the Earshot server, on
// the same two cores as the browser) and that ThousandEyes' own servers do in production.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT_DIR } from '../scripts/check-bundle-size.ts';

export type UpstreamAlone =
  | { measured: true; cpuMs: number; wallMs: number; pages: number; megabytes: number }
  | { measured: false; reason: string };

const START_TIMEOUT_MS = 30_000;

/** CPU time of a process so far (user + system), from /proc; undefined where there is none. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command's closing parenthesis: state is field 3, utime 14 and stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) && ticksPerSecond > 0
      ? (ticks * 1000) / ticksPerSecond
      : undefined;
  } catch {
    return undefined;
  }
}

/** The simulator's URL and token, once it says it is listening. */
function started(simulator: ChildProcess): Promise<{ url: string; token: string }> {
  return new Promise((done, fail) => {
    let said = '';
    const timer = setTimeout(
      () => fail(new Error(`the simulator did not start in 30 s: ${said}`)),
      START_TIMEOUT_MS,
    );
    simulator.stdout!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const url = /listening at (\S+)/.exec(said)?.[1];
      const token = /token: (\S+)/.exec(said)?.[1];
      if (url && token) {
        clearTimeout(timer);
        done({ url, token });
      }
    });
    simulator.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    simulator.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the simulator exited (${code}): ${said}`));
    });
  });
}

function stop(simulator: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (simulator.exitCode !== null || simulator.signalCode !== null) return done();
    simulator.once('exit', () => done());
    simulator.kill('SIGTERM');
  });
}

/** Every page of `path` from a simulator of `agents` agents, in turn, and the simulator's CPU. */
export async function upstreamAlone(agents: number, path: string): Promise<UpstreamAlone> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('EARSHOT_SIM_')),
  );
  const simulator = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(ROOT_DIR, 'server/simulator/cli.ts'), '--port', '0'],
    {
      cwd: ROOT_DIR,
      env: { ...env, EARSHOT_SIM_AGENTS: String(agents), EARSHOT_SIM_RATE_LIMIT: '100000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const { url, token } = await started(simulator);
    const headers = { authorization: `Bearer ${token}` };
    await (await fetch(`${url}/v7/tests/voice`, { headers })).text(); // its code loaded and warm
    const cpuBefore = processCpuMs(simulator.pid!);
    if (cpuBefore === undefined) {
      return { measured: false, reason: 'no /proc/<pid>/stat to read a process’s CPU time from' };
    }
    const startedMs = performance.now();
    let next: string | undefined = `${url}${path}`;
    let pages = 0;
    let characters = 0;
    while (next) {
      const response: Response = await fetch(next, { headers });
      if (!response.ok) {
        throw new Error(`upstream alone: page ${pages + 1} answered ${response.status}`);
      }
      const text: string = await response.text();
      pages++;
      characters += text.length;
      // The next link is in the envelope after the rows: found without parsing ~3 MB of rows.
      next = /"next":\{"href":"([^"]+)"/.exec(text.slice(-4000))?.[1];
    }
    const wallMs = performance.now() - startedMs;
    const cpuAfter = processCpuMs(simulator.pid!);
    // A week at 500 agents is ~200 pages: one page would mean the next link was not found.
    if (pages < 2) throw new Error(`upstream alone: ${pages} page; its next link was not found`);
    if (cpuAfter === undefined) {
      return {
        measured: false,
        reason: 'the simulator’s CPU time could not be read after the walk',
      };
    }
    return {
      measured: true,
      cpuMs: Math.round(cpuAfter - cpuBefore),
      wallMs: Math.round(wallMs),
      pages,
      megabytes: characters / 1e6,
    };
  } finally {
    await stop(simulator);
  }
}
