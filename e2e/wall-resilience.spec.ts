// The wall against time and failure, on its own Earshot server (simulator faults on, no response
// cache so every browser request reaches the simulator): round-aligned cadence, a 10-minute
// outage, a 429 with a Reset, a new build, the Earshot server restarting. The browser clock and
// the simulator clock are moved together.
import { expect, test, type Page } from '@playwright/test';
import { isLiveEdgeQuery } from './support/dashboard-data.ts';
import type { RunningEarshot } from './support/earshot-server.ts';
import { startEarshotWithSimulatorControl } from './support/own-earshot.ts';
import { waitForWallLoad } from './support/wall-load.ts';

const ROUND_MS = 60_000; // test 7002 runs every minute
const HOUR_MS = 3_600_000;

let earshot: RunningEarshot;
let simulator: string;

test.beforeAll(async () => {
  const started = await startEarshotWithSimulatorControl();
  earshot = started.earshot;
  simulator = started.simulatorUrl;
});
test.afterAll(async () => {
  await earshot?.stop();
});
test.beforeEach(async ({ request }) => {
  await request.post(`${simulator}/_simulator/reset`);
});

async function control(
  page: Page,
  method: 'POST' | 'DELETE' | 'GET',
  path: string,
  body?: unknown,
) {
  const response = await page.request.fetch(`${simulator}/_simulator/${path}`, {
    method,
    data: body,
  });
  expect(response.ok()).toBe(true);
  return response.json().catch(() => undefined);
}

interface LoggedRequest {
  path: string;
  query: string;
  status: number;
}

async function resultRequests(page: Page, testId: string): Promise<LoggedRequest[]> {
  const log = (await control(page, 'GET', 'requests')) as { log: LoggedRequest[] };
  return log.log.filter((entry) => entry.path === `/v7/test-results/${testId}/rtp-server`);
}

async function liveEdgeRequests(page: Page, testId: string): Promise<number> {
  return (await resultRequests(page, testId)).filter((entry) => isLiveEdgeQuery(entry.query))
    .length;
}

async function closedIntervalRequests(page: Page, testId: string): Promise<number> {
  return (await resultRequests(page, testId)).filter((entry) => !isLiveEdgeQuery(entry.query))
    .length;
}

/**
 * Puts both clocks 40 s past a round boundary (after the 30 s processing delay), the simulator's
 * first: the page asks for its first results at once. Both clocks also flow with real time (a
 * paused page clock would stall react-query's own zero-delay timers).
 *
 * The start is pinned to 10 min 40 s past an hour, the last hour before the real one: whatever
 * the time of day the test runs, the hour before it is already closed (asked for once, at the
 * first load) and the next hour closes only at 6.5 min past the next one, so no interval closes
 * while a test runs (the longest moves both clocks about 16 minutes). An hour in the past also
 * keeps the page's clock behind real time, which the Earshot server uses to decide what is closed,
 * so the server and the page agree on it.
 */
async function openWall(page: Page, path: string): Promise<number> {
  const startMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS + 10 * ROUND_MS + 40_000;
  await control(page, 'POST', 'clock', { nowMs: startMs });
  await page.clock.install({ time: startMs });
  // The page's own clock at each live-edge request: when the wall asked, in its time.
  await page.addInitScript(() => {
    const times: number[] = [];
    (window as unknown as { wallFetchTimes: number[] }).wallFetchTimes = times;
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      // Live-edge requests only (startDate, no endDate): closed intervals are asked once.
      if (
        url.includes('/test-results/') &&
        url.includes('startDate=') &&
        !url.includes('endDate=')
      ) {
        times.push(Date.now());
      }
      return original(input, init);
    };
  });
  await page.goto(`${earshot.url}${path}`);
  await page.evaluate(() => {
    (window as unknown as { wallMarker: string }).wallMarker = 'no reload';
  });
  return startMs;
}

/**
 * Both clocks forward to the same moment: the simulator first, so the page never asks before
 * data can exist (and real time spent by a slow machine never puts them apart).
 */
async function advance(page: Page, ms: number) {
  const pageNow = await page.evaluate(() => Date.now());
  await control(page, 'POST', 'clock', { nowMs: pageNow + ms });
  await page.clock.runFor(ms);
}

