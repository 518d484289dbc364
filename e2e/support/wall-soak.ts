// Drives a wall left on for days, fast-forwarded: the page runs on Playwright's clock, and the
// simulator's clock is moved with it, so every cycle brings one new round upstream (as a real
// wall would see) rather than a page that drifts hours ahead of its data and goes stale. Used by
// the wall soak e2e test (e2e/wall-soak.spec.ts) and the benchmark (bench/app-figures.ts).
import type { CDPSession, Page } from '@playwright/test';

export interface WallMemory {
  heapBytes: number;
  nodes: number;
  jsEventListeners: number;
  documents: number;
}

export interface WallSoakOptions {
  /** The simulator's base URL (its `/_simulator/*` control needs EARSHOT_SIM_FAULTS=1). */
  simulatorUrl: string;
  /** The upstream path whose request count marks one refresh, e.g. `/v7/test-results/7002/rtp-server`. */
  refreshPath: string;
  /** One round of the refresh path's test. */
  roundMs: number;
}

export class WallSoak {
  private cdp: CDPSession | undefined;

  constructor(
    private readonly page: Page,
    private readonly options: WallSoakOptions,
  ) {}

  /** Sets both clocks to `startMs` (call before the page loads). */
  async install(startMs: number): Promise<void> {
    await this.setSimulatorClock(startMs);
    await this.page.clock.install({ time: startMs });
  }

  async setSimulatorClock(nowMs: number): Promise<void> {
    const response = await this.page.request.post(`${this.options.simulatorUrl}/_simulator/clock`, {
      data: { nowMs },
    });
    if (!response.ok()) throw new Error(`the simulator clock answered ${response.status()}`);
  }

  /** Upstream requests for the refresh path so far (the simulator's own log). */
  async upstreamRequests(): Promise<number> {
    const response = await this.page.request.get(
      `${this.options.simulatorUrl}/_simulator/requests`,
    );
    const body = (await response.json()) as { byPath: Record<string, number> };
    return body.byPath[this.options.refreshPath] ?? 0;
  }

  /**
   * One round: the simulator moves a round ahead, then the page's clock, firing every timer on
   * the way (the clock ticks each second; the refresh is a chain of timers that
   * `clock.fastForward` does not follow). Resolves once the refresh reached upstream.
   */
  async cycle(timeoutMs = 10_000): Promise<void> {
    const { roundMs } = this.options;
    const before = await this.upstreamRequests();
    const pageNow = await this.page.evaluate(() => Date.now());
    await this.setSimulatorClock(pageNow + roundMs);
    await this.page.clock.runFor(roundMs);
    const started = Date.now();
    for (let wait = 10; (await this.upstreamRequests()) <= before; wait = Math.min(wait * 2, 100)) {
      if (Date.now() - started > timeoutMs) {
        throw new Error(`no refresh reached upstream ${timeoutMs} ms after a round went by`);
      }
      await this.page.waitForTimeout(wait);
    }
  }

  /**
   * JS heap after garbage collection and the DOM counters, at a fixed phase: 5 s past a round
   * boundary on the page's clock (real time flows into the page's clock too), so the measures
   * compare the same moment of the rotation and the same second of the refresh cycle.
   */
  async measure(): Promise<WallMemory> {
    const { roundMs } = this.options;
    this.cdp ??= await this.page.context().newCDPSession(this.page);
    await this.cdp.send('HeapProfiler.enable');
    const pageNow = await this.page.evaluate(() => Date.now());
    await this.page.clock.runFor(roundMs - (pageNow % roundMs) + 5000);
    await this.page.waitForTimeout(500);
    for (let i = 0; i < 3; i++) await this.cdp.send('HeapProfiler.collectGarbage');
    const heap = (await this.cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const dom = (await this.cdp.send('Memory.getDOMCounters')) as {
      nodes: number;
      jsEventListeners: number;
      documents: number;
    };
    return { heapBytes: heap.usedSize, ...dom };
  }
}
