// Time navigation on the dashboard (issue 16, items 1–4 and 11): drag to zoom with the mouse and
// the keyboard, zoom out and steps (each a history entry), the shared crosshair, the time picker
// prefilled in the chosen zone, the refresh that can be paused (and then asks nothing), the
// keyboard's way back from Round details. (axe and screenshots of a drag: how-it-looks.spec.ts)
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { closedRange, expectWholeWindow, isLiveEdgeQuery } from './support/dashboard-data.ts';

// The machine is shared and often loaded: give the page time to fetch and shape (a zoomed range
// is a new download, and the previous range stays on screen until it arrives).
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

const TEST_ID = '7001'; // "HQ SIP trunk - Frankfurt", every 300 s
const ROUND_MS = 300_000;
const HOUR_MS = 3_600_000;

/**
 * A fixed 3-hour range in the past: 36 rounds, the same on every run's page. It ends three hours
 * before the current hour began: the widest view the tests move to (zoomed out twice, 270 minutes
 * past `fromMs`) then still ends in the past at any minute of the hour, so it stays a fixed range
 * (a range reaching now becomes the relative window again, by design).
 */
function fixedRange() {
  return closedRange(3, 2);
}

/** The range in the page's URL, in epoch ms (absent: undefined). */
function urlRange(page: Page) {
  const params = new URL(page.url()).searchParams;
  const read = (name: string) => {
    const value = params.get(name);
    return value === null ? undefined : Date.parse(`${value}Z`);
  };
  return { from: read('from'), to: read('to'), window: params.get('window') ?? undefined };
}

/**
 * The URL holds [from, to) and the screen shows it (the range fields are rewritten from the URL):
 * a move is made from what is on screen, so the next one waits for it.
 */
