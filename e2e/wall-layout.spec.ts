// /wall fills a 1080p and a 4K screen without scrollbars, in rotation and in the grid, and names
// the culprit readably from three metres: the worst agent of every test with its figures in full,
// 20 px names and figures and a 32 px headline state at 1080p (twice the pixels at 4K), a legend
// under every heatmap, and no serious accessibility violation. The screenshots land in
// test-results/wall/ for a person to look at.
import { seriousViolations } from './support/axe.ts';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT_DIR } from './support/earshot-server.ts';

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

/** Every piece of text on the wall whose box is narrower than its text: cut or ellipsised. */
async function overflowingText(page: Page) {
  return page.getByTestId('wall').evaluate((wall) =>
    Array.from(wall.querySelectorAll<HTMLElement>('*'))
      .filter((element) => {
        const ownText = Array.from(element.childNodes).some(
          (node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim(),
        );
        return ownText && element.getClientRects().length > 0;
      })
      // Visually hidden text (a screen reader's copy of what the wall shows) is 1 px on purpose.
      .filter((element) => getComputedStyle(element).clipPath !== 'inset(50%)')
      .filter((element) => !element.closest('.wall-visually-hidden, .heatmap-summary'))
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => `${element.textContent} (${element.scrollWidth} > ${element.clientWidth})`),
  );
}

/**
 * Each panel: its worst agent named in the list with its MOS, loss and latency, inside the panel,
 * and labelled on the first row of both heatmaps (the rows are worst first).
 */
async function expectWorstAgentsNamed(page: Page, minNamePx: number) {
  // Each panel found by its test, not its place: the grid reorders when a refresh moves a grade.
  const testIds = await page
    .getByTestId('wall-panel')
    .evaluateAll((panels) => panels.map((panel) => panel.getAttribute('data-test-id') ?? ''));
  expect(testIds.length).toBeGreaterThan(0);
  for (const testId of testIds) {
    const panel = page.locator(`[data-testid="wall-panel"][data-test-id="${testId}"]`);
    const worst = panel.getByTestId('wall-worst-agent').first();
    await expect(worst).toContainText(/MOS \d\.\d\d/);
    // Everything below read in one evaluate, one task of the page: a refresh (or the rest of the
    // window arriving) between two reads can change the worst agent, and the reads would disagree.
    const facts = await panel.evaluate((element) => {
      const panelBox = element.getBoundingClientRect();
      const item = element.querySelector('[data-testid="wall-worst-agent"]')!;
      const parts = Array.from(
        item.querySelectorAll<HTMLElement>('.wall-worst-name, .wall-figure'),
      );
      return {
        text: item.textContent ?? '',
        name: item.querySelector('.wall-worst-name')?.textContent ?? '',
        inside: parts.every((part) => {
          const box = part.getBoundingClientRect();
          return (
            box.left >= panelBox.left - 0.5 &&
            box.right <= panelBox.right + 0.5 &&
            box.top >= panelBox.top - 0.5 &&
            box.bottom <= panelBox.bottom + 0.5
          );
        }),
        sizes: parts.map((part) => Number.parseFloat(getComputedStyle(part).fontSize)),
        // The heatmaps' agent labels are hidden from assistive technology (the list names them).
        firstLabels: Array.from(element.querySelectorAll('.heatmap-agents')).map(
          (column) => column.querySelector('.heatmap-agent')?.textContent ?? '',
        ),
        counts: element.querySelector('.wall-worst .wall-block-title')?.textContent ?? '',
        named: Array.from(element.querySelectorAll('.wall-worst-name')).map(
          (name) => name.textContent ?? '',
        ),
      };
    });
    expect(facts.text).toMatch(/MOS \d\.\d\d/);
    expect(facts.text).toMatch(/loss \d+(\.\d)? %/);
    expect(facts.text).toMatch(/\d+(\.\d)? ms/);
    expect(facts.inside, `${facts.name}: the name and figures lie inside the panel`).toBe(true);
    for (const size of facts.sizes) expect(size).toBeGreaterThanOrEqual(minNamePx - 0.01);
    const { firstLabels, named } = facts;
    expect(firstLabels).toHaveLength(2);
    expect(firstLabels[0], 'both heatmaps start with the same agent').toBe(firstLabels[1]);
    // Rows go poor, fair, then agents with an error round and too few MOS rounds to grade (not
    // named in the list), then good: the worst named agent leads, unless the test has none graded
    // below good and an ungraded agent with an error sits above it (the list never names that one).
    if (firstLabels[0] !== facts.name) {
      expect(
        named,
        `${firstLabels[0]} heads the heatmaps: ungraded, with an error round`,
      ).not.toContain(firstLabels[0]);
      expect(facts.counts, 'only when no agent is graded below good').toMatch(/ 0 poor, 0 fair,/);
    }
  }
}

