// Server figures, in-process on 127.0.0.1: what the proxy adds to a call against calling the
// upstream directly, how many upstream calls a burst of identical requests costs, and how fast
// the simulator makes rows.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TESTS, buildAgents, type VoiceTestSpec } from '../server/simulator/catalog.ts';
import { startSimulatorServer } from '../server/simulator/index.ts';
import { buildLinks, generateRows, roundsInRange } from '../server/simulator/results.ts';
import { median, quantile, type FigureLog } from './lib/figures.ts';

const SECTION = 'Server';
const PATH = '/v7/test-results/7001/rtp-server?window=1h';
const HOST_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'support/server-host.ts');

function timedGet(
  url: string,
  agent: Agent,
  headers: Record<string, string>,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `total` GETs of `url`, `concurrency` at a time; the latency of each, in ms. */
async function latencies(
  url: string,
  total: number,
  concurrency: number,
  headers: Record<string, string>,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      const { status, ms } = await timedGet(url, agent, headers);
      if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
      samples.push(ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return samples;
}

export interface ServerBenchOptions {
  concurrency: number;
  requests: number;
  burst: number;
}

interface Host {
  url: string;
  stop(): void;
}

/** Starts bench/support/server-host.ts in its own process. */
function startHost(role: 'upstream' | 'proxy', env: Record<string, string> = {}): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOST_SCRIPT, role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`${role} host exited with ${code}: ${output}`)));
  });
}

async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

export async function proxyFigures(log: FigureLog, options: ServerBenchOptions): Promise<void> {
  const upstream = await startHost('upstream');
  let proxy: Host | undefined;
  try {
    proxy = await startHost('proxy', { UPSTREAM_URL: upstream.url });
    const proxyUrl = proxy.url;
    const { requests } = options;
    const bodyKb = Math.round((await (await fetch(upstream.url + PATH)).text()).length / 1000);
    for (const concurrency of [1, options.concurrency]) {
      for (const encoding of ['identity', 'br'] as const) {
        if (concurrency === 1 && encoding === 'br') continue;
        const headers = { 'Accept-Encoding': encoding };
        // Warm both paths (JIT, sockets), then alternate rounds so drift hits both alike.
        await latencies(upstream.url + PATH, 200, concurrency, headers);
        await latencies(proxyUrl + '/api' + PATH, 200, concurrency, headers);
        const direct: number[] = [];
        const proxied: number[] = [];
        for (let round = 0; round < 4; round++) {
          direct.push(
            ...(await latencies(upstream.url + PATH, requests / 4, concurrency, headers)),
          );
          proxied.push(
            ...(await latencies(proxyUrl + '/api' + PATH, requests / 4, concurrency, headers)),
          );
        }
        const label = `concurrency ${concurrency}, ${encoding === 'identity' ? 'uncompressed' : 'brotli to the client'}`;
        const note = `${requests} GETs of a ${bodyKb} KB JSON body; load generator, proxy and fake upstream in 3 processes on 127.0.0.1; cache off (cacheTtlMs 0)`;
        for (const [name, q] of [
          ['p50', 0.5],
          ['p99', 0.99],
        ] as const) {
          const d = quantile(direct, q) ?? NaN;
          const p = quantile(proxied, q) ?? NaN;
          log.atMost(
            SECTION,
            `proxy added latency ${name} (${label})`,
            p - d,
            'ms',
            name === 'p50' ? 1 : undefined,
            `${note}; direct ${d.toFixed(2)} ms, through the proxy ${p.toFixed(2)} ms`,
          );
        }
      }
    }

    // Coalescing: a burst of identical requests while the upstream takes 100 ms to answer.
    await getJson(upstream.url + '/_delay/100');
    await getJson(upstream.url + '/_calls');
    const burstAgent = new Agent({ keepAlive: true, maxSockets: options.burst });
    const answers = await Promise.all(
      Array.from({ length: options.burst }, () =>
        timedGet(proxyUrl + '/api' + PATH, burstAgent, { 'Accept-Encoding': 'identity' }),
      ),
    );
    burstAgent.destroy();
    const ok = answers.filter((answer) => answer.status === 200).length;
    const { calls: upstreamCalls } = await getJson<{ calls: number }>(upstream.url + '/_calls');
    log.add({
      section: SECTION,
      name: `coalescing: ${options.burst} identical concurrent requests → upstream calls`,
      value: upstreamCalls,
      unit: 'calls',
      target: '1',
      met: upstreamCalls === 1,
      note: `${ok}/${options.burst} answered 200; ratio ${(options.burst / Math.max(1, upstreamCalls)).toFixed(0)}:1; upstream answers after 100 ms; cache off`,
    });
  } finally {
    proxy?.stop();
    upstream.stop();
  }
}

export async function simulatorFigures(log: FigureLog): Promise<void> {
  const test = TESTS.find((candidate) => candidate.testId === 7001) as VoiceTestSpec;
  const agents = buildAgents(500, false);
  const links = buildLinks(test, agents);
  const nowMs = Date.UTC(2026, 0, 15, 12, 0, 30);
  const span = roundsInRange(300, nowMs - 2016 * 300_000, nowMs, nowMs);
  if (!span) throw new Error('no rounds in the simulator span');
  const rates: number[] = [];
  let rowCount = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const { rows } = generateRows(test, agents, links, span);
    const seconds = (performance.now() - started) / 1000;
    rowCount = rows.length;
    rates.push(rows.length / seconds);
  }
  log.add({
    section: SECTION,
    name: 'simulator rows generated per second',
    value: median(rates),
    unit: 'rows/s',
    note: `median of 3 runs of 500 agents × 2,016 rounds (${rowCount.toLocaleString('en')} rows), typed columns, in-process`,
  });

  // Rows as JSON over HTTP, as the proxy would fetch them: every v7 page of a day of 500 agents.
  const simulator = await startSimulatorServer({
    agentsPerTest: 500,
    rateLimitPerMinute: 1_000_000,
    now: () => nowMs,
  });
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let url: string | undefined = `${simulator.url}/v7/test-results/7001/rtp-server?window=24h`;
    let served = 0;
    let pages = 0;
    const started = performance.now();
    while (url && pages < 1000) {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${simulator.token}` },
      });
      const body = (await response.json()) as {
        results?: unknown[];
        _links?: { next?: { href?: string } };
      };
      served += body.results?.length ?? 0;
      pages += 1;
      url = body._links?.next?.href;
    }
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    log.add({
      section: SECTION,
      name: 'simulator rows served per second (v7 JSON over HTTP)',
      value: served / seconds,
      unit: 'rows/s',
      note: `a day of 500 agents at 5 min: ${served.toLocaleString('en')} rows in ${pages} pages, ${seconds.toFixed(1)} s, fetched and parsed one page at a time`,
    });
  } finally {
    await simulator.close();
  }
}
