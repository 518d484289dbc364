// Upstream's own share of the cold week: the simulator alone, in a process of its own, serving
// every page of a week at 500 agents to a plain client that only reads the text. Its CPU time is
// work the cold-week figures include (the embedded simulator runs inside the Earshot server, on
// the same two cores as the browser) and that ThousandEyes' own servers do in production.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT_DIR } from '../e2e/support/earshot-server.ts';

export interface UpstreamAlone {
  cpuMs: number;
  wallMs: number;
  pages: number;
  megabytes: number;
}

/** CPU time of a process so far (user + system), from /proc; undefined where there is none. */
function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** The week's pages of `path`, from a simulator of `agents` agents; undefined without /proc. */
export async function upstreamAlone(
  agents: number,
  path: string,
): Promise<UpstreamAlone | undefined> {
  const simulator = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(ROOT_DIR, 'server/simulator/cli.ts'), '--port', '0'],
    {
      cwd: ROOT_DIR,
      env: { ...process.env, EARSHOT_SIM_AGENTS: String(agents), EARSHOT_SIM_RATE_LIMIT: '100000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const { url, token } = await new Promise<{ url: string; token: string }>((done, fail) => {
      let said = '';
      simulator.stdout.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        const url = /listening at (\S+)/.exec(said)?.[1];
        const token = /token: (\S+)/.exec(said)?.[1];
        if (url && token) done({ url, token });
      });
      simulator.on('exit', (code) => fail(new Error(`the simulator exited (${code})`)));
    });
    const headers = { authorization: `Bearer ${token}` };
    await (await fetch(`${url}/v7/tests/voice`, { headers })).text(); // its code loaded and warm
    const cpuBefore = processCpuMs(simulator.pid!);
    if (cpuBefore === undefined) return undefined;
    const started = performance.now();
    let next: string | undefined = `${url}${path}`;
    let pages = 0;
    let characters = 0;
    while (next) {
      const response: Response = await fetch(next, { headers });
      if (!response.ok)
        throw new Error(`upstream alone: page ${pages + 1} answered ${response.status}`);
      const text: string = await response.text();
      pages++;
      characters += text.length;
      // The next link is in the envelope after the rows: found without parsing ~3 MB of rows.
      next = /"next":\{"href":"([^"]+)"/.exec(text.slice(-4000))?.[1];
    }
    const wallMs = performance.now() - started;
    const cpuMs = processCpuMs(simulator.pid!)! - cpuBefore;
    return {
      cpuMs: Math.round(cpuMs),
      wallMs: Math.round(wallMs),
      pages,
      megabytes: characters / 1e6,
    };
  } finally {
    simulator.kill();
  }
}
