// What a reload waits for before its first heatmap: a timeline of every request (sent, first
// byte, done) and of the page's own milestones (the results status, the heatmap), in ms from
// navigation, for /tests/7002?window=7d at 30 agents opened once before (every closed interval
// kept by the server).
//
//   npx vite build --outDir /tmp/earshot-dist --minify false
//   node --import tsx bench/timeline-reload.ts /tmp/earshot-dist   # TIMELINE_RUNS=3 reloads
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.ts';
import { startApp } from './app-figures.ts';

const [distDir] = process.argv.slice(2);
if (!distDir) throw new Error('Usage: timeline-reload.ts <dist dir>');
const path = '/tests/7002?window=7d';
const app = await startApp(distDir, { EARSHOT_SIM_AGENTS: '30' });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const contextOptions = { viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC' };
  const warm = await browser.newContext(contextOptions);
  const warmPage = await warm.newPage();
  await warmPage.goto(`${app.url}${path}`);
  await warmPage.getByTestId('results-progress').waitFor({ state: 'detached', timeout: 120_000 });
  await warm.close();
  const runs = Number(process.env.TIMELINE_RUNS ?? 3);
  const painted: number[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext(contextOptions);
    const page = await context.newPage();
    // A string, not a function: tsx's helpers do not exist in the page.
    await page.addInitScript(`
      window.__marks = [];
      const seen = new Set();
      const mark = (name) => {
        if (seen.has(name)) return;
        seen.add(name);
        window.__marks.push([name, performance.now()]);
      };
      new MutationObserver(() => {
        if (document.querySelector('[role="img"][aria-label="Loss heatmap"]') && !seen.has('heatmap in DOM')) {
          mark('heatmap in DOM');
          // As the data-path bench marks "painted": once the frame after it is out.
          requestAnimationFrame(() => setTimeout(() => mark('heatmap painted')));
        }
        if (document.querySelector('[data-testid="results-progress"]')) mark('progress shown');
        if (document.querySelector('main')) mark('main in DOM');
      }).observe(document, { subtree: true, childList: true, attributes: true });
    `);
    const lines: [number, string][] = [];
    page.on('requestfinished', (request) => {
      const t = request.timing();
      const url = new URL(request.url());
      lines.push([
        t.startTime + t.responseEnd,
        `${url.pathname.slice(0, 60)}${url.search.slice(0, 60)}  sent ${(t.startTime - startedAt).toFixed(0)}, first byte +${t.responseStart.toFixed(0)}, done +${t.responseEnd.toFixed(0)}`,
      ]);
    });
    const startedAt = Date.now();
    await page.goto(`${app.url}${path}`);
    await page.getByRole('img', { name: 'Loss heatmap', exact: true }).waitFor();
    const visibleMs = Date.now() - startedAt;
    await page.waitForFunction(() =>
      (window as unknown as { __marks: [string, number][] }).__marks.some(
        ([name]) => name === 'heatmap painted',
      ),
    );
    const marks = await page.evaluate(
      () => (window as unknown as { __marks: [string, number][] }).__marks,
    );
    const navStart = await page.evaluate(() => performance.timeOrigin);
    console.log(`\nrun ${run + 1}: heatmap visible to Playwright at ${visibleMs} ms`);
    for (const [name, at] of marks)
      console.log(`  ${(navStart + at - startedAt).toFixed(0).padStart(6)} ms  ${name}`);
    for (const [, line] of lines.sort((a, b) => a[0] - b[0])) console.log(`    ${line}`);
    const paintedAt = marks.find(([name]) => name === 'heatmap painted')?.[1];
    if (paintedAt !== undefined) painted.push(paintedAt);
    await context.close();
  }
  painted.sort((a, b) => a - b);
  console.log(
    `\nheatmap painted, ms from navigation: ${painted.map((ms) => ms.toFixed(0)).join(', ')}` +
      ` (median ${painted[Math.floor(painted.length / 2)]?.toFixed(0)})`,
  );
} finally {
  await browser.close();
  await app.stop();
}
