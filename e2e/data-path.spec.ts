// The data path's cost, counted where it is spent: at the simulator standing in for ThousandEyes.
// A dashboard and a wall left running across several rounds each make one small results call a
// round (the live edge's increment: a start a few rounds back, no end, no second page), once the
// window's closed intervals have loaded, which reach the page as round columns (and, on the wall,
// yesterday's window for its "worse than yesterday" mark). Both clocks move together
// (e2e/support/wall-soak.ts).
import { expect, test, type Page } from '@playwright/test';
import { ROUND_COLUMNS_MEDIA_TYPE } from '../common/result-rows/round-columns-bytes.ts';
import { ownEarshotWithSimulatorControl } from './support/own-earshot.ts';
import { simulatorRequests, type SimulatorLogEntry } from './support/dashboard-data.ts';
import { waitForWallLoad } from './support/wall-load.ts';
import { WallSoak } from './support/wall-soak.ts';

const ROUND_MS = 60_000;
const ROUNDS = 4;
const REFRESH_PATH = '/v7/test-results/7002/rtp-server';

const own = ownEarshotWithSimulatorControl();

async function resultsCalls(page: Page): Promise<SimulatorLogEntry[]> {
  const log = await simulatorRequests(page.request, own.simulatorUrl);
  return log.filter((entry) => entry.path === REFRESH_PATH);
}

/**
 * Runs ROUNDS refresh cycles once the whole window is on screen and the page says the rest of its
 * load is in (`loaded`), from `startMs` with the page's clock standing still between them; the
 * results calls they made.
 */
async function callsOverRounds(
  page: Page,
  soak: WallSoak,
  startMs: number,
  loaded: () => Promise<void>,
): Promise<SimulatorLogEntry[]> {
  await expect(page.getByRole('img', { name: 'Loss heatmap' }).first()).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByTestId('results-progress')).toHaveCount(0, { timeout: 20_000 });
  await loaded();
  await soak.standStill(startMs);
  // The jump to startMs fired the page's timers at times the simulator's clock was not at, so the
  // refresh after it may start a round early or late: one cycle settles the live edge on round
  // boundaries the two clocks agree on, and counting starts after it.
  await soak.cycle();
  await page.request.delete(`${own.simulatorUrl}/_simulator/requests`);
  for (let i = 0; i < ROUNDS; i++) await soak.cycle();
  return resultsCalls(page);
}

function expectOneSmallCallPerRound(calls: SimulatorLogEntry[]): void {
  expect(calls).toHaveLength(ROUNDS);
  for (const call of calls) {
    const query = new URLSearchParams(call.query);
    expect(call.status).toBe(200);
    expect(query.get('startDate')).not.toBeNull();
    expect(query.get('endDate')).toBeNull();
    expect(query.get('cursor')).toBeNull();
  }
  // The increments move a round at a time.
  const starts = calls.map((call) => Date.parse(new URLSearchParams(call.query).get('startDate')!));
  for (let i = 1; i < starts.length; i++) {
    expect(
      (starts[i] as number) - (starts[i - 1] as number),
      `the increments' startDates: ${calls.map((call) => new URLSearchParams(call.query).get('startDate')).join(', ')}`,
    ).toBe(ROUND_MS);
  }
}

/** What else a page loads once its window is on screen: the wall, yesterday's window. */
const restOfLoad = {
  dashboard: async () => {},
  wall: waitForWallLoad,
};

for (const [name, path, untilLoaded] of [
  ['a dashboard', '/tests/7002?window=6h', restOfLoad.dashboard],
  ['a wall', '/wall?tests=7002&rotate=0', restOfLoad.wall],
] as const) {
  test(`${name} left running makes one small results call a round`, async ({ page }) => {
    const timeoutMs = 90_000;
    test.setTimeout(timeoutMs);
    const soak = new WallSoak(page, {
      simulatorUrl: own.simulatorUrl,
      refreshPath: REFRESH_PATH,
      roundMs: ROUND_MS,
    });
    // Twenty minutes past an hour: no hour closes (and no closed interval is due) in the rounds
    // run. The page loads from a test's length earlier, with its clock running; it then stands
    // still at startMs, which it cannot have reached before the test would have timed out.
    const hour = 3_600_000;
    const startMs = Math.floor(Date.now() / hour) * hour - hour + 20 * ROUND_MS + 40_000;
    await soak.install(startMs, timeoutMs);
    // Closed intervals reach the page as round columns, a few numbers a row.
    const closedIntervalTypes: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith('/rtp-server') && url.searchParams.has('endDate')) {
        closedIntervalTypes.push(response.headers()['content-type'] ?? '');
      }
    });
    await page.goto(`${own.earshot.url}${path}`);
    expectOneSmallCallPerRound(await callsOverRounds(page, soak, startMs, () => untilLoaded(page)));
    expect(closedIntervalTypes.length).toBeGreaterThan(0);
    expect(new Set(closedIntervalTypes)).toEqual(new Set([ROUND_COLUMNS_MEDIA_TYPE]));
    await expect(page.getByRole('status').first()).not.toContainText('stale');
  });
}