async function failedRequests(page: Page, testId: string, status: number): Promise<number> {
  const log = (await control(page, 'GET', 'requests')) as {
    log: { path: string; status: number }[];
  };
  return log.log.filter(
    (entry) => entry.path === `/v7/test-results/${testId}/rtp-server` && entry.status === status,
  ).length;
}

async function expectNoReload(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { wallMarker?: string }).wallMarker)).toBe(
    'no reload',
  );
}

test('each round brings new data, one request per round, at the round boundary', async ({
  page,
}) => {
  const startMs = await openWall(page, '/wall?tests=7002');
  const panel = page.getByTestId('wall-panel');
  await waitForWallLoad(page);
  const firstRound = Number(await panel.getAttribute('data-last-round'));
  await control(page, 'DELETE', 'requests');

  for (let round = 1; round <= 4; round++) {
    await advance(page, ROUND_MS);
    await expect.poll(() => liveEdgeRequests(page, '7002')).toBe(round);
    await expect(panel).toHaveAttribute('data-last-round', String(firstRound + 60 * round));
  }
  // Exactly one live-edge request upstream for every "round boundary + 30 s" the page's clock has
  // passed, and the page asked at those moments. No interval closes in these minutes (the start is
  // pinned), so no closed interval is asked for: the hour before was asked once, at the first load.
  const pageNow = await page.evaluate(() => Date.now());
  const boundary = startMs - 40_000;
  let due = 0;
  for (let at = boundary + ROUND_MS + 30_000; at <= pageNow; at += ROUND_MS) due++;
  const asked = await page.evaluate(() =>
    (window as unknown as { wallFetchTimes: number[] }).wallFetchTimes.slice(1),
  );
  console.log(
    `cadence: ${await liveEdgeRequests(page, '7002')} live-edge requests upstream for ${due} due rounds; the page asked at ${asked
      .map((at) => `${((at % ROUND_MS) / 1000).toFixed(1)} s`)
      .join(', ')} past the boundary`,
  );
  expect(await liveEdgeRequests(page, '7002')).toBe(due);
  expect(await closedIntervalRequests(page, '7002')).toBe(0);
  expect(asked.length).toBe(due);
  for (const at of asked) {
    expect(at % ROUND_MS).toBeGreaterThanOrEqual(30_000);
    expect(at % ROUND_MS).toBeLessThan(32_000);
  }
  await expect(page.getByRole('status')).not.toContainText('stale');
  await expectNoReload(page);
});

test('a 10-minute outage: stale within two intervals with the cause, then recovery without a reload', async ({
  page,
}) => {
  await openWall(page, '/wall?tests=7002');
  const panel = page.getByTestId('wall-panel');
  const status = page.getByRole('status');
  await expect(panel).not.toHaveAttribute('data-last-round', '', { timeout: 20_000 });
  await expect(status).not.toContainText('stale');
  const lastGood = Number(await panel.getAttribute('data-last-round'));

  await control(page, 'POST', 'faults', {
    path: '/v7/test-results/',
    kind: 'status',
    status: 503,
  });
  const outageStart = Date.now();
  // Minute 1: the round's refresh fails (and its retries); one interval old is not stale yet.
  await advance(page, ROUND_MS);
  await expect.poll(() => failedRequests(page, '7002', 503)).toBeGreaterThan(0);
  await page.clock.runFor(20_000); // the retries' backoff (2, 4, 8 s)
  await expect(status).toContainText('ThousandEyes is unavailable');
  await expect(status).not.toContainText('stale');
  // Two intervals after the last success (it came 40 s past a boundary), it says stale.
  await advance(page, ROUND_MS - 20_000 + 5000);
  await expect(status).toContainText('stale');
  // The rest of the 10 minutes.
  for (let minute = 3; minute <= 10; minute += 2) {
    await advance(page, 2 * ROUND_MS);
    await page.waitForTimeout(200);
  }
  console.log(`outage: 10 simulated minutes in ${Date.now() - outageStart} ms real`);
  await expect(status).toContainText('stale');
  await expect(status).toContainText('ThousandEyes is unavailable');
  // One message on screen, not three on top of each other: the badge says why and how old the
  // data is; the status says the same to a screen reader and is hidden from view.
  await expect(page.getByTestId('wall-stale')).toHaveText(
    /^STALE · ThousandEyes is unavailable · data from \d\d:\d\d:\d\d UTC$/,
  );
  const statusBox = await status.boundingBox();
  expect(statusBox!.width * statusBox!.height).toBeLessThanOrEqual(1);
  // The last good data stays on screen.
  await expect(panel).toHaveAttribute('data-last-round', String(lastGood));
  await expect(page.getByRole('img', { name: 'Loss heatmap' })).toBeVisible();

  await control(page, 'DELETE', 'faults');
  await advance(page, ROUND_MS);
  await expect(status).not.toContainText('stale');
  await expect(status).not.toContainText('unavailable');
  expect(Number(await panel.getAttribute('data-last-round'))).toBeGreaterThan(lastGood);
  await expectNoReload(page);
});