async function expectReadableSizes(page: Page, scale: number) {
  const sizes = await page.getByTestId('wall').evaluate((wall) => {
    const px = (selector: string) =>
      Array.from(wall.querySelectorAll(selector)).map((element) =>
        Number.parseFloat(getComputedStyle(element).fontSize),
      );
    return { headline: px('.wall-health-word'), labels: px('.heatmap-agent') };
  });
  expect(sizes.headline.length).toBeGreaterThan(0);
  for (const size of sizes.headline) expect(size).toBeGreaterThanOrEqual(32 * scale - 0.01);
  expect(sizes.labels.length).toBeGreaterThan(0);
  for (const size of sizes.labels) expect(size).toBeGreaterThanOrEqual(20 * scale - 0.01);
}

/** axe over the wall itself (the rest of the document is the browser's empty frame). */
function wallViolations(page: Page) {
  return seriousViolations(page, '[data-testid="wall"]');
}

const VIEWPORTS = [
  { width: 1920, height: 1080, name: '1080p' },
  { width: 3840, height: 2160, name: '4k' },
];

for (const viewport of VIEWPORTS) {
  const scale = viewport.width / 1920;

  test(`the grid fits ${viewport.name} and names every test's worst agent`, async ({ page }) => {
    test.setTimeout(180_000); // axe over a full wall is slow on a loaded machine
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: viewport.width, height: viewport.height });

    // The grid: every enabled voice test of the default account group (six in the simulator).
    await page.goto('/wall?rotate=0');
    // Panels appear once the config and the test list have arrived: a wait for data, like the
    // heatmaps' below (it ran past 5 s on a loaded machine).
    await expect(page.getByTestId('wall-panel')).toHaveCount(6, { timeout: 20_000 });
    await expect(page.getByRole('img', { name: 'Loss heatmap' })).toHaveCount(6, {
      timeout: 20_000,
    });
    await expect(page.getByRole('img', { name: 'Latency heatmap' })).toHaveCount(6);
    // Two rows of panels leave no room for a readable MOS chart: the grid names agents instead.
    await expect(page.getByRole('region', { name: 'MOS vs codec maximum' })).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Loss heatmap legend' })).toHaveCount(6);
    await expect(page.getByRole('list', { name: 'Latency heatmap legend' })).toHaveCount(6);
    await expect(page.getByTestId('wall-health')).toHaveCount(6);
    await expect(page.getByTestId('wall-bands')).toContainText('poor ≥ 1');
    await expect(page.getByTestId('wall-window')).toHaveText('last 1 h');
    await expect(page.getByTestId('wall-clock')).toContainText('UTC');
    await expectNoScrollbars(page);
    await expectPanelsInside(page, viewport.width, viewport.height);
    // Text follows the screen, not a fixed pixel size.
    const titleSize = await page
      .getByRole('heading', { level: 2 })
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(titleSize).toBeGreaterThanOrEqual(20 * scale - 0.01);
    await expectWorstAgentsNamed(page, 20 * scale);
    await expectReadableSizes(page, scale);
    expect(await overflowingText(page)).toEqual([]);
    await expectAgentLabelsApart(page);
    expect(await wallViolations(page)).toEqual([]);
    await page.screenshot({ path: resolve(SHOTS, `grid-${viewport.name}.png`) });
  });

  test(`rotation fits ${viewport.name} without scrollbars`, async ({ page }) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    // Rotation: one test at a time, with its progress. The rotation is phased on the clock, so
    // the page's clock stands still: the test it measures is the one on screen from start to end
    // (a real clock turns to the next test mid-measurement whenever a period ends).
    await page.clock.setFixedTime(Date.now());
    await page.goto('/wall?rotate=30');
    await expect(page.getByTestId('wall-panel')).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByRole('img', { name: 'Loss heatmap' })).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('.recharts-wrapper')).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByRole('progressbar', { name: 'Time until the next test' })).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Worst agents' }).getByRole('listitem'),
    ).not.toHaveCount(0);
    await expectNoScrollbars(page);
    await expectPanelsInside(page, viewport.width, viewport.height);
    await expectAgentLabelsApart(page);
    await expectWorstAgentsNamed(page, 20 * scale);
    await expectReadableSizes(page, scale);
    // So does the MOS chart's axis text (recharts sizes it in px: the wall passes one).
    const axisSize = await page
      .locator('.recharts-cartesian-axis-tick-value')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(axisSize).toBeGreaterThanOrEqual(14 * scale - 1);
    expect(await overflowingText(page)).toEqual([]);
    await page.screenshot({ path: resolve(SHOTS, `rotation-${viewport.name}.png`) });
  });

  test(`a single-test wall fits ${viewport.name} and names eight agents`, async ({ page }) => {
    test.setTimeout(180_000); // axe over a full wall is slow on a loaded machine
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto('/wall?tests=7002');
    await expect(page.getByRole('img', { name: 'Loss heatmap' })).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('.recharts-wrapper')).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByTestId('wall-worst-agent')).toHaveCount(8);
    await expectNoScrollbars(page);
    await expectPanelsInside(page, viewport.width, viewport.height);
    await expectAgentLabelsApart(page);
    await expectWorstAgentsNamed(page, 20 * scale);
    await expectReadableSizes(page, scale);
    expect(await overflowingText(page)).toEqual([]);
    expect(await wallViolations(page)).toEqual([]);
    await page.screenshot({ path: resolve(SHOTS, `single-${viewport.name}.png`) });
  });
}

