// Hostile upstream data is rendered inert: the simulator's hostile mode puts HTML in agent 1000's
// name and a javascript: permalink on agent 1013's rounds (server/simulator/README.md).
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { startEarshot, type RunningEarshot } from './support/earshot-server.ts';
import { fetchResultRows, rowAwayFromEdges } from './support/dashboard-data.ts';

const expect = baseExpect.configure({ timeout: 20_000 });
const HOSTILE_NAME_START = `<img src=x onerror="alert('agent')">`;

let earshot: RunningEarshot;
test.beforeAll(async () => {
  earshot = await startEarshot({ EARSHOT_SIM_HOSTILE: '1' });
});
test.afterAll(async () => earshot?.stop());

/** Fails the test on any script-made dialog (alert, confirm…) the page opens. */
function forbidDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(dialog.message());
    void dialog.dismiss();
  });
  return opened;
}

async function injected(page: Page) {
  return page.evaluate(() => ({
    images: document.querySelectorAll('img[src="x"]').length,
    handlers: document.querySelectorAll('[onerror]').length,
    scriptLinks: [...document.querySelectorAll('a[href]')]
      .map((a) => a.getAttribute('href') ?? '')
      .filter((href) => /^\s*javascript:/i.test(href)),
  }));
}

test('an agent name holding HTML is shown as text and injects nothing', async ({ page }) => {
  const opened = forbidDialogs(page);
  const rows = await fetchResultRows(page.request, earshot.url, '7001', 'window=1h');
  const row = rowAwayFromEdges(rows, (r) => r.agentId === '1000' && r.mos !== undefined);
  expect(row.agentName.startsWith(HOSTILE_NAME_START)).toBe(true); // the data really is hostile

  await page.goto(`${earshot.url}/tests/7001?window=1h`);
  const agents = page.getByRole('region', { name: 'Agents' });
  await expect(agents.getByText(row.agentName, { exact: true })).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Heatmaps' })
      .getByText(row.agentName, { exact: true })
      .first(),
  ).toBeAttached();

  await page.goto(`${earshot.url}/tests/7001?window=1h&agent=1000&round=${row.roundId}`);
  const dialog = page.getByRole('dialog', { name: 'Round details' });
  await expect(dialog.getByText(`${row.agentName} (id 1000)`, { exact: true })).toBeVisible();
  expect(await injected(page)).toEqual({ images: 0, handlers: 0, scriptLinks: [] });
  expect(opened).toEqual([]);
});

test('a javascript: permalink is shown as text, never as a link', async ({ page }) => {
  const opened = forbidDialogs(page);
  const rows = await fetchResultRows(page.request, earshot.url, '7001', 'window=1h');
  // A round where agent 1026 (whose link is safe) reported too: an agent misses a round now and then.
  const row = rowAwayFromEdges(
    rows,
    (r) =>
      r.agentId === '1013' && rows.some((o) => o.agentId === '1026' && o.roundId === r.roundId),
  );
  expect(row.permalink).toMatch(/^javascript:/); // the data really is hostile

  await page.goto(`${earshot.url}/tests/7001?window=1h&agent=1013&round=${row.roundId}`);
  const dialog = page.getByRole('dialog', { name: 'Round details' });
  await expect(dialog.getByText('Link withheld')).toBeVisible();
  await expect(dialog.getByText(row.permalink!, { exact: true })).toBeVisible();
  await expect(dialog.getByRole('link', { name: 'Open in ThousandEyes' })).toHaveCount(0);
  expect(await injected(page)).toEqual({ images: 0, handlers: 0, scriptLinks: [] });

  // A safe permalink (another agent, same round) is a link, opening in a new tab without opener
  await page.goto(`${earshot.url}/tests/7001?window=1h&agent=1026&round=${row.roundId}`);
  const link = dialog.getByRole('link', { name: 'Open in ThousandEyes' });
  await expect(link).toHaveAttribute('href', /^https:\/\/app\.thousandeyes\.com\//);
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  expect(opened).toEqual([]);
});
