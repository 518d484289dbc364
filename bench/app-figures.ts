/// <reference lib="dom" />
// Figures from the production app itself: JS per route from the build's manifest, load timings
// on /tests/:testId against the simulator at each scale, and memory over /wall refresh cycles.
import { spawn } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { ROOT_DIR, formatKb, routeBundles } from '../scripts/check-bundle-size.ts';
import { SOAK_START_MS, WallSoak } from '../e2e/support/wall-soak.ts';
import { median, type FigureLog } from './lib/figures.ts';
import { scaleName, type Scale } from './matrix-data.ts';

export function sizeFigures(log: FigureLog, distDir: string): void {
  const report = routeBundles(distDir);
  for (const route of report.routes) {
    const missing = route.missingModules.length
      ? `; ${route.missingModules.join(', ')} not in the build yet, so only what exists is counted`
      : '';
    log.atMost(
      'Size',
      `JS before first paint, ${route.route} (gzip)`,
      route.gzipBytes / 1000,
      'KB',
      route.budgetGzipKb,
      `${route.files.length} files from the Vite manifest (entry + static imports + the route's lazy module); ${formatKb(route.rawBytes)} raw${missing}`,
    );
    log.atMost(
      'Size',
      `JS before first paint, ${route.route} (brotli)`,
      route.brotliBytes / 1000,
      'KB',
      undefined,
    );
  }
  log.atMost(
    'Size',
    'JS of all three routes (gzip)',
    report.allRoutes.gzipBytes / 1000,
    'KB',
    undefined,
    `${report.allRoutes.files.length} files, each counted once`,
  );
  log.atMost(
    'Size',
    'JS of all three routes (brotli)',
    report.allRoutes.brotliBytes / 1000,
    'KB',
    undefined,
  );
  log.atMost(
    'Size',
    'JS of the whole build, lazy chunks included (gzip)',
    report.wholeBuild.gzipBytes / 1000,
    'KB',
    undefined,
    `${report.wholeBuild.files.length} files`,
  );
  log.atMost(
    'Size',
    'JS of the whole build, lazy chunks included (brotli)',
    report.wholeBuild.brotliBytes / 1000,
    'KB',
    undefined,
  );
}

export interface RunningApp {
  url: string;
  /** The embedded simulator's URL (no credentials are passed, so there always is one). */
  simulatorUrl: string;
  stop(): Promise<void>;
}

