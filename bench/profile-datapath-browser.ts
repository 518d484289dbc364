// Profiles the browser's half of loading a long window (issue 12): the production server on a
// build, the simulator as upstream, and Chromium with CDP's sampling profiler on from navigation
// to the whole window on screen. Prints when each results answer arrived, when the first heatmap
// showed, and where the main thread's time went, by function and by part (JSON parse, the
// schemas, the adapters, the window's combination, the matrix, React, recharts, …).
//
//   npx vite build --outDir /tmp/earshot-dist --minify false   # names kept for the profile
//   node --import tsx bench/profile-datapath-browser.ts /tmp/earshot-dist reload|cold
//
// reload: 30 agents, /tests/7002?window=7d opened once, then profiled in a fresh context.
// cold: 500 agents, /tests/7001?window=7d, profiled from a cold server.
// reload500: 500 agents, /tests/7001?window=7d opened once, then profiled in a fresh context (the
// browser's whole share: every closed interval comes from the server's cache).
// PROFILE_UNTIL=first-heatmap: stop profiling when the first heatmap shows (what a reload waits for).
// PROFILE_WINDOW=1400-2000: the totals of that span only (ms from the start of the profile).
// PROFILE_TRACE_FILE=<path>: with PROFILE_TRACE=1, the trace is also written there (for DevTools).
// PROFILE_OUT=<path>: the JS profile is also written there (.cpuprofile, for DevTools).
// PROFILE_INCLUSIVE=1: also the components and hooks by inclusive time (which of them renders).
// PROFILE_TRACE=1: a Chromium trace instead of the JS profile, the main thread's time by trace
// event (self time: layout, style, paint, script, GC, body reads…), for what the JS profile calls
// "(program)".
import { writeFileSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.ts';
import { startApp } from './app-figures.ts';

const [distDir, scenario = 'reload'] = process.argv.slice(2);
if (!distDir) {
  throw new Error('Usage: profile-datapath-browser.ts <dist dir> [reload|cold|reload500]');
}
const cold = scenario === 'cold';
const manyAgents = cold || scenario === 'reload500';
const path = manyAgents ? '/tests/7001?window=7d' : '/tests/7002?window=7d';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function partOf(stack: string[]): string {
  const self = stack[0] ?? '';
  const has = (pattern: RegExp) => stack.some((frame) => pattern.test(frame));
  if (/^\((idle|program|garbage collector)\)/.test(self)) return self.split('@')[0]!;
  if (has(/recharts|^Mos|mos-chart/i)) return 'recharts / MOS chart';
  if (has(/paintHeatmap|classify|Heatmap/)) return 'heatmap (classify, paint, mount)';
  if (has(/buildRoundsMatrix|rounds-matrix/)) return 'buildRoundsMatrix';
  if (has(/combineWindow|useWindowResults/)) return 'combineWindow / useWindowResults';
  if (has(/readV7ResultRows|readV6MetricRows|adapt/)) return 'adapters';
  if (has(/parseBody|safeParse|_zod|zod/)) return 'zod validation';
  if (has(/joinResultRows|fetchResultsRange/)) return 'joinResultRows / range filter';
  if (/^json@|^parse@/.test(self) || has(/^json@/)) return 'JSON parse';
  if (has(/summar/i)) return 'summaries';
  if (has(/react-dom|performWorkOnRoot|renderRootSync|commitRoot/)) return 'React render/commit';
  return `other: ${self}`;
}

function summarise(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const stackOf = (id: number): string[] => {
    const names: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      // An anonymous function is named by its line (in an unminified build, a hook's effect).
      const line = frame?.functionName === '' ? `:${frame.lineNumber + 1}` : '';
      if (frame) names.push(`${frame.functionName}@${frame.url.split('/').pop() ?? ''}${line}`);
    }
    return names;
  };
  const parts = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  // Inclusive time of components and hooks (each counted once per sample, however deep).
  const inclusive = new Map<string, number>();
  const [fromMs = 0, toMs = Infinity] = (process.env.PROFILE_WINDOW ?? '').split('-').map(Number);
  let atMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    atMs += ms;
    if (atMs < fromMs || atMs > toMs) return;
    const stack = stackOf(id);
    const part = partOf(stack);
    parts.set(part, (parts.get(part) ?? 0) + ms);
    selfByFunction.set(stack[0] ?? '', (selfByFunction.get(stack[0] ?? '') ?? 0) + ms);
    for (const name of new Set(stack)) {
      if (/^([A-Z]|use[A-Z])[\w$]*@[-\w]+\.js$/.test(name)) {
        inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      }
    }
  });
  const print = (title: string, totals: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 22)) {
      console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
    }
  };
  print('Main thread by part:', parts);
  const bucketMs = Number(process.env.PROFILE_BUCKETS_MS);
  if (bucketMs > 0) printBuckets(profile, stackOf, bucketMs);
  print('Main thread, self time by function:', selfByFunction);
  if (process.env.PROFILE_INCLUSIVE === '1') {
    print('Main thread, components and hooks with all they call (inclusive):', inclusive);
  }
}

