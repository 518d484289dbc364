// Bad addresses and upstream failures on the test dashboard, on a server of its own with the
// simulator's fault control, so the test can count what reached the upstream and break it on cue.
//
// Time moves causally: a test that breaks a refresh loads the page on an installed clock, waits
// until the page is quiet (data on screen, nothing in flight), breaks the upstream, and only then
// moves the page's clock past the next round, once; it then waits for the failed answer itself
// (page.waitForResponse / requestfailed), never for a while. Each test is independent of order:
// the simulator is reset before each, and the 429 test, whose Reset the Earshot server honours by
// holding every upstream call until then, runs on a server of its own.
import {
  expect as baseExpect,
  test,
  type Locator,
  type Page,
  type Request,
} from '@playwright/test';
import { simulatorUrlFrom, startEarshot, type RunningEarshot } from './support/earshot-server.ts';
import {
  canvasPaint,
  simulatorRequests,
  type SimulatorLogEntry,
} from './support/dashboard-data.ts';

const expect = baseExpect.configure({ timeout: 20_000 });

const FAULTS_ON = { EARSHOT_SIM_FAULTS: '1', EARSHOT_CACHE_SECONDS: '0' };

let earshot: RunningEarshot;
let simulator: string;

test.beforeAll(async () => {
  // No proxy cache, so every refresh reaches the simulator (and its faults).
  earshot = await startEarshot(FAULTS_ON);
  simulator = simulatorUrlFrom(earshot.output());
});
test.afterAll(async () => earshot?.stop());
test.use({ baseURL: undefined });

// Every test starts from a simulator without faults and with an empty log, whatever ran before.
test.beforeEach(async ({ request }) => {
  await request.post(`${simulator}/_simulator/reset`);
});

/**
 * Counts the page's /api requests still in flight. Waiting for zero is how a test knows that
 * what the page asked has been answered (and so has reached the simulator's log), without a sleep.
 */
function apiRequestsInFlight(page: Page): () => number {
  const inFlight = new Set<Request>();
  const isApi = (request: Request) => new URL(request.url()).pathname.startsWith('/api/');
  page.on('request', (request) => {
    if (isApi(request)) inFlight.add(request);
  });
  page.on('requestfinished', (request) => inFlight.delete(request));
  page.on('requestfailed', (request) => inFlight.delete(request));
  return () => inFlight.size;
}

/** What the page asked of /api while `visit` ran, and what reached the upstream. */
async function trafficOf(page: Page, visit: () => Promise<void>) {
  const apiRequests: string[] = [];
  const inFlight = apiRequestsInFlight(page);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiRequests.push(url.pathname + url.search);
  });
  await page.request.delete(`${simulator}/_simulator/requests`);
  await visit();
  await expect.poll(inFlight).toBe(0);
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

/**
 * Opens test 7002's dashboard on an installed page clock and waits until it is quiet: data on
 * screen, every interval loaded, no /api request in flight. Only then is the refresh timer armed
 * for the next round, and only a quiet page meets the next refresh with the fault, not with a
 * refresh already in flight (which a clock jump would join instead of starting a new one).
 */
async function openQuietDashboard(page: Page, heatmapName: string, baseUrl = earshot.url) {
  // A work budget, not a timing margin: at a load average of 30 on two cores the first load of
  // 30 agents × 60 rounds alone took 25 s, and a refresh another 20 s (traces of 60 s timeouts).
  test.slow();
  const inFlight = apiRequestsInFlight(page);
  await page.clock.install();
  await page.goto(`${baseUrl}/tests/7002?window=1h`);
  const heatmap = page.getByRole('img', { name: heatmapName, exact: true });
  await expect(heatmap).toHaveAccessibleDescription(/^30 agents × \d+ rounds/);
  await expect(page.getByRole('status').filter({ hasText: 'Updated' })).toBeVisible();
  await expect(page.getByTestId('results-progress')).toHaveCount(0);
  const waitUntilQuiet = async () => {
    await expect.poll(inFlight).toBe(0);
    await expect(page.getByRole('status')).not.toContainText('refreshing…');
  };
  await waitUntilQuiet();
  return { heatmap, waitUntilQuiet };
}

/**
 * Once the upstream is broken: waits until the page is quiet again (a refresh that began before
 * the fault has landed and re-armed the round timer), then moves the clock past the next round
 * boundary + processing delay (at most 90 s for a 1-minute test) once, and waits for `failure`.
 */
async function nextRefreshMeets(
  page: Page,
  waitUntilQuiet: () => Promise<void>,
  failure: Promise<unknown>,
) {
  await waitUntilQuiet();
  await page.clock.fastForward('02:00');
  await failure;
}

function resultsAnswered(page: Page, status: number) {
  return page.waitForResponse(
    (response) => response.url().includes('/test-results/7002/') && response.status() === status,
  );
}

