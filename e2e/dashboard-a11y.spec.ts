// axe on the list and the dashboard, drill-down open and closed, in both themes (the theme follows
// the system), with screenshots of the open drill-down at 1366×768 and 1920×1080 to look at.
import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { fetchResultRows } from './support/dashboard-data.ts';

const expect = baseExpect.configure({ timeout: 20_000 });

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((node) => node.target.join(' ')),
      why: v.nodes[0]?.failureSummary,
    }));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme, viewport: { width: 1366, height: 768 } });

    test('axe: the test list has no serious or critical violation', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('link', { name: 'HQ SIP trunk - Frankfurt' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('axe: the dashboard, drill-down open and closed; screenshots', async ({
      page,
      baseURL,
    }) => {
      test.setTimeout(180_000); // axe over the whole dashboard is slow on a loaded machine
      const rows = await fetchResultRows(page.request, baseURL!, '7001', 'window=6h');
      const rounds = [...new Set(rows.map((r) => r.roundId))].sort((a, b) => a - b);
      const round = rounds[Math.floor(rounds.length / 2)]!;
      const row = rows.find((r) => r.roundId === round && r.mos !== undefined)!;

      await page.goto(`/tests/7001?window=6h&agent=${row.agentId}&round=${row.roundId}`);
      const dialog = page.getByRole('dialog', { name: 'Round details' });
      await expect(dialog).toContainText(String(row.roundId));
      await expect(page.getByRole('img', { name: 'Loss heatmap', exact: true })).toBeVisible();
      // the page really follows the system theme
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      expect((r! + g! + b!) / 3 < 128).toBe(colorScheme === 'dark');

      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `test-results/dashboard-${colorScheme}-1366x768-dialog.png` });
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.screenshot({ path: `test-results/dashboard-${colorScheme}-1920x1080-dialog.png` });

      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(page.getByRole('region', { name: 'MOS vs codec maximum' })).toContainText(
        /Mean MOS/,
      );
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: `test-results/dashboard-${colorScheme}-1920x1080.png`,
        fullPage: true,
      });
    });
  });
}