test('a malformed body keeps the last data, says why, and recovers', async ({ page }) => {
  await openWall(page, '/wall?tests=7002');
  const panel = page.getByTestId('wall-panel');
  const status = page.getByRole('status');
  await expect(panel).not.toHaveAttribute('data-last-round', '', { timeout: 20_000 });
  await control(page, 'POST', 'faults', { path: '/v7/test-results/', kind: 'malformed-json' });
  for (let minute = 1; minute <= 3; minute++) {
    await advance(page, ROUND_MS);
    await page.waitForTimeout(300);
  }
  await expect(status).toContainText('stale');
  // The Earshot server answers a body it cannot parse with a 502 that names it.
  await expect(status).toContainText('malformed JSON');
  await expect(page.getByRole('img', { name: 'Latency heatmap' })).toBeVisible();
  await control(page, 'DELETE', 'faults');
  await advance(page, ROUND_MS);
  await expect(status).not.toContainText('stale');
  await expectNoReload(page);
});

test('a 429 with a Reset: no request until Reset, then data again', async ({ page }) => {
  // The page's first request meets the 429; Reset is 15 s away (the Earshot server also holds
  // back until then). The page runs on the real clock: each request's time is read on the page's
  // own clock as it is made, so "none before Reset" is checked by time stamps, not by racing a
  // loaded machine's seconds with a paused clock.
  const resetAtS = Math.ceil(Date.now() / 1000) + 15;
  await control(page, 'POST', 'faults', {
    path: '/v7/test-results/',
    kind: 'rate-limit',
    resetAt: resetAtS,
    count: 1,
  });
  await page.addInitScript(() => {
    const times: number[] = [];
    (window as unknown as { resultsFetchTimes: number[] }).resultsFetchTimes = times;
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/api/v7/test-results/7002/')) times.push(Date.now());
      return original(input, init);
    };
  });
  const fetchTimes = () =>
    page.evaluate(() => (window as unknown as { resultsFetchTimes: number[] }).resultsFetchTimes);
  await page.goto(`${earshot.url}/wall?tests=7002`);
  const status = page.getByRole('status');
  await expect(status).toContainText('Rate-limited by ThousandEyes');
  // Retry-After is whole seconds from the server's clock (Reset minus the server's whole second),
  // added to the page's clock when the answer lands: the page retries at Reset or within the
  // second after it, never before. (Its minute alone failed when Reset fell on a minute's last
  // second and the retry on the next minute's first.)
  const clockAt = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 19);
  await expect(status).toContainText(
    new RegExp(`Retrying at (${clockAt(resetAtS)}|${clockAt(resetAtS + 1)}) UTC`),
  );
  // After Reset it asks again and shows data.
  await expect(page.getByRole('img', { name: 'Loss heatmap' })).toBeVisible({ timeout: 40_000 });
  await expect(status).not.toContainText('Rate-limited');
  const times = await fetchTimes();
  // One request met the 429; the next one waited for Reset.
  expect(times.filter((ms) => ms < resetAtS * 1000)).toHaveLength(1);
  expect(times.length).toBeGreaterThan(1);
  expect((await resultRequests(page, '7002')).filter((entry) => entry.status === 429)).toHaveLength(
    1,
  );
  console.log(
    `429: ${times.length} browser requests in all, upstream ${(await resultRequests(page, '7002')).length}`,
  );
});