async function expectRange(page: Page, from: number, to: number) {
  await expect.poll(() => urlRange(page)).toEqual({ from, to, window: undefined });
  const spell = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const group = page.getByRole('group', { name: 'Time window' });
  await expect(group.getByLabel(/^From \(/)).toHaveValue(spell(from));
  await expect(group.getByLabel(/^To \(/)).toHaveValue(spell(to));
}

async function openFixedRange(page: Page, extra = '') {
  const range = fixedRange();
  await page.goto(`/tests/${TEST_ID}?${range.view}${extra}`);
  const loss = page.getByRole('img', { name: 'Loss heatmap', exact: true });
  await expect(loss).toHaveAccessibleDescription(/^30 agents × 36 rounds/);
  // The older hours arrive after the newest and rebuild the heatmaps: pointer work waits for them.
  await expectWholeWindow(page);
  return {
    ...range,
    loss,
    latency: page.getByRole('img', { name: 'Latency heatmap', exact: true }),
  };
}

/** A point over round `round` (of `count`) of a heatmap, at its vertical middle. */
async function overRound(heatmap: Locator, round: number, count = 36) {
  const box = (await heatmap.boundingBox())!;
  return { x: box.x + ((round + 0.5) / count) * box.width, y: box.y + box.height / 2 };
}

test.describe('time navigation', () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test('a drag across a heatmap zooms to the rounds it covers; Back returns', async ({ page }) => {
    const { fromMs, loss } = await openFixedRange(page);
    const start = await overRound(loss, 9);
    const end = await overRound(loss, 18);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move((start.x + end.x) / 2, end.y, { steps: 4 });
    await expect(page.getByTestId('heatmap-selection')).toBeVisible();
    await page.mouse.move(end.x, end.y, { steps: 4 });
    await page.mouse.up();
    // Rounds 9 to 18: from the start of round 9 to the end of round 18.
    await expect
      .poll(() => urlRange(page))
      .toEqual({
        from: fromMs + 9 * ROUND_MS,
        to: fromMs + 19 * ROUND_MS,
        window: undefined,
      });
    await expect(loss).toHaveAccessibleDescription(/^30 agents × 10 rounds/);
    // The drag opened nothing.
    await expect(page.getByRole('dialog', { name: 'Round details' })).toBeHidden();
    await page.goBack();
    await expect(loss).toHaveAccessibleDescription(/^30 agents × 36 rounds/);
  });

  test('a drag across the MOS chart zooms too', async ({ page }) => {
    const { fromMs, toMs } = await openFixedRange(page);
    const chart = page.getByTestId('mos-overview');
    await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
    // Below the heatmaps: the mouse acts only inside the viewport.
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
    await expect(chart.locator('.recharts-reference-area')).toBeVisible();
    await page.mouse.up();
    await expect.poll(() => urlRange(page).from).toBeGreaterThan(fromMs);
    const zoomed = urlRange(page);
    expect(zoomed.to).toBeLessThan(toMs);
    expect(zoomed.to! - zoomed.from!).toBeLessThan(toMs - fromMs);
  });

  test('a click without a drag still opens Round details, and closing returns focus to the cell', async ({
    page,
  }) => {
    const { loss } = await openFixedRange(page);
    const cell = await overRound(loss, 20);
    await page.mouse.click(cell.x, cell.y);
    const dialog = page.getByRole('dialog', { name: 'Round details' });
    await expect(dialog).toBeVisible();
    const cursor = await loss.getAttribute('data-cursor-round');
    expect(cursor).toBe('20');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(loss).toBeFocused();
    await expect(loss).toHaveAttribute('data-cursor-round', '20');
    // And from the keyboard: Enter opens, Escape returns to the same heatmap.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(loss).toBeFocused();
    await expect(loss).toHaveAttribute('data-cursor-round', '19');
  });

  test('Shift+arrows select rounds on the focused heatmap, Enter zooms', async ({ page }) => {
    const { fromMs, loss } = await openFixedRange(page);
    await loss.focus();
    await page.keyboard.press('ArrowRight'); // the cursor appears on the latest round (35)
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
    await expect(page.getByTestId('heatmap-selection')).toBeVisible();
    await page.keyboard.press('Enter');
    // Rounds 30 to 33.
    await expect
      .poll(() => urlRange(page))
      .toEqual({
        from: fromMs + 30 * ROUND_MS,
        to: fromMs + 34 * ROUND_MS,
        window: undefined,
      });
    await expect(page.getByRole('dialog', { name: 'Round details' })).toBeHidden();
  });

  test('zoom out (key, button, double-click) and steps of half a window, each in history', async ({
    page,
  }) => {
    const { fromMs } = await openFixedRange(page);
    const loss = page.getByRole('img', { name: 'Loss heatmap', exact: true });
    const group = page.getByRole('group', { name: 'Time window' });
    const showing = (from: number, to: number) =>
      expectRange(page, fromMs + from * 60_000, fromMs + to * 60_000);
    // Start from a 60-minute range in the middle: 60 to 120 minutes into the fixed range.
    await group
      .getByLabel('From (UTC)')
      .fill(new Date(fromMs + HOUR_MS).toISOString().slice(0, 19));
    await group
      .getByLabel('To (UTC)')
      .fill(new Date(fromMs + 2 * HOUR_MS).toISOString().slice(0, 19));
    await group.getByRole('button', { name: 'Apply range' }).click();
    await showing(60, 120);
    await expect(loss).toHaveAccessibleDescription(/^30 agents × 12 rounds/);

    await page.locator('body').press('z');
    await showing(30, 150);
    await group.getByRole('button', { name: 'Earlier' }).click();
    await showing(-30, 90);
    await page.locator('body').press(']');
    await showing(30, 150);
    await page.locator('body').press('[');
    await showing(-30, 90);
    await group.getByRole('button', { name: 'Zoom out' }).click();
    await showing(-90, 150);
    await expect(loss).toHaveAccessibleDescription(/^30 agents × 48 rounds/);
    await page.locator('.heatmap-time-axis').first().dblclick();
    await showing(-210, 270);

    // Every move was a history entry.
    for (const [from, to] of [
      [-90, 150],
      [-30, 90],
      [30, 150],
      [-30, 90],
      [30, 150],
    ] as const) {
      await page.goBack();
      await showing(from, to);
    }
  });

  test('the crosshair: hovering a round on one heatmap marks it on the other and the MOS chart', async ({
    page,
  }) => {
    const { fromMs, loss, latency } = await openFixedRange(page);
    const chart = page.getByTestId('mos-overview');
    await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
    const point = await overRound(loss, 12);
    await page.mouse.move(point.x, point.y);
    const roundStart = String(fromMs + 12 * ROUND_MS);
    await expect(latency.getByTestId('heatmap-crosshair')).toHaveAttribute(
      'data-crosshair-time',
      roundStart,
    );
    await expect(page.getByTestId('mos-crosshair')).toHaveAttribute(
      'data-crosshair-time',
      roundStart,
    );
    await expect(page.getByTestId('mos-crosshair')).toBeVisible();
    // One readout: the hovered heatmap's tooltip, no other.
    await expect(page.getByRole('tooltip')).toHaveCount(1);
    // The line sits over the same round on the other heatmap: its middle.
    const line = await latency.getByTestId('heatmap-crosshair').evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      // The line is dashed: look at every row, not one that may fall in a gap.
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const xs = new Set<number>();
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) xs.add(((i - 3) / 4) % c.width);
      return { xs: [...xs], width: c.width };
    });
    const expectedX = ((12 + 0.5) / 36) * line.width;
    expect(line.xs.length).toBeGreaterThan(0);
    for (const x of line.xs) expect(Math.abs(x - expectedX)).toBeLessThan(3);

    // Leaving clears it everywhere.
    await page.mouse.move(5, 5);
    await expect(latency.getByTestId('heatmap-crosshair')).not.toHaveAttribute(
      'data-crosshair-time',
      /./,
    );
  });

  test('a skip link reaches the heatmaps; each date field is one tab stop', async ({ page }) => {
    await openFixedRange(page);
    const skip = page.getByRole('link', { name: 'Skip to heatmaps' });
    await skip.focus();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'Heatmaps' })).toBeFocused();
    expect(new URL(page.url()).hash).toBe('');

    const group = page.getByRole('group', { name: 'Time window' });
    await group.getByLabel('From (UTC)').focus();
    await page.keyboard.press('Tab');
    await expect(group.getByLabel('To (UTC)')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(group.getByRole('button', { name: 'Apply range' })).toBeFocused();
  });
});

