import { defineConfig, type TraceMode } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/chromium.ts';

// Every mode Playwright takes; the `satisfies` check fails the type check on one it does not.
const TRACE_MODES = [
  'off',
  'on',
  'retain-on-failure',
  'on-first-retry',
  'on-all-retries',
  'retain-on-first-failure',
  'retain-on-failure-and-retries',
] as const satisfies readonly TraceMode[];

function traceMode(asked: string | undefined): TraceMode {
  if (asked === undefined || asked === '') return 'off';
  const mode = TRACE_MODES.find((name) => name === asked);
  if (!mode) throw new Error(`EARSHOT_E2E_TRACE=${asked}: use one of ${TRACE_MODES.join(', ')}`);
  return mode;
}

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: process.env.EARSHOT_E2E_URL,
    locale: 'en-GB',
    timezoneId: 'UTC',
    launchOptions: chromiumLaunchOptions(),
    // Recording a trace of every test costs about a quarter of the suite's time on two cores
    // (dashboard and link specs: 110 s with it, 84 s without), and CI has a time limit: a
    // failed test keeps its screenshot; `EARSHOT_E2E_TRACE=retain-on-failure` records traces.
    trace: traceMode(process.env.EARSHOT_E2E_TRACE),
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium' }],
});
