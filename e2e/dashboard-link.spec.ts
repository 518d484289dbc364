// The link holds the whole view (issue 16, items 5–10, 12, 13) against the production build on the
// simulator: a link opened fresh restores every control and Back returns to it; the pinned copy
// link still shows its round after the page's clock has moved on a day; both heatmaps share one
// row order; the agent filter filters every view; empty windows say why; the test list shows each
// test's latest round. (axe, screenshots and sideways scrolling: how-it-looks.spec.ts)
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import {
  AGENTS_BY_HEALTH,
  closedRange,
  expectWholeWindow,
  fetchResultRows,
  rowAwayFromEdges,
  tooltipTextsAt,
  utcMinute,
} from './support/dashboard-data.ts';
import { sharedEarshotUrl } from './support/earshot-server.ts';

// The machine is shared and often loaded: give the page time to fetch and shape.
const expect = baseExpect.configure({ timeout: 20_000 });

const TEST_ID = '7001'; // "HQ SIP trunk - Frankfurt", G.711, every 300 s, 30 agents

function combobox(page: Page | Locator, name: string | RegExp): Locator {
  return page.getByRole('combobox', { name });
}

/** The agent named by the tooltip when hovering row `row` of a heatmap with `rowCount` rows. */
async function agentOnRow(page: Page, heatmap: Locator, row: number, rowCount: number) {
  const box = (await heatmap.boundingBox())!;
  const position = { x: box.width / 2, y: ((row + 0.5) * box.height) / rowCount };
  // The tooltip names the agent, then the round's time, then the heatmap's own metric.
  const [agent = ''] = await tooltipTextsAt(page, heatmap, position);
  return agent;
}

