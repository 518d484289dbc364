// /wall fills a 1080p and a 4K screen without scrollbars, in rotation and in the grid. The
// screenshots land in test-results/wall/ for a person to look at.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT_DIR } from './support/earshot-server.ts';
import { pauseClockSoon } from './support/page-clock.ts';

const SHOTS = resolve(ROOT_DIR, 'test-results/wall');

async function expectNoScrollbars(page: Page) {
  const dims = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
  }));
  expect(dims.scrollHeight).toBeLessThanOrEqual(dims.innerHeight);
  expect(dims.scrollWidth).toBeLessThanOrEqual(dims.innerWidth);
}

/** Every panel lies inside the viewport: nothing is cut off at the edges. */
async function expectPanelsInside(page: Page, width: number, height: number) {
  const boxes = await page.getByTestId('wall-panel').evaluateAll((panels) =>
    panels.map((panel) => {
      const box = panel.getBoundingClientRect();
      return { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
    }),
  );
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) {
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(width + 4);
    expect(box.bottom).toBeLessThanOrEqual(height + 4);
  }
}

/** The heatmaps' agent labels (rotation shows them) never overlap: larger text, fewer labels. */
async function expectAgentLabelsApart(page: Page) {
  const overlaps = await page.locator('.heatmap-agents').evaluateAll((columns) =>
    columns.flatMap((column) => {
      const labels = Array.from(column.querySelectorAll('.heatmap-agent'));
      return labels.slice(1).flatMap((label, i) => {
        const above = labels[i]?.getBoundingClientRect();
        const text = label.getBoundingClientRect();
        const fontPx = Number.parseFloat(getComputedStyle(label).fontSize);
        // Each label's text is centred in its box: the centres must be a line of text apart.
        const gap = text.top + text.height / 2 - ((above?.top ?? 0) + (above?.height ?? 0) / 2);
        return gap < fontPx
          ? [`${label.textContent} is ${gap.toFixed(1)} px under the label above`]
          : [];
      });
    }),
  );
  expect(overlaps).toEqual([]);
}

const VIEWPORTS = [
  { width: 1920, height: 1080, name: '1080p' },
  { width: 3840, height: 2160, name: '4k' },
];

for (const viewport of VIEWPORTS) {
  test(`grid and rotation fit ${viewport.name} without scrollbars`, async ({ page }) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: viewport.width, height: viewport.height });

    // The grid: every enabled voice test of the default account group (six in the simulator).
    await page.goto('/wall?rotate=0');
    await expect(page.getByTestId('wall-panel')).toHaveCount(6);
    await expect(page.getByRole('img', { name: 'Loss heatmap' })).toHaveCount(6, {
      timeout: 20_000,
    });
    await expect(page.getByRole('img', { name: 'Latency heatmap' })).toHaveCount(6);
    // recharts draws each MOS chart in one wrapper (its own class: the chart has no role).
    await expect(page.locator('.recharts-wrapper')).toHaveCount(6, { timeout: 20_000 });
    await expect(page.getByTestId('wall-window')).toHaveText('last 1 h');
    await expect(page.getByTestId('wall-clock')).toContainText('UTC');
    await expectNoScrollbars(page);
    await expectPanelsInside(page, viewport.width, viewport.height);
    // Text follows the screen, not a fixed pixel size.
    const titleSize = await page
      .getByRole('heading', { level: 2 })
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(titleSize).toBeGreaterThan(viewport.width / 120);
    // So does the MOS chart's axis text (recharts sizes it in px: the wall passes one).
    const axisSize = await page
      .locator('.recharts-cartesian-axis-tick-value')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(axisSize).toBeGreaterThan(viewport.width / 200);
    await page.screenshot({ path: resolve(SHOTS, `grid-${viewport.name}.png`) });

    // Rotation: one test at a time, with its progress.
    await page.goto('/wall?rotate=30');
    await expect(page.getByTestId('wall-panel')).toHaveCount(1);
    await expect(page.getByRole('img', { name: 'Loss heatmap' })).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('.recharts-wrapper')).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByRole('progressbar', { name: 'Time until the next test' })).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Worst agents' }).getByRole('listitem'),
    ).not.toHaveCount(0);
    await expectNoScrollbars(page);
    await expectPanelsInside(page, viewport.width, viewport.height);
    await expectAgentLabelsApart(page);
    await page.screenshot({ path: resolve(SHOTS, `rotation-${viewport.name}.png`) });
  });
}

test('rotation moves to the next test after rotate seconds', async ({ page }) => {
  await page.clock.install();
  await page.goto('/wall?rotate=10&tests=7001,7002');
  await expect(page.getByTestId('wall-panel')).toHaveCount(1);
  // The installed clock runs on by itself until paused: pause it a second into a rotation
  // period, so no period ends between two steps of the test however slow the machine is.
  const pageNow = await page.evaluate(() => Date.now());
  const periodStart = Math.ceil(pageNow / 10_000) * 10_000 + 10_000;
  await page.clock.pauseAt(periodStart + 1000);
  // The rotation is phased on the clock (every screen shows the same test at the same time).
  const testShownAt = (ms: number) => ['7001', '7002'][Math.floor(ms / 10_000) % 2] ?? '';
  const panel = page.getByTestId('wall-panel');
  await expect(panel).toHaveAttribute('data-test-id', testShownAt(periodStart));
  await page.clock.runFor(10_000);
  await expect(panel).toHaveAttribute('data-test-id', testShownAt(periodStart + 10_000));
  await page.clock.runFor(10_000);
  await expect(panel).toHaveAttribute('data-test-id', testShownAt(periodStart));
});

test('a bad address says what to fix and asks nothing upstream', async ({ page }) => {
  const results: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/test-results/')) results.push(request.url());
  });
  await page.goto('/wall?rotate=abc&tests=7001');
  await expect(page.getByRole('alert')).toContainText("rotate 'abc'");
  expect(results).toEqual([]);
});

test('the cursor hides when idle and the theme is dark; leaving restores the page', async ({
  page,
}) => {
  await page.clock.install();
  await page.goto('/wall?tests=7002');
  await expect(page.getByTestId('wall')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  // Paused, so the 3 s idle timer runs only when the test moves the clock.
  await pauseClockSoon(page);
  await page.mouse.move(200, 200);
  await expect(page.getByTestId('wall')).not.toHaveClass(/wall--idle/);
  await page.clock.runFor(4000);
  await expect(page.getByTestId('wall')).toHaveClass(/wall--idle/);
  await expect
    .poll(() => page.getByTestId('wall').evaluate((el) => getComputedStyle(el).cursor))
    .toBe('none');
  await expect(page.getByRole('button', { name: 'Full screen' })).toHaveCount(0);
  await page.mouse.move(300, 300);
  await expect(page.getByTestId('wall')).not.toHaveClass(/wall--idle/);
});

test('the debug overlay shows the request budget against the limit', async ({ page }) => {
  await page.goto('/wall?debug=1&rotate=0');
  await expect(page.getByTestId('wall-panel')).toHaveCount(6);
  // 7001 300 s, 7002 60 s, 7003 120 s, 7004 600 s, 7005 900 s, 7007 1800 s, one live-edge page
  // each a round, plus one closed hour an hour per test, plus the test list every 15 min:
  // 0.2 + 1 + 0.5 + 0.1 + 0.0667 + 0.0333 + 6 × 0.0167 + 0.0667 = 2.07.
  await expect(page.getByTestId('wall-budget')).toContainText('2.07 requests/min of 240');
});
