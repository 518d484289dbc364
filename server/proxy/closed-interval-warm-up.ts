// Before a new server takes its first request, it reads a few closed intervals of made-up results
// through its own closed-interval path, so that the first person to open a long window after a
// start (or a deploy, when every wall screen reloads at once) does not wait for the process to
// warm up. A fresh process runs that path's code unoptimised at first, and its first large buffers
// come fresh from the system: measured on a cold week at 500 agents, the first three intervals
// took ~1.1 s on a fresh server and ~0.45 s on one that had read anything before, and its day of
// intervals cost 3.1 s of CPU against 1.6 s.
//
// The intervals come from a simulator of its own, on loopback, through a mount of their own (their
// own caches, budget and buffers), asked over HTTP as the browser asks: the proxy's pages, the
// walk, the join, the columns thread, the compression and the send all run. Nothing reaches
// ThousandEyes, the server's own caches, budget and embedded simulator are untouched (its rows are
// not counted in /healthz's `columns`), and nothing of it is left running. A warm-up that fails,
// or an interval not answered within 20 s, is only said in the log: the server still starts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { ROUND_COLUMNS_MEDIA_TYPE } from '../../common/result-rows/round-columns-bytes.ts';
import { timeRangeToUpstreamParams } from '../../common/time-window.ts';
import type { EarshotConfig } from '../config.ts';
import { startSimulatorServer } from '../simulator/index.ts';
import { columnsReadCounts, uncountColumnsReadsSince } from './closed-interval-columns.ts';
import { createEarshotMount, type EarshotMount } from './earshot-mount.ts';

/** The made-up test: one-minute rounds (the simulator's 7002), as many agents as a large test. */
const WARM_UP_TEST_ID = '7002';
const WARM_UP_AGENTS = 250;
/**
 * Closed intervals read, all at once as the browser asks for a window's first ones, each this long
 * (250 agents × 120 rounds: 30,000 rows, 6 pages).
 */
const WARM_UP_INTERVALS = 3;
const WARM_UP_INTERVAL_MS = 2 * 3_600_000;

/** How long each warm-up interval may take before the server gives up on it and listens. */
const WARM_UP_ANSWER_TIMEOUT_MS = 20_000;

export interface WarmUpReport {
  intervals: number;
  /** Rows read into round columns. */
  rows: number;
  bytes: number;
  ms: number;
}

/** The path of one closed range of the warm-up test's results, as the browser asks for it. */
export function warmUpIntervalPath(apiVersion: ApiVersion, startMs: number, endMs: number): string {
  const base =
    apiVersion === 'v7'
      ? `/api/v7/test-results/${WARM_UP_TEST_ID}/rtp-server`
      : `/api/v6/voice/rtp-stream/${WARM_UP_TEST_ID}.json`;
  const query = timeRangeToUpstreamParams(
    { kind: 'absolute', fromMs: startMs, toMs: endMs },
    apiVersion,
  )
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return `${base}?${query}`;
}

/**
 * Reads the warm-up intervals as round columns through a mount of their own; resolves with what
 * was read, or rejects with why not (the caller logs it and starts anyway).
 */
export async function warmUpClosedIntervals(
  config: EarshotConfig,
  nowMs: number = Date.now(),
): Promise<WarmUpReport> {
  const startedMs = performance.now();
  const readBefore = columnsReadCounts();
  const simulator = await startSimulatorServer({
    agentsPerTest: WARM_UP_AGENTS,
    rateLimitPerMinute: 1_000_000,
    now: () => nowMs,
  });
  let mount: EarshotMount | undefined;
  const server = createServer((req, res) => {
    if (!mount?.handle(req, res)) res.writeHead(404).end();
  });
  try {
    mount = await createEarshotMount(
      { ...config, credentials: undefined, accessKey: undefined, redisUrl: undefined },
      {
        buildId: () => 'warm-up',
        startSimulator: () => Promise.resolve(simulator),
        log: () => {},
        // The mount judges which ranges are closed by the same clock the simulator answers by.
        nowMs: () => nowMs,
      },
    );
    await new Promise<void>((listening, failed) => {
      server.once('error', failed);
      server.listen(0, '127.0.0.1', () => listening());
    });
    const { port } = server.address() as AddressInfo;
    // Whole hours, ended well before now: closed whatever the test's interval.
    const newestEndMs = Math.floor(nowMs / 3_600_000) * 3_600_000 - 3 * 3_600_000;
    let bytes = 0;
    await Promise.all(
      Array.from({ length: WARM_UP_INTERVALS }, async (_, i) => {
        const endMs = newestEndMs - i * WARM_UP_INTERVAL_MS;
        const path = warmUpIntervalPath(config.apiVersion, endMs - WARM_UP_INTERVAL_MS, endMs);
        const response = await fetch(`http://127.0.0.1:${port}${path}`, {
          headers: { accept: ROUND_COLUMNS_MEDIA_TYPE, 'accept-encoding': 'br, gzip' },
          signal: AbortSignal.timeout(WARM_UP_ANSWER_TIMEOUT_MS),
        });
        const body = await response.arrayBuffer();
        const type = response.headers.get('content-type') ?? '';
        if (response.status !== 200 || !type.startsWith(ROUND_COLUMNS_MEDIA_TYPE)) {
          throw new Error(`the warm-up interval answered ${response.status} ${type}`);
        }
        bytes += body.byteLength;
      }),
    );
    return {
      intervals: WARM_UP_INTERVALS,
      rows: columnsReadCounts().rows - readBefore.rows,
      bytes,
      ms: Math.round(performance.now() - startedMs),
    };
  } finally {
    uncountColumnsReadsSince(readBefore);
    server.closeAllConnections();
    if (server.listening) await new Promise<void>((closed) => server.close(() => closed()));
    // The mount closes the simulator it was given; without a mount, it is closed here.
    await (mount ? mount.close() : simulator.close());
  }
}