test.describe('a link holds the whole view', () => {
  // A full dashboard per test on a machine shared with other builds.
  test.setTimeout(150_000);
  test('a link opened fresh restores every control, and Back returns to it', async ({ page }) => {
    const link =
      `/tests/${TEST_ID}?window=6h&heatmaps=mos,pdv&sort=name&tableSort=lossMean.asc` +
      '&filter=a&agentType=cloud&country=US&group=type';
    await page.goto(link);

    const heatmaps = page.getByRole('region', { name: 'Heatmaps' });
    await expect(combobox(heatmaps, 'Heatmap 1 shows')).toHaveValue('mos');
    await expect(combobox(heatmaps, 'Heatmap 2 shows')).toHaveValue('pdv');
    await expect(page.getByRole('img', { name: 'MOS heatmap', exact: true })).toBeVisible();
    await expect(page.getByRole('img', { name: 'PDV heatmap', exact: true })).toBeVisible();
    await expect(combobox(heatmaps, 'Sort agents')).toHaveValue('name');
    await expect(page.getByRole('searchbox', { name: 'Filter agents' })).toHaveValue('a');
    await expect(combobox(page, 'Agent type')).toHaveValue('cloud');
    await expect(combobox(page, 'Country')).toHaveValue('US');
    await expect(page.getByRole('checkbox', { name: 'Group cloud and enterprise' })).toBeChecked();
    await expect(page.getByRole('columnheader', { name: /^Loss mean/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );

    // A control changed replaces the entry; a later entry (a focused agent) and Back restore it.
    await combobox(heatmaps, 'Sort agents').selectOption('country');
    await expect(page).toHaveURL(/[?&]sort=country\b/);
    const viewUrl = page.url();
    // An agent's name in the table (a toggle: it focuses that agent).
    const agentButton = page
      .getByRole('table', { name: 'Agents' })
      .locator('tbody [aria-pressed]')
      .first();
    await agentButton.click();
    await expect(page).toHaveURL(/[?&]agent=\d+/);
    await page.goBack();
    await expect(page).toHaveURL(viewUrl);
    await expect(combobox(heatmaps, 'Sort agents')).toHaveValue('country');
    await expect(combobox(heatmaps, 'Heatmap 1 shows')).toHaveValue('mos');

    // Defaults stay out of the URL.
    await combobox(heatmaps, 'Heatmap 1 shows').selectOption('loss');
    await combobox(heatmaps, 'Heatmap 2 shows').selectOption('latency');
    await combobox(heatmaps, 'Sort agents').selectOption('worst');
    await combobox(page, 'Agent type').selectOption('all');
    await combobox(page, 'Country').selectOption('');
    await page.getByRole('searchbox', { name: 'Filter agents' }).fill('');
    // The box follows the URL, which changes just after the click (so not `uncheck()`).
    const grouping = page.getByRole('checkbox', { name: 'Group cloud and enterprise' });
    await grouping.click();
    await expect(grouping).not.toBeChecked();
    await page.getByRole('button', { name: 'Headroom to codec max' }).click(); // its default
    await expect(page).toHaveURL(new RegExp(`/tests/${TEST_ID}\\?window=6h$`));
  });

  test('a bad view value says what to write instead, and asks for nothing', async ({ page }) => {
    await page.goto(`/tests/${TEST_ID}?sort=best&heatmaps=loss`);
    const problem = page.getByRole('alert');
    await expect(problem).toContainText('This link has a problem');
    await expect(problem).toContainText("sort 'best': use worst, name or country");
    await expect(problem).toContainText("heatmaps 'loss': name two of loss, latency");
  });

  test("the pinned copy link still shows its round once the page's clock has moved on a day", async ({
    browser,
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const rows = await fetchResultRows(page.request, sharedEarshotUrl(), TEST_ID, 'window=1h');
    const row = rowAwayFromEdges(rows, (r) => r.mos !== undefined);
    await page.goto(`/tests/${TEST_ID}?window=1h&agent=${row.agentId}&round=${row.roundId}`);
    const dialog = page.getByRole('dialog', { name: 'Round details' });
    await expect(dialog).toContainText(utcMinute(row.roundId));
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Link copied, with this range pinned');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).searchParams.get('window')).toBeNull();

    // The reader opens it a day later: by then "the last hour" holds other rounds.
    const later = await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC' });
    try {
      const other = await later.newPage();
      const dayLater = (await page.evaluate(() => Date.now())) + 86_400_000;
      await other.clock.install({ time: dayLater });
      await other.goto(copied);
      const otherDialog = other.getByRole('dialog', { name: 'Round details' });
      await expect(otherDialog).toBeVisible();
      await expect(otherDialog.getByRole('alert')).toHaveCount(0);
      await expect(otherDialog).not.toContainText('outside this window');
      await expect(
        otherDialog
          .getByRole('term')
          .filter({ hasText: /^Round id$/ })
          .locator('xpath=../dd'),
      ).toHaveText(String(row.roundId));
      await expect(
        otherDialog.getByRole('region', { name: 'This agent across the window' }),
      ).toBeVisible();
    } finally {
      await later.close();
    }
  });

  test('the Share control offers the relative link and the pinned one', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/tests/${TEST_ID}?window=6h&sort=name`);
    await expect(page.getByRole('img', { name: 'Loss heatmap', exact: true })).toBeVisible();
    await page.getByText('Share', { exact: true }).click();
    const share = page.getByRole('group', { name: 'Share this view' });
    await share.getByRole('button', { name: 'Copy link to the latest window' }).click();
    await expect(share.getByRole('status')).toHaveText('Link to the latest window copied');
    const relative = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(relative.search).toBe('?window=6h&sort=name');
    await share.getByRole('button', { name: 'Copy link with this range pinned' }).click();
    await expect(share.getByRole('status')).toHaveText('Pinned link copied');
    const pinned = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(pinned.searchParams.get('sort')).toBe('name');
    const fromMs = Date.parse(`${pinned.searchParams.get('from')}Z`);
    const toMs = Date.parse(`${pinned.searchParams.get('to')}Z`);
    expect((toMs - fromMs) / 3_600_000).toBeCloseTo(6, 2);
  });

  test('both heatmaps put the same agent on the same row', async ({ page }) => {
    // A fixed range, whole on screen: the rows are ordered once, and stay so while the test reads.
    await page.goto(`/tests/${TEST_ID}?${closedRange(6).view}&heatmaps=loss,latency`);
    const loss = page.getByRole('img', { name: 'Loss heatmap', exact: true });
    const latency = page.getByRole('img', { name: 'Latency heatmap', exact: true });
    await expect(loss).toHaveAccessibleDescription(/^30 agents × /);
    await expectWholeWindow(page);
    for (const row of [0, 1, 2, 29]) {
      const agentOfLoss = await agentOnRow(page, loss, row, 30);
      const agentOfLatency = await agentOnRow(page, latency, row, 30);
      expect(agentOfLoss).not.toBe('');
      expect(agentOfLatency, `row ${row}`).toBe(agentOfLoss);
    }
  });

  test('the agent filter filters the heatmaps, the MOS charts and the table', async ({ page }) => {
    const rows = await fetchResultRows(page.request, sharedEarshotUrl(), TEST_ID, 'window=6h');
    const countries = new Map<string, Set<string>>();
    for (const row of rows) {
      countries.set(row.countryId, (countries.get(row.countryId) ?? new Set()).add(row.agentId));
    }
    // A country with a few agents, not all of them.
    const [country, agents] = [...countries].sort((a, b) => b[1].size - a[1].size)[0]!;
    expect(agents.size).toBeGreaterThan(1);
    expect(agents.size).toBeLessThan(30);

    await page.goto(`/tests/${TEST_ID}?window=6h`);
    await expect(page.getByRole('img', { name: 'Loss heatmap', exact: true })).toBeVisible();
    await combobox(page, 'Country').selectOption(country);
    await expect(page).toHaveURL(new RegExp(`[?&]country=${country}\\b`));
    const shown = agents.size;
    await expect(page.getByRole('search', { name: 'Agent filter' })).toContainText(
      `${shown} of 30 agents`,
    );
    for (const name of ['Loss heatmap', 'Latency heatmap']) {
      await expect(page.getByRole('img', { name, exact: true })).toHaveAccessibleDescription(
        new RegExp(`^${shown} agents × `),
      );
    }
    const mos = page.getByRole('region', { name: 'MOS vs codec maximum' });
    // One small multiple each (the overview's legend is a list too).
    await expect(mos.getByRole('listitem').filter({ hasText: 'Mean MOS' })).toHaveCount(shown);
    const table = page.getByRole('table', { name: 'Agents' });
    await expect(table.getByRole('rowheader')).toHaveCount(shown);
    await expect(page.getByRole('term').filter({ hasText: 'Agents reporting' })).toBeVisible();

    // The text filter matches a name, and nothing passing says so.
    await page.getByRole('searchbox', { name: 'Filter agents' }).fill('no agent is called this');
    await expect(
      page.getByRole('note').filter({ hasText: 'No agent passes the agent filter' }),
    ).toBeVisible();
  });

  test('an empty window says why: shorter than the interval, or in the future', async ({
    page,
  }) => {
    await page.goto(`/tests/${TEST_ID}?window=1m`);
    await expect(
      page.getByRole('note').filter({ hasText: "shorter than the test's interval" }),
    ).toContainText('Choose a window of at least 5m');

    const tomorrow = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 86_400_000);
    const iso = (d: Date) => d.toISOString().slice(0, 19);
    await page.goto(
      `/tests/${TEST_ID}?from=${iso(tomorrow)}&to=${iso(new Date(tomorrow.getTime() + 3_600_000))}`,
    );
    await expect(page.getByRole('note').filter({ hasText: 'in the future' })).toContainText(
      'ThousandEyes has no results for it yet',
    );
  });

  test('the test list shows each test its latest round and worst agent, and finds by id', async ({
    page,
  }) => {
    await page.goto('/');
    const table = page.getByRole('table', { name: 'Voice tests' });
    const frankfurt = table.getByRole('row', { name: /HQ SIP trunk - Frankfurt/ });
    await expect(frankfurt.getByRole('cell').nth(4)).toHaveText(
      new RegExp(`^${AGENTS_BY_HEALTH} \\d\\d:\\d\\d:\\d\\d UTC$`),
    );
    await expect(frankfurt.getByRole('cell').nth(5)).toContainText(
      /MOS \d\.\d\d, \d\.\d\d below max/,
    );

    await page.getByRole('searchbox', { name: 'Filter tests' }).fill(TEST_ID);
    await expect(page).toHaveURL(new RegExp(`[?&]filter=${TEST_ID}$`));
    await expect(table.getByRole('link')).toHaveText(['HQ SIP trunk - Frankfurt']);
    await page.reload();
    await expect(page.getByRole('searchbox', { name: 'Filter tests' })).toHaveValue(TEST_ID);
    await expect(table.getByRole('link')).toHaveText(['HQ SIP trunk - Frankfurt']);
  });
});