test('marks the tests graded worse than over the same window yesterday, and only those', async ({
  page,
}) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  // A pinned hour, so the grades are known: the simulator's rows are a function of (test, agent,
  // round) alone. 2026-11-21 05:00–06:00 UTC against 2026-11-20 05:00–06:00, graded the wall's one
  // way (each agent's worst 10 min, headroom bands): 7001, 7005 and 7007 went from fair to poor;
  // 7002 stayed fair, 7003 and 7004 poor.
  const expected = [
    { testId: '7001', yesterday: 'fair', today: 'poor' },
    { testId: '7002', yesterday: 'fair', today: 'fair' },
    { testId: '7003', yesterday: 'poor', today: 'poor' },
    { testId: '7004', yesterday: 'poor', today: 'poor' },
    { testId: '7005', yesterday: 'fair', today: 'poor' },
    { testId: '7007', yesterday: 'fair', today: 'poor' },
  ];
  await page.goto('/wall?rotate=0&from=2026-11-21T05:00:00&to=2026-11-21T06:00:00');
  await expect(page.getByTestId('wall-panel')).toHaveCount(6, { timeout: 20_000 });
  for (const { testId, yesterday, today } of expected) {
    const panel = page.getByTestId('wall-panel').and(page.locator(`[data-test-id="${testId}"]`));
    await expect(panel.getByTestId('wall-health')).toContainText(today, { timeout: 20_000 });
    // data-yesterday turns from "unknown" once yesterday's window has arrived: an absent mark
    // below is a known "same", not one still loading.
    const worse = yesterday !== today;
    await expect(panel).toHaveAttribute('data-yesterday', worse ? 'worse' : 'same', {
      timeout: 20_000,
    });
    const mark = panel.getByRole('img', { name: /^Worse than at the same time yesterday/ });
    if (worse) {
      await expect(mark).toHaveAccessibleName(
        `Worse than at the same time yesterday: ${yesterday} then, ${today} now`,
      );
      await expect(mark).toHaveText(`worse than yesterday: ${yesterday} → ${today}`);
      // Readable from three metres: as large as an agent's name (20 px at 1080p).
      const fontPx = await mark.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(fontPx).toBeGreaterThanOrEqual(20 - 0.01);
    } else {
      await expect(mark).toHaveCount(0);
    }
  }
  await expect(page.getByTestId('wall-stale')).toHaveCount(0);
  await expectNoScrollbars(page);
  await expectPanelsInside(page, 1920, 1080);
  expect(await overflowingText(page)).toEqual([]);
  await page.screenshot({ path: resolve(SHOTS, 'yesterday-1080p.png') });
});