/** The production server (server/app.ts) on a build in `distDir`, with simulator knobs. */
export function startApp(distDir: string, env: Record<string, string>): Promise<RunningApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/app-host.ts'], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      TE_TOKEN: '',
      TE_EMAIL: '',
      TE_BASIC_TOKEN: '',
      EARSHOT_ACCESS_KEY: '',
      BENCH_DIST_DIR: distDir,
      EARSHOT_SIM_RATE_LIMIT: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolveApp, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app did not start in 30 s: ${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveApp({
          url: match[1],
          simulatorUrl: /simulator (http:\/\/\S+)/.exec(output)?.[1] ?? '',
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}: ${output}`));
    });
  });
}

/** Installed before any page script: marks when each heatmap canvas first has pixels. */
function paintWatcher(): void {
  const marks = new Map<Element, number>();
  let mosAt: number | undefined;
  const bench = window as unknown as {
    benchPaints: () => number[];
    benchMosAt: () => number | undefined;
  };
  bench.benchPaints = () => [...marks.values()];
  bench.benchMosAt = () => mosAt;
  // The region named "MOS vs codec maximum", by aria-label or aria-labelledby.
  const mosRegion = () =>
    Array.from(document.querySelectorAll('[aria-label], [aria-labelledby]')).find((element) => {
      const name =
        element.getAttribute('aria-label') ??
        (element.getAttribute('aria-labelledby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
      return name.trim() === 'MOS vs codec maximum';
    });
  const poll = () => {
    if (mosAt === undefined && mosRegion()?.querySelector('svg path')) {
      mosAt = performance.now();
    }
    for (const canvas of Array.from(
      document.querySelectorAll('[role="img"][aria-label$="heatmap"] canvas'),
    )) {
      if (marks.has(canvas)) continue;
      const c = canvas as HTMLCanvasElement;
      if (c.width === 0 || c.height === 0) continue;
      const pixel = c
        .getContext('2d')
        ?.getImageData(Math.floor(c.width / 2), Math.floor(c.height / 2), 1, 1);
      if ((pixel?.data[3] ?? 0) > 0) marks.set(canvas, performance.now());
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function loadOnce(
  browser: Browser,
  url: string,
  timeoutMs: number,
): Promise<{ firstHeatmapMs: number; allChartsMs: number; heatmaps: number }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    timezoneId: 'UTC',
    locale: 'en-GB',
  });
  const page: Page = await context.newPage();
  // tsx compiles nested functions with esbuild's __name() helper, which a page does not have.
  await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  await page.addInitScript(paintWatcher);
  try {
    await page.goto(url);
    // Every heatmap painted, and the MOS chart has drawn its lines.
    await page.waitForFunction(
      () => {
        const heatmaps = document.querySelectorAll('[role="img"][aria-label$="heatmap"]').length;
        const painted = (window as unknown as { benchPaints: () => number[] }).benchPaints().length;
        const mosAt = (window as unknown as { benchMosAt: () => number | undefined }).benchMosAt();
        return heatmaps > 0 && painted >= heatmaps && mosAt !== undefined;
      },
      undefined,
      { timeout: timeoutMs, polling: 50 },
    );
    return await page.evaluate(() => {
      // performance.now() counts from the navigation's start.
      const bench = window as unknown as { benchPaints: () => number[]; benchMosAt: () => number };
      const paints = bench.benchPaints();
      return {
        firstHeatmapMs: Math.min(...paints),
        allChartsMs: Math.max(bench.benchMosAt(), ...paints),
        heatmaps: paints.length,
      };
    });
  } finally {
    await context.close();
  }
}

export async function loadFigures(
  log: FigureLog,
  browser: Browser,
  distDir: string,
  scales: readonly Scale[],
  repeats: number,
): Promise<void> {
  for (const scale of scales) {
    const label = scaleName(scale);
    const app = await startApp(distDir, { EARSHOT_SIM_AGENTS: String(scale.agents) });
    try {
      const url = `${app.url}/tests/${scale.testId}?window=${scale.window}&tz=utc`;
      const first: number[] = [];
      const all: number[] = [];
      let error: string | undefined;
      // The larger scales take tens of seconds a load: once each keeps the bench near 10 minutes.
      const times = scale.agents <= 50 ? repeats : 1;
      for (let i = 0; i < times; i++) {
        try {
          const run = await loadOnce(browser, url, scale.agents >= 500 ? 180_000 : 60_000);
          first.push(run.firstHeatmapMs);
          all.push(run.allChartsMs);
        } catch (caught) {
          error = String(caught instanceof Error ? caught.message.split('\n')[0] : caught);
          break;
        }
      }
      if (first.length === 0) {
        const reason = `the dashboard did not paint its heatmaps: ${error ?? 'unknown'}`;
        log.notMeasured('Load', `${label}: navigation → first heatmap painted`, 'ms', reason);
        log.notMeasured('Load', `${label}: navigation → every chart painted`, 'ms', reason);
        continue;
      }
      const note = `median of ${first.length}; /tests/${scale.testId}?window=${scale.window}, production build, simulator with ${scale.agents} agents; painted = canvas has pixels (rAF poll); every chart = all heatmaps + the MOS chart's SVG`;
      log.atMost(
        'Load',
        `${label}: navigation → first heatmap painted`,
        median(first),
        'ms',
        scale.agents === 50 ? 1000 : undefined,
        note,
      );
      log.atMost(
        'Load',
        `${label}: navigation → every chart painted`,
        median(all),
        'ms',
        undefined,
        note,
      );
    } finally {
      await app.stop();
    }
  }
}

