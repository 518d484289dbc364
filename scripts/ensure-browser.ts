// Runs before the e2e tests: makes sure a Chromium is there, installing Debian's when it can.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from '../e2e/support/chromium.ts';

const choice = findChromium();
if (choice.found) {
  console.log(`e2e browser: ${choice.executablePath ?? 'Playwright default'} (${choice.source})`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (isRoot && isDebian) {
  console.log(
    "e2e browser: none found; installing Debian's chromium (apt-get update && apt-get install -y chromium)",
  );
  try {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    console.error(
      'e2e browser: apt-get could not install chromium; install it by hand and run npm test again',
    );
    process.exit(1);
  }
  if (findChromium().found) process.exit(0);
}

console.error(
  [
    'e2e browser: no Chromium found. Tried: ' + choice.tried.join(', ') + '.',
    'Fix it one of these ways, then run npm test again:',
    '  - on Debian/Ubuntu: sudo apt-get install chromium',
    '  - point CHROMIUM_PATH at a Chrome or Chromium binary',
    '  - with internet access: npx playwright install chromium',
  ].join('\n'),
);
process.exit(1);
