import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { columnsReadCounts, prepareColumnsThread } from './closed-interval-columns.ts';
import { warmUpClosedIntervals, warmUpIntervalPath } from './closed-interval-warm-up.ts';
import { explicitResultsRange } from './closed-intervals.ts';
import { guardApiRequest } from './request-guard.ts';

const HOUR_MS = 3_600_000;
const NOW_MS = Date.UTC(2026, 10, 30, 12, 34, 56);

/**
 * Servers and sockets open now. A handle closed in this turn of the event loop leaves the list in
 * its close phase, which runs between the first immediate and the second.
 */
async function openNetworkHandles(): Promise<number> {
  for (let turn = 0; turn < 2; turn++) await new Promise((next) => setImmediate(next));
  return process.getActiveResourcesInfo().filter((name) => /^TCP/.test(name)).length;
}

describe('warmUpClosedIntervals', () => {
  for (const apiVersion of ['v7', 'v6'] as const) {
    it(`reads three made-up closed intervals as round columns (${apiVersion}), and leaves no server or socket open`, async () => {
      prepareColumnsThread();
      const config = readConfig(
        { HOST: '127.0.0.1', PORT: '0', TE_API_VERSION: apiVersion, TE_TOKEN: 'tok-never-used' },
        process.cwd(),
      );
      const handlesBefore = await openNetworkHandles();
      const readBefore = columnsReadCounts();

      const report = await warmUpClosedIntervals(config, NOW_MS);

      expect(report.intervals).toBe(3);
      // 250 agents × 120 one-minute rounds each, a few rows short where the simulator leaves gaps.
      expect(report.rows).toBeGreaterThan(3 * 250 * 120 * 0.9);
      expect(report.rows).toBeLessThanOrEqual(3 * 250 * 120);
      expect(report.bytes).toBeGreaterThan(0);
      // Made-up rows say nothing of how upstream's are read: /healthz's counts are as they were.
      expect(columnsReadCounts()).toEqual(readBefore);
      expect(await openNetworkHandles()).toBe(handlesBefore);
    });
  }

  it('asks for explicit closed ranges, as the browser asks for a closed interval', () => {
    const endMs = Date.UTC(2026, 10, 30, 9);
    for (const apiVersion of ['v7', 'v6'] as const) {
      const path = warmUpIntervalPath(apiVersion, endMs - 2 * HOUR_MS, endMs);
      const guarded = guardApiRequest('GET', path, apiVersion);
      if (!guarded.ok) throw new Error(`${path} refused`);
      expect(explicitResultsRange(guarded.request, apiVersion)).toEqual({
        startMs: endMs - 2 * HOUR_MS,
        endMs,
      });
    }
  });
});