export async function wallFigures(
  log: FigureLog,
  browser: Browser,
  distDir: string,
  cycles: number,
  budgetMs: number,
): Promise<void> {
  // Cache off: the proxy's cache runs on real time, and a fast-forwarded round takes
  // milliseconds of it, so a cached answer would stand in for the new round.
  const app = await startApp(distDir, {
    EARSHOT_SIM_AGENTS: '50',
    EARSHOT_SIM_FAULTS: '1',
    EARSHOT_CACHE_SECONDS: '0',
  });
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    const roundMs = 60_000;
    const soak = new WallSoak(page, {
      simulatorUrl: app.simulatorUrl,
      refreshPath: '/v7/test-results/7002/rtp-server',
      roundMs,
    });
    // The e2e soak's moment (SOAK_START_MS says why): ~17 simulated hours of 1,000 cycles stay
    // in the past, and every run of the bench measures the same rows.
    await soak.install(SOAK_START_MS);
    // The grid: both tests on screen, every cycle re-renders both panels' charts and heatmaps.
    const response = await page.goto(`${app.url}/wall?tests=7002,7003&rotate=0`);
    if (!response?.ok()) throw new Error(`/wall answered ${response?.status()}`);
    await page.getByRole('img', { name: 'Loss heatmap' }).first().waitFor({ timeout: 30_000 });
    // Warm-up, so "start" has every test's data, the JIT's code and the caches at their size.
    // A generous timeout per cycle: other work on the machine must not end the soak.
    for (let i = 0; i < 15; i++) await soak.cycle(30_000);
    const before = await soak.measure();
    const started = performance.now();
    // Bounded in real time so the whole bench stays near 10 minutes; the cycles done are reported.
    let done = 0;
    for (; done < cycles && performance.now() - started < budgetMs; done++) {
      await soak.cycle(30_000);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = await soak.measure();
    const stale = await page.getByText(/stale/i).count();
    const mb = (bytes: number) => bytes / 1e6;
    const note = `${done} of ${cycles} cycles (real-time budget ${budgetMs / 1000} s), each one round of test 7002 (60 s) on the page's fake clock (page.clock.runFor) with the simulator's clock moved alongside (e2e/support/wall-soak.ts), 2 tests in the grid, 50 agents, in ${seconds.toFixed(0)} s real time; measured after 15 warm-up cycles, 5 s past a round boundary, CDP HeapProfiler.collectGarbage ×3 + Runtime.getHeapUsage, Memory.getDOMCounters; ${stale === 0 ? 'not stale at the end' : 'STALE at the end'}`;
    log.add({
      section: 'Memory',
      name: '/wall JS heap after GC, start',
      value: mb(before.heapBytes),
      unit: 'MB',
      note,
    });
    log.add({
      section: 'Memory',
      name: `/wall JS heap after GC, after ${done} refresh cycles`,
      value: mb(after.heapBytes),
      unit: 'MB',
    });
    log.atMost(
      'Memory',
      `/wall heap growth over ${done} cycles`,
      mb(after.heapBytes - before.heapBytes),
      'MB',
      done >= 1000 ? 5 : undefined,
      done >= 1000 ? undefined : 'the < 5 MB target is for 1,000 cycles; fewer ran, so no verdict',
    );
    log.add({
      section: 'Memory',
      name: '/wall DOM nodes in the document, start',
      value: before.documentNodes,
      unit: 'nodes',
    });
    log.add({
      section: 'Memory',
      name: `/wall DOM nodes in the document, after ${done} refresh cycles`,
      value: after.documentNodes,
      unit: 'nodes',
      // As the soak e2e test: the count moves a little with what is on screen (axis ticks, the
      // worst agents, error marks), so flat means within 20 nodes of the start.
      target: 'flat (±20)',
      met: Math.abs(after.documentNodes - before.documentNodes) <= 20,
      note: `Blink's own count (with nodes it frees lazily) ${before.nodes} → ${after.nodes}; event listeners ${before.jsEventListeners} → ${after.jsEventListeners}`,
    });
    log.add({
      section: 'Memory',
      name: `/wall detached DOM nodes held by JavaScript, after ${done} refresh cycles`,
      value: after.detachedNodes,
      unit: 'nodes',
      target: `≤ start + 20 (start ${before.detachedNodes})`,
      met: after.detachedNodes - before.detachedNodes <= 20,
    });
  } finally {
    await context.close();
    await app.stop();
  }
}
