// Builds once for production, starts one Earshot server on the simulator for the whole run and
// hands its URL to the tests (workers inherit process.env). Specs that need their own server
// configuration (faults, scale) start one with startEarshot().
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT_DIR, startEarshot } from './support/earshot-server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.EARSHOT_E2E_SKIP_BUILD !== '1') {
    execFileSync(
      process.execPath,
      [resolve(ROOT_DIR, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: ROOT_DIR,
        stdio: 'inherit',
      },
    );
  }
  const earshot = await startEarshot();
  process.env.EARSHOT_E2E_URL = earshot.url;
  return () => earshot.stop();
}