/**
 * PROFILE_BUCKETS_MS=100: the main thread over time, in buckets of that many ms from the start of
 * the profile (about the navigation): the three functions that took most of each bucket (self time,
 * with their caller), to see what the page is doing between two requests.
 */
function printBuckets(
  profile: { samples: number[]; timeDeltas: number[] },
  stackOf: (id: number) => string[],
  bucketMs: number,
): void {
  const buckets = new Map<number, Map<string, number>>();
  let atMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    atMs += ms;
    const bucket = Math.floor(atMs / bucketMs);
    const [self = '', caller = ''] = stackOf(id);
    const name = `${self} < ${caller}`;
    const totals = buckets.get(bucket) ?? new Map<string, number>();
    totals.set(name, (totals.get(name) ?? 0) + ms);
    buckets.set(bucket, totals);
  });
  console.log(`\nMain thread by ${bucketMs} ms, from the start of the profile:`);
  for (const [bucket, totals] of [...buckets].sort((a, b) => a[0] - b[0])) {
    const top = [...totals]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, ms]) => `${ms.toFixed(0)} ${name}`);
    console.log(`  ${String(bucket * bucketMs).padStart(6)}  ${top.join(' | ')}`);
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Self time of each trace event on the renderer's main thread, largest first. */
function summariseTrace(events: TraceEvent[]): void {
  // The page's renderer: of the main threads (one per renderer), the busiest.
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const busy = (thread: TraceEvent) =>
    events
      .filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X')
      .reduce((sum, e) => sum + (e.dur ?? 0), 0);
  const main = mains.sort((a, b) => busy(b) - busy(a))[0];
  if (!main) throw new Error('no CrRendererMain thread in the trace');
  const complete = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  for (const event of complete) {
    const end = event.ts + (event.dur ?? 0);
    while (stack.length && (stack[stack.length - 1] as { end: number }).end <= event.ts)
      stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - (event.dur ?? 0));
    self.set(event.name, (self.get(event.name) ?? 0) + (event.dur ?? 0));
    stack.push({ end, name: event.name });
  }
  console.log('\nMain thread by trace event (self time):');
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
}

async function waitWholeWindow(page: Page): Promise<void> {
  await page.getByRole('img', { name: 'Loss heatmap', exact: true }).waitFor({ timeout: 300_000 });
  await page.getByTestId('results-progress').waitFor({ state: 'detached', timeout: 300_000 });
}

const app = await startApp(distDir, { EARSHOT_SIM_AGENTS: manyAgents ? '500' : '30' });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const contextOptions = {
    viewport: { width: 1440, height: 1000 },
    timezoneId: 'UTC',
    locale: 'en-GB',
  };
  if (!cold) {
    const warm = await browser.newContext(contextOptions);
    const warmPage = await warm.newPage();
    await warmPage.goto(`${app.url}${path}`);
    await waitWholeWindow(warmPage);
    await warm.close();
  }
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const trace = process.env.PROFILE_TRACE === '1';
  const cdp = await context.newCDPSession(page);
  if (trace) {
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'v8', 'blink', 'loading', 'toplevel'],
    });
  } else {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const started = Date.now();
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.includes('rtp-server')) return;
    const timing = request.timing();
    const range = `${url.searchParams.get('startDate')?.slice(5, 16) ?? ''}…${url.searchParams.get('endDate')?.slice(5, 16) ?? 'now'}`;
    console.log(
      `  ${String(Date.now() - started).padStart(6)} ms  finished ${range}  (sent at +${(timing.startTime - started).toFixed(0)} ms, waited ${timing.responseStart.toFixed(0)} ms for the first byte)`,
    );
  });
  await page.goto(`${app.url}${path}`);
  await page.getByRole('img', { name: 'Loss heatmap', exact: true }).waitFor({ timeout: 300_000 });
  console.log(`  ${String(Date.now() - started).padStart(6)} ms  first heatmap visible`);
  const untilFirstHeatmap = process.env.PROFILE_UNTIL === 'first-heatmap';
  await page.waitForFunction(
    (skip) => {
      if (skip) return true;
      const text = document.querySelector('[data-testid="results-progress"]')?.textContent;
      return (text ? Number(/^([\d.]+) of/.exec(text)?.[1]) : 168) >= 24;
    },
    untilFirstHeatmap,
    { timeout: 300_000, polling: 50 },
  );
  if (!untilFirstHeatmap) {
    console.log(`  ${String(Date.now() - started).padStart(6)} ms  24 h on screen`);
    await waitWholeWindow(page);
    console.log(`  ${String(Date.now() - started).padStart(6)} ms  whole window on screen`);
  }
  if (trace) {
    const buffer = await browser.stopTracing();
    if (process.env.PROFILE_TRACE_FILE) writeFileSync(process.env.PROFILE_TRACE_FILE, buffer);
    summariseTrace(
      (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents,
    );
  } else {
    const { profile } = await cdp.send('Profiler.stop');
    if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    summarise(profile as unknown as Parameters<typeof summarise>[0]);
  }
  await context.close();
} finally {
  await browser.close();
  await app.stop();
}
