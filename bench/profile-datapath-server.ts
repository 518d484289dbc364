// Profiles the server's half of a cold load of a long window (issue 12): the Earshot server and
// its embedded simulator in this process, asked for what the browser asks for a cold 7-day window
// (the live edge, then the closed intervals newest first, three at a time), then the same again
// (a reload). Prints each request's time to first byte and total, and where the process's CPU
// went (V8's sampling profiler through node:inspector), by part: the simulator, the proxy's JSON
// work, the join, compression, the rest.
//
//   node --import tsx bench/profile-datapath-server.ts [agents=500] [testId=7001] [window=7d]
//
// Env: PROFILE_CPU=0 skips the CPU profile; PROFILE_OUT=file.cpuprofile keeps the raw profile
// (open it in Chrome's DevTools, Performance panel).
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { Session } from 'node:inspector/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUND_COLUMNS_MEDIA_TYPE } from '../common/result-rows/round-columns-bytes.ts';
import { startEarshotServer } from '../server/app.ts';
import { readConfig } from '../server/config.ts';
import { warmUpClosedIntervals } from '../server/proxy/closed-interval-warm-up.ts';
import { createDownloadSlots } from '../src/api/download-slots.ts';
import {
  chooseIntervalHours,
  planClosedIntervals,
  windowBounds,
  windowHead,
} from '../src/api/results-plan.ts';
import { resultsRangePath } from '../src/api/voice-results.ts';

const [agents = '500', testId = '7001', windowText = '7d'] = process.argv.slice(2);
process.env.EARSHOT_SIM_AGENTS = agents;
process.env.EARSHOT_SIM_RATE_LIMIT = '100000';
for (const name of ['TE_TOKEN', 'TE_EMAIL', 'TE_BASIC_TOKEN', 'EARSHOT_ACCESS_KEY']) {
  delete process.env[name];
}

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = readConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' }, rootDir);
const { server, url, app } = await startEarshotServer(config, {
  // As `npm start`: the cold load is profiled on a server that has warmed up, as any has.
  warmUp: () => warmUpClosedIntervals(config),
  // Only what went wrong: one line per API call would drown the figures.
  log: (line) => {
    if (/error|refused| [45]\d\d /.test(line)) console.error(line);
  },
});

interface Timed {
  label: string;
  startedMs: number;
  firstByteMs: number;
  doneMs: number;
  bytes: number;
}

/** One GET on a connection of its own (a reused keep-alive socket can race the server closing it). */
function timedGet(path: string, label: string, t0: number): Promise<Timed> {
  const startedMs = performance.now() - t0;
  return new Promise((resolveGet, reject) => {
    const request = get(
      `${url}${path}`,
      {
        agent: false,
        // As the browser asks: round columns for a closed interval, upstream's shape otherwise.
        headers: {
          'accept-encoding': 'br',
          accept: `${ROUND_COLUMNS_MEDIA_TYPE}, application/json;q=0.9`,
        },
      },
      (response) => {
        const firstByteMs = performance.now() - t0;
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('error', reject);
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`${path}: ${response.statusCode}`));
          else resolveGet({ label, startedMs, firstByteMs, doneMs: performance.now() - t0, bytes });
        });
      },
    );
    request.on('error', reject);
  });
}

const testInterval: Record<string, number> = { '7001': 300, '7002': 60, '7003': 120 };
const intervalSeconds = testInterval[testId] ?? 300;
const windowSeconds = Number(windowText.slice(0, -1)) * (windowText.endsWith('d') ? 86_400 : 3600);
const source = { apiVersion: 'v7' as const, aid: undefined, testId };

async function loadWindow(): Promise<Timed[]> {
  const t0 = performance.now();
  const nowMs = Date.now();
  const range = { kind: 'relative' as const, windowSeconds };
  const head = windowHead(range, nowMs, intervalSeconds);
  if (head.kind !== 'live') throw new Error('a relative window has a live head');
  const timings: Timed[] = [];
  const headAnswer = await timedGet(resultsRangePath(source, head.startMs), 'live edge', t0);
  timings.push(headAnswer);
  const sizeHours = chooseIntervalHours(intervalSeconds, Number(agents));
  const plan = planClosedIntervals(windowBounds(range, nowMs).startMs, head.startMs, sizeHours);
  const slots = createDownloadSlots(3);
  await Promise.all(
    plan.map((interval, index) =>
      slots.run(async () => {
        const hoursBack = Math.round((nowMs - interval.startMs) / 3_600_000);
        const answer = await timedGet(
          resultsRangePath(source, interval.startMs, interval.endMs),
          `#${index} (${hoursBack} h back)`,
          t0,
        );
        timings.push(answer);
      }),
    ),
  );
  return timings;
}

