// `npm run bench`: builds for production, measures size, load, heatmap, memory and server
// figures against the simulator, prints a table, writes bench-results/latest.json and the table
// into docs/performance.md. Every figure is measured in this run or reported as not measured.
//
// Env: BENCH_ONLY=size,server,speed,heatmap,load,wall,datapath,replicas (default all), BENCH_WALL_CYCLES (1000),
// BENCH_WALL_BUDGET_S (480, real time for the cycles), BENCH_RECHARTS_BOUND_S (15), BENCH_REPEATS (3).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.ts';
import { ROOT_DIR, buildWithManifest } from '../scripts/check-bundle-size.ts';
import { loadFigures, sizeFigures, wallFigures } from './app-figures.ts';
import { datapathFigures } from './datapath-figures.ts';
import { buildBenchPage, heatmapFigures, matrixData, serveBenchPage } from './browser-figures.ts';
import { FigureLog, markdownTable, textTable } from './lib/figures.ts';
import { describeMachine, type Machine } from './lib/machine.ts';
import { SCALES } from './matrix-data.ts';
import { replicaFigures } from './replica-figures.ts';
import { proxyFigures, simulatorFigures } from './server-figures.ts';

const env = process.env;
const ALL_PARTS = 'size,server,speed,heatmap,load,wall,datapath,replicas';
const only = new Set((env.BENCH_ONLY ?? ALL_PARTS).split(','));
const wallCycles = Number(env.BENCH_WALL_CYCLES ?? 1000);
const wallBudgetMs = Number(env.BENCH_WALL_BUDGET_S ?? 480) * 1000;
const rechartsBoundMs = Number(env.BENCH_RECHARTS_BOUND_S ?? 15) * 1000;
const repeats = Number(env.BENCH_REPEATS ?? 3);

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Strip terminal colours (Vite/rolldown errors carry them).
  return (
    text
      .replace(ANSI_COLOUR, '')
      .split('\n')
      .find((line) => line.trim()) ?? text
  )
    .trim()
    .slice(0, 300);
}

