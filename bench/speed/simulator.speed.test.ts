// Prints how fast the simulator produces the benchmark's 500 agents × 2,016 rounds (a week at
// 300 s). The figure is reported, never asserted: the machine is shared.
import { describe, expect, it } from 'vitest';
import { TESTS, buildAgents, type VoiceTestSpec } from '../../server/simulator/catalog.ts';
import { buildLinks, generateRows, roundsInRange } from '../../server/simulator/results.ts';
import { get, startTestSimulator } from '../../server/simulator/test-support.ts';

describe('speed', () => {
  it('produces 500 agents × 2,016 rounds of rows (figure printed)', () => {
    const test = TESTS.find((candidate) => candidate.testId === 7001) as VoiceTestSpec;
    const agents = buildAgents(500, false);
    const nowMs = Date.UTC(2026, 0, 15, 12, 0, 30);
    const span = roundsInRange(300, nowMs - 2016 * 300_000, nowMs, nowMs);
    if (!span) throw new Error('no rounds');
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { rows } = generateRows(test, agents, buildLinks(test, agents), span);
    const cpu = process.cpuUsage(cpuBefore);
    const elapsedMs = performance.now() - started;
    const rounds = (span.lastRoundId - span.firstRoundId) / 300 + 1;
    console.log(
      `simulator speed: ${rows.length.toLocaleString('en')} rows (500 agents × ${rounds} rounds, ` +
        `${(500 * rounds - rows.length).toLocaleString('en')} missing by design) in ${elapsedMs.toFixed(0)} ms ` +
        `(${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, the machine being shared)`,
    );
    expect(rounds).toBe(2016);
    expect(rows.length).toBeGreaterThan(500 * 2016 * 0.98);
    expect(rows.rowAt(rows.length - 1).roundId).toBe(span.lastRoundId);
    expect(rows.length).toBeLessThanOrEqual(500 * 2016);
  });

  it('serves a default-size v7 page over HTTP (figure printed)', async () => {
    const sim = await startTestSimulator({ agentsPerTest: 500, pageSize: 5000 });
    try {
      const started = performance.now();
      const response = await get(sim, '/v7/test-results/7001/rtp-server?window=7d');
      const text = await response.text();
      const elapsedMs = performance.now() - started;
      const body = JSON.parse(text) as { results: unknown[]; _links: { next?: unknown } };
      console.log(
        `simulator speed: one v7 page of ${body.results.length} rows, ` +
          `${(text.length / 1e6).toFixed(1)} MB, in ${elapsedMs.toFixed(0)} ms`,
      );
      expect(body.results.length).toBe(5000);
      expect(body._links.next).toBeDefined();
    } finally {
      await sim.close();
    }
  });
});