function report(title: string, timings: Timed[]): void {
  console.log(`\n${title}`);
  for (const t of timings) {
    console.log(
      `  ${t.label.padEnd(18)} start ${t.startedMs.toFixed(0).padStart(6)} ms  first byte +${(t.firstByteMs - t.startedMs).toFixed(0).padStart(5)} ms  total +${(t.doneMs - t.startedMs).toFixed(0).padStart(5)} ms  ${(t.bytes / 1e6).toFixed(2)} MB br`,
    );
  }
  const last = Math.max(...timings.map((t) => t.doneMs));
  console.log(`  all done at ${last.toFixed(0)} ms`);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time by part of the server, from the sampled stacks (a sample belongs to its innermost part). */
function summarise(profile: {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const partOf = (id: number): string => {
    const names: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame) names.push(`${frame.functionName}@${frame.url.split('/').slice(-2).join('/')}`);
    }
    const self = names[0] ?? '';
    const has = (pattern: RegExp) => names.some((name) => pattern.test(name));
    if (/^\(idle\)|^\(program\)|^\(garbage collector\)/.test(self)) return self.split('@')[0]!;
    if (has(/simulator\//)) {
      if (/^stringify@|JSON/.test(self)) return 'simulator: JSON.stringify';
      return 'simulator: rows';
    }
    if (has(/^joinPageTexts@/)) return 'join: the pages joined as bytes';
    if (has(/^intervalColumns@/)) {
      if (/^parse@|^parse$/.test(self)) return 'columns: JSON.parse of a chunk of rows';
      if (has(/^cutsBetweenRows@/)) return 'columns: the rows list cut into chunks';
      if (has(/^add@round-columns/)) return 'columns: encoded';
      if (has(/^writeRoundColumns@/)) return 'columns: written as bytes';
      if (has(/^readV7ResultRows@|^readV6MetricRows@/)) return 'columns: the rows read';
      return `columns: ${self}`;
    }
    if (has(/^storeInterval@|zlib/)) return 'compression (zlib, main-thread part)';
    if (has(/^shapeResultsPage@/) && !has(/^shapeAnswer@/)) {
      if (has(/^checkRows@/)) return 'interval page: the rows checked as bytes';
      if (has(/^scrubBytes@/)) return 'interval page: the rows scrubbed as bytes';
      if (has(/^shapeJson@/)) return 'interval page: the envelope parsed, rewritten, written';
      if (has(/^rowsAsBytes@/)) return `interval page: envelope and rows split ${self}`;
      return `interval page: ${self}`;
    }
    if (has(/^shapeAnswer@/)) {
      if (has(/^rewriteLinks@/)) return 'proxy: rewriteLinks';
      if (/^parse@|^parse$/.test(self)) return 'proxy: JSON.parse of each page';
      if (/^stringify@/.test(self)) return 'proxy: JSON.stringify of each page';
      if (/replace/.test(self) || has(/^scrub|scrub@/)) return 'proxy: scrub';
      return `proxy: shapeAnswer ${self}`;
    }
    if (/^parse@|^parse$/.test(self)) return 'JSON.parse (other)';
    if (/^stringify@/.test(self)) return 'JSON.stringify (other)';
    return `other: ${self}`;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const part = partOf(id);
    totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const busy = [...totals].filter(([part]) => part !== '(idle)').reduce((s, [, ms]) => s + ms, 0);
  console.log(`\nCPU of the server process (main thread), ${busy.toFixed(0)} ms busy:`);
  for (const [part, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${part}`);
  }
}

const session = new Session();
const profiling = process.env.PROFILE_CPU !== '0';
try {
  if (profiling) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
  }
  const cpuBefore = process.cpuUsage();
  report(`cold ${windowText} at ${agents} agents, test ${testId}`, await loadWindow());
  const cpu = process.cpuUsage(cpuBefore);
  console.log(
    `  the process's CPU (every thread): ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
  );
  const health = (await (await fetch(`${url}/healthz`)).json()) as {
    caches?: unknown;
    columns?: unknown;
  };
  console.log(`  /healthz caches: ${JSON.stringify(health.caches)}`);
  console.log(`  /healthz columns: ${JSON.stringify(health.columns)}`);
  if (profiling) {
    const { profile } = await session.post('Profiler.stop');
    if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    summarise(profile as unknown as Parameters<typeof summarise>[0]);
  }
  report('reload (every closed interval kept)', await loadWindow());
} finally {
  if (profiling) session.disconnect();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await app.close();
}
