// How the test list and the dashboard look, in both themes (the theme follows the system): axe
// finds no serious or critical violation in each state a person sees (the list; the dashboard
// with Round details open, then closed; a drag across a heatmap), nothing scrolls sideways, and
// screenshots land in test-results/how-it-looks/ for a person to look at.
//
// axe over a whole dashboard takes 10–20 s on a loaded machine, so each state is scanned once,
// at 1366 px, the narrowest screen Earshot is made for, and Round details without the page under
// it (scanned on its own once the dialog closes). Screenshots at 1440 and 1920 px too:
// EARSHOT_SCREENSHOTS=all (they assert nothing, and cost a relayout each).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { AGENTS_BY_HEALTH, fetchResultRows } from './support/dashboard-data.ts';
import { ROOT_DIR } from './support/earshot-server.ts';

const expect = baseExpect.configure({ timeout: 30_000 });

const TEST_ID = '7001'; // "HQ SIP trunk - Frankfurt", G.711, every 300 s, 30 agents
const SHOTS = resolve(ROOT_DIR, 'test-results/how-it-looks');
const WIDER = process.env.EARSHOT_SCREENSHOTS === 'all' ? [1440, 1920] : [];

/** A screenshot at 1366 px, and at the wider widths when asked for; back to 1366 after. */
async function shoot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: `${SHOTS}/${name}-1366.png`, fullPage });
  for (const width of WIDER) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage });
  }
  if (WIDER.length > 0) await page.setViewportSize({ width: 1366, height: 768 });
}

/** How far an element's content is wider than its box (≤ 0: no sideways scrolling). */
function sidewaysOverflow(scroller: Locator): Promise<number> {
  return scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme, viewport: { width: 1366, height: 768 } });
    // Three axe scans of full pages on a machine shared with the other worker.
    test.setTimeout(240_000);

    test('the test list, the dashboard with and without Round details, a drag', async ({
      page,
      baseURL,
    }) => {
      await page.goto('/');
      const list = page.getByRole('table', { name: 'Voice tests' });
      await expect(list.getByRole('link', { name: 'HQ SIP trunk - Frankfurt' })).toBeVisible();
      await expect(page.getByText(new RegExp(`^${AGENTS_BY_HEALTH}$`)).first()).toBeVisible();
      // the page really follows the system theme
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      expect((r! + g! + b!) / 3 < 128).toBe(colorScheme === 'dark');
      expect(
        await sidewaysOverflow(list.locator('..')),
        'the test list scrolls sideways',
      ).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      await shoot(page, `${colorScheme}-list`, true);

      // A link to one round: the dashboard opens with Round details over it.
      const rows = await fetchResultRows(page.request, baseURL!, TEST_ID, 'window=6h');
      const rounds = [...new Set(rows.map((row) => row.roundId))].sort((a, b) => a - b);
      const round = rounds[Math.floor(rounds.length / 2)]!;
      const row = rows.find((r) => r.roundId === round && r.mos !== undefined)!;
      await page.goto(`/tests/${TEST_ID}?window=6h&agent=${row.agentId}&round=${row.roundId}`);
      const dialog = page.getByRole('dialog', { name: 'Round details' });
      await expect(dialog).toContainText(String(row.roundId));
      const loss = page.getByRole('img', { name: 'Loss heatmap', exact: true });
      await expect(loss).toBeVisible();
      // The dialog on its own: the page under it is scanned once it closes.
      expect(await seriousViolations(page, 'dialog[open]')).toEqual([]);
      await shoot(page, `${colorScheme}-dashboard-round`);

      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      const mos = page.getByRole('region', { name: 'MOS vs codec maximum' });
      await expect(mos).toContainText(/Agents \d+–\d+ of 30/);
      expect(await seriousViolations(page)).toEqual([]);
      // The per-agent charts are drawn as they come near the screen: scrolled past, all are.
      const cards = mos.getByRole('list', { name: 'MOS per agent' }).locator('[data-drawn]');
      for (const card of await cards.all()) await card.scrollIntoViewIfNeeded();
      await expect(mos.locator('[data-drawn="false"]')).toHaveCount(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot(page, `${colorScheme}-dashboard`, true);
      // The agents table fits without sideways scrolling from 1440 px up.
      await page.setViewportSize({ width: 1440, height: 900 });
      expect(
        await sidewaysOverflow(page.getByRole('region', { name: 'Agents table' })),
        'the agents table scrolls sideways at 1440 px',
      ).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1366, height: 768 });

      // A drag across the loss heatmap, caught in the middle: the selection shows what it zooms to.
      await loss.scrollIntoViewIfNeeded();
      const box = (await loss.boundingBox())!;
      const at = (round: number) => ({
        x: box.x + ((round + 0.5) / rounds.length) * box.width,
        y: box.y + box.height / 2,
      });
      const start = at(Math.floor(rounds.length / 4));
      const end = at(Math.floor(rounds.length / 2));
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(end.x, end.y, { steps: 5 });
      await expect(page.getByTestId('heatmap-selection')).toBeVisible();
      await shoot(page, `${colorScheme}-drag`);
      await page.mouse.up();
    });
  });
}