test('one wall across account groups: tests=aid:testId asks each test with its own aid', async ({
  page,
}) => {
  const results: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/test-results/')) results.push(request.url());
  });
  await page.goto('/wall?rotate=0&tests=7001,1002:7201');
  await expect(page.getByTestId('wall-panel')).toHaveCount(2);
  await expect(page.getByRole('article', { name: 'HQ SIP trunk - Frankfurt' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'EMEA trunk - Paris' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Loss heatmap' })).toHaveCount(2, {
    timeout: 20_000,
  });
  const aidOf = (testId: string) =>
    results
      .filter((url) => url.includes(`/test-results/${testId}/`))
      .map((url) => new URL(url).searchParams.get('aid'));
  expect(aidOf('7201').length).toBeGreaterThan(0);
  expect(new Set(aidOf('7201'))).toEqual(new Set(['1002']));
  expect(new Set(aidOf('7001'))).toEqual(new Set([null]));
});

test('a bad cross-account test or grade says what to fix and asks nothing upstream', async ({
  page,
}) => {
  const results: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/test-results/')) results.push(request.url());
  });
  await page.goto('/wall?tests=7001,1002:x&grade=avg');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    "test '1002:x': write aid:testId with the digits of both, such as 1234:7002",
  );
  await expect(alert).toContainText("grade 'avg': use headroom");
  expect(results).toEqual([]);
});

test('grade=mos judges by absolute MOS bands and says so', async ({ page }) => {
  await page.goto('/wall?rotate=0&grade=mos');
  await expect(page.getByTestId('wall-bands')).toContainText(
    'MOS: good ≥ 4.0 · fair 3.6–4.0 · poor < 3.6',
  );
  await expect(page.getByTestId('wall-health')).toHaveCount(6, { timeout: 20_000 });
});

test('rotation moves to the next test after rotate seconds', async ({ page }) => {
  // The installed clock runs on by itself until paused: pause it a second into a rotation
  // period, so no period ends between two steps of the test however slow the machine is. It is
  // installed one test timeout before that moment and runs at most as fast as real time, so
  // pauseAt cannot be refused (the moment cannot have passed) before the test times out.
  const periodStart = Math.ceil(Date.now() / 10_000) * 10_000;
  await page.clock.install({ time: periodStart + 1000 - test.info().timeout });
  await page.goto('/wall?rotate=10&tests=7001,7002');
  await expect(page.getByTestId('wall-panel')).toHaveCount(1);
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
  // Paused, so the 3 s idle timer runs only when the test moves the clock.
  // The clock is installed one test timeout behind real time and paused at real time as the test
  // began. An installed clock runs at most as fast as real time, so it cannot have reached that
  // moment before the test times out: pauseAt is never refused, however loaded the machine.
  // (Paused only after loading: react-query delivers data through zero-delay timers.)
  const pauseAtMs = Date.now();
  await page.clock.install({ time: pauseAtMs - test.info().timeout });
  await page.goto('/wall?tests=7002');
  await expect(page.getByTestId('wall')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await page.clock.pauseAt(pauseAtMs);
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
  // 7001 300 s, 7002 60 s, 7003 120 s, 7004 600 s, 7005 900 s, 7007 1800 s, one page each,
  // plus each test's closed hour once an hour (6 × 1/60), the hour its window a day back slides
  // into once an hour for "worse than yesterday" (6 × 1/60) and the test list every 15 min:
  // 0.2 + 1 + 0.5 + 0.1 + 0.0667 + 0.0333 + 0.1 + 0.1 + 0.0667 = 2.17.
  await expect(page.getByTestId('wall-budget')).toContainText('2.17 requests/min of 240');
  // It sits below the panels, never over one (it used to cover the bottom-right panel).
  const overlay = (await page.getByTestId('wall-debug').boundingBox())!;
  for (const panel of await page.getByTestId('wall-panel').all()) {
    const box = (await panel.boundingBox())!;
    const apart =
      box.x + box.width <= overlay.x ||
      overlay.x + overlay.width <= box.x ||
      box.y + box.height <= overlay.y ||
      overlay.y + overlay.height <= box.y;
    expect(apart, 'the debug overlay does not cover a panel').toBe(true);
  }
});