async function section(name: string, run: () => Promise<void>): Promise<void> {
  const started = performance.now();
  console.log(`\n▶ ${name}`);
  try {
    await run();
  } catch (error) {
    console.error(`  ${name} stopped: ${firstLine(error)}`);
    throw error;
  } finally {
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

/**
 * The speed files print their figures as they run (Vitest, with its own config so the unit suite
 * never runs them). A file that fails stops the bench like any other section.
 */
async function runSpeedFiles(): Promise<void> {
  const vitest = spawnSync(
    process.execPath,
    [
      join(ROOT_DIR, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      join(ROOT_DIR, 'bench', 'speed', 'vitest.config.ts'),
    ],
    { cwd: ROOT_DIR, stdio: 'inherit' },
  );
  if (vitest.status !== 0) {
    throw new Error(`the speed files failed (vitest exit ${vitest.status ?? vitest.signal})`);
  }
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  const log = new FigureLog();
  const workDir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  const appDist = join(workDir, 'app');
  const pageDist = join(workDir, 'page');
  let browser: Browser | undefined;
  let appBuilt: string | undefined;
  try {
    const wantsApp =
      only.has('size') || only.has('load') || only.has('wall') || only.has('datapath');
    if (wantsApp) {
      await section('production build (vite build --manifest)', async () => {
        try {
          await buildWithManifest(appDist);
          appBuilt = 'ok';
        } catch (error) {
          appBuilt = `the production build failed: ${firstLine(error)}`;
          console.error(`  ${appBuilt}`);
        }
      });
    }
    const appProblem = appBuilt === 'ok' ? undefined : appBuilt;

    if (only.has('size')) {
      await section('size', async () => {
        if (appProblem) {
          for (const route of ['/', '/tests/:testId', '/wall']) {
            log.notMeasured('Size', `JS before first paint, ${route} (gzip)`, 'KB', appProblem);
          }
        } else sizeFigures(log, appDist);
      });
    }

    if (only.has('server')) {
      await section('server', async () => {
        await proxyFigures(log, { concurrency: 8, requests: 2000, burst: 50 }).catch((error) =>
          log.notMeasured('Server', 'proxy added latency', 'ms', firstLine(error)),
        );
        await simulatorFigures(log).catch((error) =>
          log.notMeasured('Server', 'simulator rows per second', 'rows/s', firstLine(error)),
        );
      });
    }

    if (only.has('speed')) {
      await section(
        'speed (bench/speed/*.speed.test.ts: simulator rows, results page parsing)',
        () => runSpeedFiles(),
      );
    }

    if (only.has('replicas')) {
      await section('replicas (1 and 3 servers, 30 screens)', async () => {
        await replicaFigures(log).catch((error) =>
          log.notMeasured(
            'Replicas',
            'upstream results calls per round',
            'calls',
            firstLine(error),
          ),
        );
      });
    }

    const needsBrowser =
      only.has('heatmap') || only.has('load') || only.has('wall') || only.has('datapath');
    if (needsBrowser) browser = await chromium.launch(chromiumLaunchOptions());

    if (only.has('heatmap') && browser) {
      const b = browser;
      await section('heatmap (bench page: Earshot canvas vs recharts SVG)', async () => {
        await buildBenchPage(pageDist);
        const server = await serveBenchPage(pageDist, matrixData(SCALES));
        try {
          await heatmapFigures(log, b, server.url, SCALES, {
            repeats,
            inputs: 30,
            rechartsBoundMs,
          });
        } finally {
          await server.close();
        }
      });
    }

    if (only.has('load') && browser) {
      const b = browser;
      await section('load (/tests/:testId on the production build)', async () => {
        if (appProblem) {
          for (const scale of SCALES) {
            log.notMeasured(
              'Load',
              `${scale.agents}×${scale.rounds}: navigation → first heatmap painted`,
              'ms',
              appProblem,
            );
          }
        } else await loadFigures(log, b, appDist, SCALES, repeats);
      });
    }

    if (only.has('wall') && browser) {
      const b = browser;
      await section(`memory (/wall, ${wallCycles} refresh cycles)`, async () => {
        if (appProblem) {
          log.notMeasured('Memory', '/wall heap and DOM over refresh cycles', 'MB', appProblem);
          return;
        }
        await wallFigures(log, b, appDist, wallCycles, wallBudgetMs).catch((error) =>
          log.notMeasured(
            'Memory',
            '/wall heap and DOM over refresh cycles',
            'MB',
            firstLine(error),
          ),
        );
      });
    }

    if (only.has('datapath') && browser) {
      const b = browser;
      await section('data path (upstream calls per round, reload, cold week)', async () => {
        if (appProblem) {
          log.notMeasured('Data path', 'upstream results calls per round', 'calls', appProblem);
          return;
        }
        await datapathFigures(log, b, appDist).catch((error) =>
          log.notMeasured('Data path', 'the data path figures', '', firstLine(error)),
        );
      });
    }

    const machine = describeMachine(browser?.version());
    const seconds = (performance.now() - runStarted) / 1000;
    await report(log, machine, seconds);
  } finally {
    await browser?.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function machineLine(machine: Machine): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}; Node ${machine.node}; Chromium ${machine.chromium ?? 'not launched'}; load average ${machine.loadAverageAtStart} at the start`;
}

async function report(log: FigureLog, machine: Machine, seconds: number): Promise<void> {
  const when = new Date().toISOString();
  console.log(`\n${textTable(log.figures)}\n`);
  console.log(`Machine: ${machineLine(machine)}`);
  console.log(`Bench took ${seconds.toFixed(0)} s.`);

  const resultsDir = resolve(ROOT_DIR, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'latest.json'),
    JSON.stringify({ when, seconds, only: [...only], machine, figures: log.figures }, null, 2) +
      '\n',
  );

  if (only.size < ALL_PARTS.split(',').length) {
    // A partial run would replace the whole table with a few rows: the docs keep the last full run.
    console.log(
      `Wrote bench-results/latest.json (a partial run: docs/performance.md left as it is)`,
    );
    return;
  }
  const docPath = resolve(ROOT_DIR, 'docs/performance.md');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const generated = [
    begin,
    `Measured ${when} by \`npm run bench\` (${seconds.toFixed(0)} s).`,
    '',
    `Machine: ${machineLine(machine)}.`,
    '',
    markdownTable(log.figures),
    end,
  ].join('\n');
  let doc: string;
  try {
    doc = readFileSync(docPath, 'utf8');
  } catch {
    doc = `# Performance\n\n${begin}\n${end}\n`;
  }
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  doc =
    from >= 0 && to > from
      ? doc.slice(0, from) + generated + doc.slice(to + end.length)
      : `${doc.trimEnd()}\n\n${generated}\n`;
  // Formatted as `npm run lint` (prettier --check) expects.
  const prettier = await import('prettier');
  const prettierOptions = (await prettier.resolveConfig(docPath)) ?? {};
  writeFileSync(docPath, await prettier.format(doc, { ...prettierOptions, parser: 'markdown' }));
  console.log(`Wrote bench-results/latest.json and docs/performance.md`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