test('a 401 is asked again only every few minutes', async ({ page }) => {
  await openWall(page, '/wall?tests=7002');
  await waitForWallLoad(page);
  await control(page, 'POST', 'faults', { path: '/v7/test-results/', kind: 'status', status: 401 });
  await control(page, 'DELETE', 'requests');
  // Every results request counts (live edge or closed interval): each one spends the token.
  const allResults = async () => (await resultRequests(page, '7002')).length;
  // 11 simulated minutes of a rejected token: at round cadence a 60 s test would ask 11 times;
  // the wall asks at the next round, then every 5 minutes.
  await advance(page, ROUND_MS);
  await expect.poll(() => allResults()).toBe(1);
  await advance(page, 4 * ROUND_MS);
  await page.waitForTimeout(300);
  expect(await allResults()).toBe(1);
  await advance(page, ROUND_MS + 5000);
  await expect.poll(() => allResults()).toBe(2);
  await advance(page, 5 * ROUND_MS);
  await expect.poll(() => allResults()).toBe(3);
  console.log('401: 3 requests in 11 simulated minutes');
  await expect(page.getByRole('status')).toContainText('ThousandEyes rejected the token');
});

test('a new build on the server reloads the wall by itself', async ({ page }) => {
  const config = (await (await page.request.get(`${earshot.url}/api/earshot/config`)).json()) as {
    buildId: string;
  };
  let buildId = config.buildId;
  await page.route('**/api/earshot/config', (route) =>
    route.fulfill({ json: { ...config, buildId } }),
  );
  // The page notes the notice as it shows it, in this tab's sessionStorage (which outlives the
  // reload). The page reloads 5 s of its own time after the notice, and its clock also flows with
  // real time: on a loaded machine the config poll (5 min after the wall mounted, seconds before
  // this test's clock moves) could land inside the move below, and a look from here after it
  // could come after the reload.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      for (const hint of document.querySelectorAll('.wall-hint')) {
        const text = hint.textContent ?? '';
        if (text.includes('A new version of Earshot is deployed')) {
          sessionStorage.setItem('e2e:new-build-notice', text);
        }
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await openWall(page, '/wall?tests=7002');
  await expect(page.getByTestId('wall-panel')).not.toHaveAttribute('data-last-round', '');
  expect(await page.evaluate(() => sessionStorage.getItem('e2e:new-build-notice'))).toBeNull();
  buildId = 'a-newer-build';
  const reloaded = page.waitForEvent('load');
  // Past the poll (5 min after the wall mounted) and the 5 s wait for a quiet moment after it.
  await page.clock.runFor(5 * 60_000 + 6000);
  await reloaded;
  expect(await page.evaluate(() => (window as { wallMarker?: string }).wallMarker)).toBeUndefined();
  // The notice was on screen before the reload, and the reload was for the new build.
  expect(await page.evaluate(() => sessionStorage.getItem('e2e:new-build-notice'))).toContain(
    'A new version of Earshot is deployed',
  );
  expect(await page.evaluate(() => sessionStorage.getItem('earshot:reloaded-for-build'))).toBe(
    'a-newer-build',
  );
});

test('the Earshot server restarting: stale with the cause, then recovery without a reload', async ({
  page,
}) => {
  await openWall(page, '/wall?tests=7002');
  const panel = page.getByTestId('wall-panel');
  const status = page.getByRole('status');
  await expect(panel).not.toHaveAttribute('data-last-round', '', { timeout: 20_000 });
  const lastGood = Number(await panel.getAttribute('data-last-round'));
  const port = new URL(earshot.url).port;
  const pageNow = await page.evaluate(() => Date.now());
  await earshot.stop();
  // Down for three rounds: every refresh and retry meets a refused connection.
  for (let minute = 1; minute <= 3; minute++) {
    await page.clock.runFor(ROUND_MS);
    await page.waitForTimeout(300);
    await page.clock.runFor(20_000);
  }
  await expect(status).toContainText('stale');
  await expect(status).toContainText('The Earshot server cannot be reached');
  await expect(page.getByRole('img', { name: 'Loss heatmap' })).toBeVisible();
  // Back on the same address, with a fresh simulator set to the page's time.
  const restarted = await startEarshotWithSimulatorControl({ PORT: port });
  earshot = restarted.earshot;
  simulator = restarted.simulatorUrl;
  const now = await page.evaluate(() => Date.now());
  await page.request.post(`${simulator}/_simulator/clock`, { data: { nowMs: now } });
  await advance(page, ROUND_MS);
  await expect(status).not.toContainText('stale', { timeout: 10_000 });
  expect(Number(await panel.getAttribute('data-last-round'))).toBeGreaterThan(lastGood);
  console.log(
    `restart: recovered ${((now - pageNow) / 60_000).toFixed(1)} simulated minutes after the stop`,
  );
  await expectNoReload(page);
});
