// Bad addresses and upstream failures on the test dashboard, on a server of its own with the
// simulator's fault control, so the test can count what reached the upstream and break it on cue.
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { startEarshot, type RunningEarshot } from './support/earshot-server.ts';
import {
  canvasPaint,
  simulatorRequests,
  simulatorUrlFrom,
  type SimulatorLogEntry,
} from './support/dashboard-data.ts';

const expect = baseExpect.configure({ timeout: 20_000 });

let earshot: RunningEarshot;
let simulator: string;

/**
 * Moves the page's clock a minute at a time until `status` shows: the next refresh meets the
 * fault. (One two-minute jump once left a loaded CI run with no refresh in sight; a page that
 * never refreshes still fails here.)
 */
async function advanceUntilShown(page: Page, status: Locator) {
  await expect(async () => {
    await page.clock.fastForward('01:00');
    await expect(status).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

test.beforeAll(async () => {
  // No proxy cache, so every refresh reaches the simulator (and its faults).
  earshot = await startEarshot({ EARSHOT_SIM_FAULTS: '1', EARSHOT_CACHE_SECONDS: '0' });
  simulator = simulatorUrlFrom(earshot.output());
});
test.afterAll(async () => earshot?.stop());
test.use({ baseURL: undefined });

test.beforeEach(async ({ request }) => {
  await request.post(`${simulator}/_simulator/reset`);
});

/** What the page asked of /api while `visit` ran, and what reached the upstream. */
async function trafficOf(page: Page, visit: () => Promise<void>) {
  const apiRequests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiRequests.push(url.pathname + url.search);
  });
  await page.request.delete(`${simulator}/_simulator/requests`);
  await visit();
  // Anything in flight has had time to arrive.
  await page.waitForTimeout(500);
  const upstream: SimulatorLogEntry[] = await simulatorRequests(page.request, simulator);
  return { apiRequests, upstream };
}

const badLinks = [
  {
    what: 'window=7x',
    path: '/tests/7001?window=7x',
    bad: '7x',
    message: /window '7x'/,
  },
  {
    what: 'from after to',
    path: '/tests/7001?from=2026-11-20T10:00:00&to=2026-11-20T09:00:00',
    bad: '2026-11-20',
    message: /before/,
  },
  { what: 'testId=abc', path: '/tests/abc', bad: 'abc', message: /test id 'abc'/ },
];

for (const link of badLinks) {
  test(`${link.what}: the page says what is wrong, and nothing reaches the upstream`, async ({
    page,
  }) => {
    const { apiRequests, upstream } = await trafficOf(page, async () => {
      await page.goto(`${earshot.url}${link.path}`);
      const alert = page.getByRole('alert', { name: 'This link has a problem' });
      await expect(alert).toBeVisible();
      await expect(alert).toContainText(link.message);
      await expect(alert.getByRole('link', { name: 'test list' })).toHaveAttribute('href', '/');
    });
    expect(apiRequests.filter((path) => path.includes(link.bad))).toEqual([]);
    expect(apiRequests.filter((path) => path.includes('/test-results/'))).toEqual([]);
    expect(upstream.filter((entry) => `${entry.path}?${entry.query}`.includes(link.bad))).toEqual(
      [],
    );
    expect(upstream.filter((entry) => entry.path.includes('/test-results/'))).toEqual([]);
  });
}

test('an unknown test says so, asks the upstream once, and never asks for its results', async ({
  page,
}) => {
  const { upstream } = await trafficOf(page, async () => {
    await page.goto(`${earshot.url}/tests/9999?window=1h`);
    const alert = page.getByRole('alert', { name: 'No such test' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('Check the test id in the address');
  });
  const asked = upstream.filter((entry) => entry.path.includes('9999'));
  expect(asked.map((entry) => [entry.path, entry.status])).toEqual([['/v7/tests/voice/9999', 404]]);
});

test('a 5xx after data loaded: the page says so and keeps the last good data', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${earshot.url}/tests/7002?window=1h`);
  const heatmap = page.getByRole('img', { name: 'Loss heatmap', exact: true });
  await expect(heatmap).toHaveAccessibleDescription(/^30 agents × \d+ rounds/);
  const status = page.getByRole('status').filter({ hasText: 'Updated' });
  await expect(status).toBeVisible();

  await page.request.post(`${simulator}/_simulator/faults`, {
    data: { path: '/v7/test-results/7002', kind: 'status', status: 503 },
  });
  // The next round's refresh and its retries (1 s, 2 s, 4 s backoff), then the last failure shows.
  await page.clock.fastForward('02:00');
  for (let i = 0; i < 4; i++) {
    await page.waitForTimeout(300);
    await page.clock.fastForward('00:20');
  }
  const dataStatus = page.getByRole('status').filter({ hasText: 'ThousandEyes is unavailable' });
  await expect(dataStatus).toBeVisible();
  await expect(dataStatus).toContainText('Retrying');
  // the last good data is still on screen
  await expect(heatmap).toBeVisible();
  expect((await canvasPaint(heatmap)).colours).toBeGreaterThan(1);
  await expect(page.getByRole('region', { name: 'MOS vs codec maximum' })).toContainText(
    /Mean MOS \d\.\d\d/,
  );
  const faults = (await (await page.request.get(`${simulator}/_simulator/faults`)).json()) as {
    faults: { hits: number }[];
  };
  expect(faults.faults[0]!.hits).toBeGreaterThanOrEqual(1);
});

test('a 404 after data loaded: the page says the test is gone and keeps the last good data', async ({
  page,
}) => {
  await page.clock.install();
  await page.goto(`${earshot.url}/tests/7002?window=1h`);
  const heatmap = page.getByRole('img', { name: 'Latency heatmap', exact: true });
  await expect(heatmap).toHaveAccessibleDescription(/^30 agents × \d+ rounds/);
  await page.request.post(`${simulator}/_simulator/faults`, {
    data: { path: '/v7/test-results/7002', kind: 'status', status: 404 },
  });
  const dataStatus = page.getByRole('status').filter({ hasText: 'No such test' });
  await advanceUntilShown(page, dataStatus);
  await expect(dataStatus).toContainText('pick a test from the list');
  await expect(heatmap).toBeVisible();
  expect((await canvasPaint(heatmap)).colours).toBeGreaterThan(1);
});

test('an account group that is not yours (403) says so', async ({ page }) => {
  await page.goto(`${earshot.url}/tests/7001?window=1h&aid=1900`);
  const alert = page.getByRole('alert', { name: 'That account group is not yours' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Pick another account group');
});

test('the Earshot server out of reach after data loaded: the page says so and keeps the data', async ({
  page,
}) => {
  await page.clock.install();
  await page.goto(`${earshot.url}/tests/7002?window=1h`);
  const heatmap = page.getByRole('img', { name: 'Loss heatmap', exact: true });
  await expect(heatmap).toHaveAccessibleDescription(/^30 agents × \d+ rounds/);
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  const dataStatus = page
    .getByRole('status')
    .filter({ hasText: 'The Earshot server cannot be reached' });
  await advanceUntilShown(page, dataStatus);
  await expect(dataStatus).toContainText('Check that the Earshot server is running');
  await expect(heatmap).toBeVisible();
  expect((await canvasPaint(heatmap)).colours).toBeGreaterThan(1);
});

test('a rejected token (401) says to check TE_TOKEN, and is not retried', async ({ page }) => {
  await page.request.post(`${simulator}/_simulator/faults`, {
    data: { path: '/v7/tests/voice/7001', kind: 'status', status: 401 },
  });
  await page.request.delete(`${simulator}/_simulator/requests`);
  await page.goto(`${earshot.url}/tests/7001?window=1h`);
  const alert = page.getByRole('alert', { name: 'ThousandEyes rejected the token' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Check TE_TOKEN');
  await page.waitForTimeout(2500); // longer than the first retry's backoff
  const asked = (await simulatorRequests(page.request, simulator)).filter(
    (entry) => entry.path === '/v7/tests/voice/7001',
  );
  expect(asked.map((entry) => entry.status)).toEqual([401]);
});

test('a 429 after data loaded: the page says when it retries and keeps the last good data', async ({
  page,
}) => {
  await page.clock.install();
  await page.goto(`${earshot.url}/tests/7002?window=1h`);
  const heatmap = page.getByRole('img', { name: 'Loss heatmap', exact: true });
  await expect(heatmap).toHaveAccessibleDescription(/^30 agents × \d+ rounds/);
  // The proxy then holds every upstream request until the reset: this test runs last in the file.
  const resetAt = Math.floor(Date.now() / 1000) + 120;
  await page.request.post(`${simulator}/_simulator/faults`, {
    data: { path: '/v7/test-results/7002', kind: 'rate-limit', resetAt },
  });
  const dataStatus = page.getByRole('status').filter({ hasText: 'Rate-limited by ThousandEyes' });
  await advanceUntilShown(page, dataStatus);
  // the wait is capped at ten minutes, and the time is stated
  await expect(dataStatus).toContainText(/Retrying at \d\d:\d\d:\d\d UTC/);
  await expect(heatmap).toBeVisible();
  expect((await canvasPaint(heatmap)).colours).toBeGreaterThan(1);
});
