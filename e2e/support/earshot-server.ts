// Starts a real Earshot server process (the same entry as `npm start`, on the built dist/) on
// 127.0.0.1 and a free port, for e2e tests and benchmarks; and finds the servers a spec talks to.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The server global-setup.ts started for the whole run. */
export function sharedEarshotUrl(): string {
  const url = process.env.EARSHOT_E2E_URL;
  if (!url) throw new Error('EARSHOT_E2E_URL is not set: run through playwright.config.ts');
  return url;
}

/** The simulator's URL from a started server's output ("simulator: <url>"). */
export function simulatorUrlFrom(output: string): string {
  const match = /simulator: (http:\/\/\S+)/.exec(output);
  if (!match?.[1]) throw new Error(`no simulator URL in the server output:\n${output}`);
  return match[1];
}

export interface RunningEarshot {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

export async function startEarshot(env: Record<string, string> = {}): Promise<RunningEarshot> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(ROOT_DIR, 'server/main.ts')],
    {
      cwd: ROOT_DIR,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        TE_TOKEN: '',
        TE_EMAIL: '',
        TE_BASIC_TOKEN: '',
        EARSHOT_ACCESS_KEY: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Earshot did not start in 20 s:\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Earshot is serving at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Earshot exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}
