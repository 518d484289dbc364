// Which Chromium the e2e tests (and benchmarks) drive: CHROMIUM_PATH, else Debian's
// /usr/bin/chromium, else Playwright's own download (on a laptop with internet).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export type ChromiumChoice =
  | { found: true; executablePath: string | undefined; source: string }
  | { found: false; tried: string[] };

export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumChoice {
  const tried: string[] = [];
  if (env.CHROMIUM_PATH) {
    if (existsSync(env.CHROMIUM_PATH)) {
      return { found: true, executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
    }
    tried.push(`CHROMIUM_PATH=${env.CHROMIUM_PATH} (no such file)`);
  }
  if (existsSync(SYSTEM_CHROMIUM)) {
    return { found: true, executablePath: SYSTEM_CHROMIUM, source: 'system' };
  }
  tried.push(SYSTEM_CHROMIUM);
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) {
    // undefined lets Playwright launch its own browser as usual
    return { found: true, executablePath: undefined, source: `Playwright's own (${bundled})` };
  }
  tried.push(`Playwright's own browser${bundled ? ` (${bundled})` : ''}`);
  return { found: false, tried };
}

/** Launch options for whichever Chromium findChromium picked. */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const choice = findChromium();
  const executablePath = choice.found ? choice.executablePath : SYSTEM_CHROMIUM;
  return executablePath ? { executablePath, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS };
}
