/// <reference lib="dom" />
// Browser figures on the bench-only page (bench/page/): Earshot's canvas heatmap and the recharts
// SVG comparison on the same simulator data, at each scale, in headless Chromium.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { benchMatrix, scaleName, type Scale } from './matrix-data.ts';
import { median, quantile, type FigureLog } from './lib/figures.ts';

/** What bench/page/main.tsx puts on window. */
interface BenchWindow {
  earshotBench: {
    load(name: string): Promise<void>;
    render(kind: 'canvas' | 'recharts', timeoutMs: number): Promise<number | undefined>;
    armInputs(): void;
    nextInputLatency(): Promise<{ fromEventMs: number; fromHandlerMs: number } | undefined>;
  };
}

const PAGE_ROOT = resolve(import.meta.dirname, 'page');
const SECTION = 'Heatmap';

export async function buildBenchPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: PAGE_ROOT,
    configFile: false,
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** Serves the built page and, under /data/, each scale's matrix. */
export async function serveBenchPage(
  dir: string,
  data: Map<string, Buffer>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const blob = path.startsWith('/data/') ? data.get(path.slice('/data/'.length)) : undefined;
    if (blob) {
      res.writeHead(200, {
        'Content-Type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream',
      });
      return void res.end(blob);
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, {
      'Content-Type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export function matrixData(scales: readonly Scale[]): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  for (const scale of scales) {
    const { meta, binary } = benchMatrix(scale);
    const name = `${scale.agents}x${scale.rounds}`;
    data.set(`${name}.json`, Buffer.from(JSON.stringify(meta)));
    data.set(`${name}.bin`, binary);
  }
  return data;
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => 'earshotBench' in window);
  return page;
}

export interface HeatmapRun {
  canvasPaintMs: number | undefined;
  rechartsPaintMs: number | undefined;
}