test.describe('the time picker in local time', () => {
  test.use({ timezoneId: 'Europe/Berlin', viewport: { width: 1366, height: 900 } });

  test('is prefilled with the window on screen, in 24-hour form, labelled with the zone', async ({
    page,
  }) => {
    const { fromMs, toMs } = await openFixedRange(page, '&tz=local');
    const berlin = (ms: number) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Europe/Berlin',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }).format(ms);
    const group = page.getByRole('group', { name: 'Time window' });
    const from = group.getByLabel('From (Europe/Berlin)');
    await expect(from).toHaveValue(berlin(fromMs));
    await expect(group.getByLabel('To (Europe/Berlin)')).toHaveValue(berlin(toMs));
    // Local times carry their zone.
    await expect(page.getByRole('status').filter({ hasText: 'loaded' })).toContainText(
      /\d\d:\d\d:\d\d CES?T/,
    );

    // Bad input: a message that says what to do, and the text stays.
    await from.fill('11/28/2026 2:00 PM');
    await group.getByRole('button', { name: 'Apply range' }).click();
    await expect(group.getByRole('alert')).toHaveText(
      "from '11/28/2026 2:00 PM': use YYYY-MM-DD HH:MM:SS in Europe/Berlin, such as 2026-01-31 14:00:00",
    );
    await expect(from).toHaveValue('11/28/2026 2:00 PM');
    await expect(from).toHaveAttribute('aria-invalid', 'true');

    // A local time typed is a UTC instant in the URL.
    await from.fill(berlin(fromMs + HOUR_MS));
    await group.getByRole('button', { name: 'Apply range' }).click();
    await expect.poll(() => urlRange(page).from).toBe(fromMs + HOUR_MS);
  });
});

test('paused is in the URL, and a paused page asks for no refresh', async ({ page }) => {
  // Refreshes: requests for the live edge. A closed interval asked for after the pause is not one:
  // an hour that closed during the last refresh before the pause is asked for when its answer lands.
  const results: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.includes('/test-results/') && isLiveEdgeQuery(url.search)) {
      results.push(request.url());
    }
  });
  // The clock is installed one test timeout behind real time and paused, once loaded, at real time
  // as the test began: an installed clock runs at most as fast as real time, so it cannot have
  // passed that moment before the test times out, and pauseAt is never refused. (Paused only after
  // loading: react-query delivers data through zero-delay timers.)
  const pauseAtMs = Date.now();
  await page.clock.install({ time: pauseAtMs - test.info().timeout });
  await page.goto(`/tests/${TEST_ID}?window=1h`);
  const loss = page.getByRole('img', { name: 'Loss heatmap', exact: true });
  await expect(loss).toHaveAccessibleDescription(/^30 agents × \d+ rounds/);
  const refresh = page.getByTestId('refresh');
  await expect(refresh).toContainText(
    /Refreshes each round \(every 5 min\) · next at \d\d:\d\d:\d\d UTC/,
  );
  await page.clock.pauseAt(pauseAtMs);

  // Running: three rounds later, the live edge has been asked again.
  let before = results.length;
  await page.clock.runFor(15 * 60_000);
  await expect.poll(() => results.length).toBeGreaterThan(before);

  await refresh.getByRole('button', { name: 'Pause refresh' }).click();
  await expect(page).toHaveURL(/[?&]paused=1\b/);
  await expect(refresh).toContainText('Refresh paused');
  before = results.length;
  await page.clock.runFor(15 * 60_000);
  // Let anything the clock set off reach the network before counting.
  await expect(loss).toBeVisible();
  // (a message channel's turn: the page's timers stand still, its messages do not)
  for (let i = 0; i < 3; i++) {
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = resolve;
          channel.port2.postMessage(0);
        }),
    );
  }
  expect(results.slice(before)).toEqual([]);

  // Opened fresh, the link is still paused.
  await page.clock.resume();
  await page.reload();
  await expect(refresh).toContainText('Refresh paused');
  await expect(refresh.getByRole('button', { name: 'Resume refresh' })).toBeVisible();
  await refresh.getByRole('button', { name: 'Resume refresh' }).click();
  await expect(page).not.toHaveURL(/paused=/);
});