async function expectLastGoodDataKept(page: Page, heatmap: Locator) {
  await expect(heatmap).toBeVisible();
  expect((await canvasPaint(heatmap)).colours).toBeGreaterThan(1);
  await expect(page.getByRole('region', { name: 'MOS vs codec maximum' })).toContainText(
    /Mean MOS \d\.\d\d/,
  );
}

test('a 5xx after data loaded: the page says so and keeps the last good data', async ({ page }) => {
  const { heatmap, waitUntilQuiet } = await openQuietDashboard(page, 'Loss heatmap');
  const failed = resultsAnswered(page, 503);
  await page.request.post(`${simulator}/_simulator/faults`, {
    data: { path: '/v7/test-results/7002', kind: 'status', status: 503 },
  });
  await nextRefreshMeets(page, waitUntilQuiet, failed);
  // The first failure shows at once, while the retries (1 s, 2 s, 4 s) are still to come.
  const dataStatus = page.getByRole('status').filter({ hasText: 'ThousandEyes is unavailable' });
  await expect(dataStatus).toBeVisible();
  await expect(dataStatus).toContainText('Retrying');
  await expectLastGoodDataKept(page, heatmap);
  const faults = (await (await page.request.get(`${simulator}/_simulator/faults`)).json()) as {
    faults: { hits: number }[];
  };
  expect(faults.faults[0]!.hits).toBeGreaterThanOrEqual(1);
});

test('a 404 after data loaded: the page says the test is gone and keeps the last good data', async ({
  page,
}) => {
  const { heatmap, waitUntilQuiet } = await openQuietDashboard(page, 'Latency heatmap');
  const failed = resultsAnswered(page, 404);
  await page.request.post(`${simulator}/_simulator/faults`, {
    data: { path: '/v7/test-results/7002', kind: 'status', status: 404 },
  });
  await nextRefreshMeets(page, waitUntilQuiet, failed);
  const dataStatus = page.getByRole('status').filter({ hasText: 'No such test' });
  await expect(dataStatus).toBeVisible();
  await expect(dataStatus).toContainText('pick a test from the list');
  await expectLastGoodDataKept(page, heatmap);
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
  const { heatmap, waitUntilQuiet } = await openQuietDashboard(page, 'Loss heatmap');
  const refused = page.waitForEvent('requestfailed', (request) =>
    request.url().includes('/test-results/7002/'),
  );
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await nextRefreshMeets(page, waitUntilQuiet, refused);
  const dataStatus = page
    .getByRole('status')
    .filter({ hasText: 'The Earshot server cannot be reached' });
  await expect(dataStatus).toBeVisible();
  await expect(dataStatus).toContainText('Check that the Earshot server is running');
  await expectLastGoodDataKept(page, heatmap);
});

test('a rejected token (401) says to check TE_TOKEN, and is not retried', async ({ page }) => {
  await page.request.post(`${simulator}/_simulator/faults`, {
    data: { path: '/v7/tests/voice/7001', kind: 'status', status: 401 },
  });
  const { upstream } = await trafficOf(page, async () => {
    await page.goto(`${earshot.url}/tests/7001?window=1h`);
    // The page shows a query's error only once its retries are spent, so every retry there
    // would have been has reached the upstream by the time this alert shows.
    const alert = page.getByRole('alert', { name: 'ThousandEyes rejected the token' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('Check TE_TOKEN');
  });
  const asked = upstream.filter((entry) => entry.path === '/v7/tests/voice/7001');
  expect(asked.map((entry) => entry.status)).toEqual([401]);
});

test('a 429 after data loaded: the page says when it retries and keeps the last good data', async ({
  page,
}) => {
  // Its own server: after a 429 the Earshot server holds every upstream call until the Reset
  // (on the real clock), which would fail any test after this one on a shared server.
  const own = await startEarshot(FAULTS_ON);
  try {
    const ownSimulator = simulatorUrlFrom(own.output());
    const { heatmap, waitUntilQuiet } = await openQuietDashboard(page, 'Loss heatmap', own.url);
    const failed = resultsAnswered(page, 429);
    const resetAt = Math.floor(Date.now() / 1000) + 120;
    await page.request.post(`${ownSimulator}/_simulator/faults`, {
      data: { path: '/v7/test-results/7002', kind: 'rate-limit', resetAt },
    });
    await nextRefreshMeets(page, waitUntilQuiet, failed);
    const dataStatus = page.getByRole('status').filter({ hasText: 'Rate-limited by ThousandEyes' });
    await expect(dataStatus).toBeVisible();
    // the wait is capped at ten minutes, and the time is stated
    await expect(dataStatus).toContainText(/Retrying at \d\d:\d\d:\d\d UTC/);
    await expectLastGoodDataKept(page, heatmap);
  } finally {
    await own.stop();
  }
});