export async function heatmapFigures(
  log: FigureLog,
  browser: Browser,
  pageUrl: string,
  scales: readonly Scale[],
  options: { repeats: number; inputs: number; rechartsBoundMs: number },
): Promise<void> {
  for (const scale of scales) {
    const name = `${scale.agents}x${scale.rounds}`;
    const label = scaleName(scale);
    const cells = (scale.agents * scale.rounds).toLocaleString('en');

    // Canvas: a fresh page per repeat, so each paint is a first paint.
    const paints: number[] = [];
    const cellPaints: number[] = [];
    let page: Page | undefined;
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      await page?.context().close();
      page = await openPage(browser, pageUrl);
      await page.evaluate((n) => (window as unknown as BenchWindow).earshotBench.load(n), name);
      const ms = await page.evaluate(() =>
        (window as unknown as BenchWindow).earshotBench.render('canvas', 10_000),
      );
      if (ms !== undefined) paints.push(ms);
      const canvasMs = Number(await page.locator('canvas').first().getAttribute('data-paint-ms'));
      if (Number.isFinite(canvasMs) && canvasMs > 0) cellPaints.push(canvasMs);
    }
    const canvasMs = median(paints);
    log.atMost(
      SECTION,
      `${label}: data ready → painted (canvas)`,
      canvasMs,
      'ms',
      scale.rounds === 2016 ? 120 : undefined,
      `median of ${paints.length} fresh pages; ${cells} cells of the simulator's test ${scale.testId}; painted = the end of the frame in which the canvas first has pixels (rAF poll)`,
    );

    log.atMost(
      SECTION,
      `${label}: of which the canvas paint`,
      median(cellPaints),
      'ms',
      undefined,
      "the heatmap's own data-paint-ms: canvas sizing, createImageData, paintHeatmap (classify is before it), putImageData",
    );

    // Hover and arrow keys on the last page.
    if (page) {
      await page.evaluate(() => (window as unknown as BenchWindow).earshotBench.armInputs());
      const box = await page.getByRole('img', { name: 'Loss heatmap' }).boundingBox();
      type Latency = { fromEventMs: number; fromHandlerMs: number };
      const hover: Latency[] = [];
      const keys: Latency[] = [];
      if (box) {
        for (let i = 0; i < options.inputs; i++) {
          // Sweep across rows and columns so every move lands on another cell.
          const x = box.x + 2 + ((i * 37) % Math.max(1, Math.floor(box.width - 4)));
          const y = box.y + 2 + ((i * 13) % Math.max(1, Math.floor(box.height - 4)));
          await page.mouse.move(x, y);
          const latency = await page.evaluate(() =>
            (window as unknown as BenchWindow).earshotBench.nextInputLatency(),
          );
          if (latency) hover.push(latency);
        }
        await page.mouse.move(box.x - 20, box.y - 20);
        await page.getByRole('img', { name: 'Loss heatmap' }).focus();
        for (let i = 0; i < options.inputs; i++) {
          await page.keyboard.press(
            ['ArrowLeft', 'ArrowDown', 'ArrowRight', 'ArrowUp'][i % 4] ?? 'ArrowLeft',
          );
          const latency = await page.evaluate(() =>
            (window as unknown as BenchWindow).earshotBench.nextInputLatency(),
          );
          if (latency) keys.push(latency);
        }
      }
      for (const [what, samples] of [
        ['hover', hover],
        ['arrow keys', keys],
      ] as const) {
        const handled = samples.map((sample) => sample.fromHandlerMs);
        const fromEvent = samples.map((sample) => sample.fromEventMs);
        const note = `${samples.length} of ${options.inputs} inputs changed the view; from the page's input listener to the end of the frame showing the change, measured in the page`;
        log.atMost(
          SECTION,
          `${label}: ${what} handled → next frame p50`,
          quantile(handled, 0.5),
          'ms',
          undefined,
          note,
        );
        log.atMost(
          SECTION,
          `${label}: ${what} handled → next frame p95`,
          quantile(handled, 0.95),
          'ms',
          16,
          note,
        );
        log.atMost(
          SECTION,
          `${label}: ${what} event timestamp → next frame p95`,
          quantile(fromEvent, 0.95),
          'ms',
          undefined,
          "from the event's timestamp: adds the wait before dispatch (Chromium delivers mouse moves at the next frame)",
        );
      }
      await page.context().close();
    }

    // The recharts comparison, one try, bounded.
    const rechartsPage = await openPage(browser, pageUrl);
    await rechartsPage.evaluate(
      (n) => (window as unknown as BenchWindow).earshotBench.load(n),
      name,
    );
    const bound = options.rechartsBoundMs;
    const outcome = await Promise.race([
      rechartsPage
        .evaluate(
          (b) => (window as unknown as BenchWindow).earshotBench.render('recharts', b),
          bound,
        )
        .catch(() => undefined),
      new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), bound + 2000)),
    ]);
    await rechartsPage
      .context()
      .close()
      .catch(() => {});
    const seconds = Math.round(bound / 1000);
    if (typeof outcome === 'number') {
      log.add({
        section: SECTION,
        name: `${label}: data ready → painted (recharts SVG, one <rect> per cell)`,
        value: outcome,
        unit: 'ms',
        note: `same data; ${canvasMs !== undefined ? `${(outcome / canvasMs).toFixed(0)}× Earshot's canvas` : 'no canvas figure to compare'}`,
      });
      if (canvasMs !== undefined) {
        log.add({
          section: SECTION,
          name: `${label}: recharts SVG ÷ Earshot canvas`,
          value: outcome / canvasMs,
          unit: '×',
        });
      }
    } else {
      log.notMeasured(
        SECTION,
        `${label}: data ready → painted (recharts SVG, one <rect> per cell)`,
        'ms',
        `did not finish in ${seconds} s (${cells} cells)`,
      );
      if (canvasMs !== undefined) {
        log.add({
          section: SECTION,
          name: `${label}: recharts SVG ÷ Earshot canvas`,
          value: bound / canvasMs,
          unit: '× (at least)',
          note: `lower bound: recharts did not finish in ${seconds} s`,
        });
      }
    }
  }
}
