// A wall left for weeks, fast-forwarded on the production build: many refresh cycles (each a new
// round of data for a 60 s and a 120 s test, with the rotation swapping panels twice a cycle),
// then JS heap after GC and DOM node count against a warmed-up baseline. WALL_SOAK_CYCLES sets
// the length (the benchmark runs 1,000).
import { expect, test, type Page } from '@playwright/test';
import { startEarshot, type RunningEarshot } from './support/earshot-server.ts';

const ROUND_MS = 60_000;
const CYCLES = Number(process.env.WALL_SOAK_CYCLES ?? 50);
const WARM_UP_CYCLES = 15;

let earshot: RunningEarshot;
let simulator: string;

test.beforeAll(async () => {
  earshot = await startEarshot({ EARSHOT_SIM_FAULTS: '1', EARSHOT_CACHE_SECONDS: '0' });
  const match = /simulator: (http:\/\/\S+)/.exec(earshot.output());
  if (!match?.[1]) throw new Error(`no simulator URL in:\n${earshot.output()}`);
  simulator = match[1];
});
test.afterAll(async () => {
  await earshot?.stop();
});

async function upstreamRequests(page: Page): Promise<number> {
  const response = await page.request.get(`${simulator}/_simulator/requests`);
  const body = (await response.json()) as { byPath: Record<string, number> };
  return body.byPath['/v7/test-results/7002/rtp-server'] ?? 0;
}

async function cycle(page: Page) {
  const before = await upstreamRequests(page);
  const pageNow = await page.evaluate(() => Date.now());
  await page.request.post(`${simulator}/_simulator/clock`, { data: { nowMs: pageNow + ROUND_MS } });
  await page.clock.runFor(ROUND_MS);
  await expect.poll(() => upstreamRequests(page), { intervals: [20, 50, 100] }).toBe(before + 1);
}

test(`soak: ${CYCLES} refresh cycles keep heap and DOM flat`, async ({ page }) => {
  test.setTimeout(60_000 + CYCLES * 1500);
  const startMs = Math.ceil(Date.now() / ROUND_MS) * ROUND_MS + 40_000;
  await page.request.post(`${simulator}/_simulator/clock`, { data: { nowMs: startMs } });
  await page.clock.install({ time: startMs });
  await page.goto(`${earshot.url}/wall?tests=7002,7003&rotate=30`);
  await expect(page.getByRole('img', { name: 'Loss heatmap' })).toBeVisible({ timeout: 20_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');

  async function measure() {
    // Real time flows into the page clock too: step to 5 s past a minute, the same rotation
    // phase (one rotation is one minute) for both measurements, before the round's refresh.
    const pageNow = await page.evaluate(() => Date.now());
    await page.clock.runFor(ROUND_MS - (pageNow % ROUND_MS) + 5000);
    await page.waitForTimeout(500);
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const dom = (await cdp.send('Memory.getDOMCounters')) as {
      nodes: number;
      jsEventListeners: number;
      documents: number;
    };
    const panel = await page.getByTestId('wall-panel').getAttribute('data-test-id');
    return { heapBytes: heap.usedSize, ...dom, panel };
  }

  for (let i = 0; i < WARM_UP_CYCLES; i++) await cycle(page);
  const before = await measure();
  const started = Date.now();
  for (let i = 0; i < CYCLES; i++) await cycle(page);
  const elapsedMs = Date.now() - started;
  const after = await measure();

  const heapGrowthMb = (after.heapBytes - before.heapBytes) / 1024 / 1024;
  console.log(
    `wall soak: ${CYCLES} cycles (${CYCLES} simulated minutes) in ${(elapsedMs / 1000).toFixed(1)} s; ` +
      `heap ${(before.heapBytes / 1024 / 1024).toFixed(2)} → ${(after.heapBytes / 1024 / 1024).toFixed(2)} MB ` +
      `(${heapGrowthMb >= 0 ? '+' : ''}${heapGrowthMb.toFixed(2)} MB); DOM nodes ${before.nodes} → ${after.nodes}; ` +
      `listeners ${before.jsEventListeners} → ${after.jsEventListeners}; documents ${before.documents} → ${after.documents}`,
  );
  // Same rotation phase at both measurements (the cycle is one full rotation), so the same panel.
  expect(after.panel).toBe(before.panel);
  expect(heapGrowthMb).toBeLessThan(5);
  expect(Math.abs(after.nodes - before.nodes)).toBeLessThanOrEqual(
    Math.max(20, before.nodes * 0.01),
  );
  expect(after.jsEventListeners).toBeLessThanOrEqual(before.jsEventListeners + 5);
  // Still live: the panel shows the newest round and is not stale.
  await expect(page.getByRole('status')).not.toContainText('stale');
});
