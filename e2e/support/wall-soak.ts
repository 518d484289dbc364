// Drives a wall left on for days, fast-forwarded: the page runs on Playwright's clock, and the
// simulator's clock is moved with it, so every cycle brings one new round upstream (as a real
// wall would see) rather than a page that drifts hours ahead of its data and goes stale. Used by
// the wall soak e2e test (e2e/wall-soak.spec.ts) and the benchmark (bench/app-figures.ts).
import type { CDPSession, Page } from '@playwright/test';
import { isLiveEdgeQuery } from './dashboard-data.ts';

/**
 * Where a soak's clocks start: one moment, 10 min 40 s past an hour, in the past. The page's clock
 * stays behind real time (which the Earshot server uses to decide what is closed) for the whole
 * soak, an hour closes at the same cycle every run, and every run sees the same rows. The
 * document's size follows the rows (how many agents a panel names, a cause, a mark): started at
 * whatever hour a run began, one run measured 17 more nodes in the document an hour later, near the
 * e2e soak's bound for a leak; pinned, every run measures the same document before and after.
 */
export const SOAK_START_MS = Date.parse('2026-11-21T12:10:40Z');

/** How far both clocks move at a time near the next refresh. */
const CYCLE_STEP_MS = 5_000;

/**
 * The simulator's control is asked on a fresh connection each time: on a loaded machine the gap
 * between two calls can pass Node's 5 s keep-alive timeout, and a request sent on a connection
 * the server is closing at that moment fails with ECONNRESET (seen on a 2-core machine at load 20).
 */
const NO_KEEP_ALIVE = { connection: 'close' };

export interface WallMemory {
  heapBytes: number;
  /**
   * Blink's count of every node it holds: the document's, and those outside it that it frees
   * lazily (it moved 1,591 → 1,546 and 1,512 → 1,591 over the same hour in two runs of the same
   * build), so it is a figure to print, not a leak measure.
   */
  nodes: number;
  /** Nodes in the document. */
  documentNodes: number;
  /** Nodes out of the document that JavaScript still holds (what a DOM leak is). */
  detachedNodes: number;
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
  /** The page's own live-edge requests for the refresh path, as Playwright reports them. */
  private pageRequests = 0;

  constructor(
    private readonly page: Page,
    private readonly options: WallSoakOptions,
  ) {
    const marker = `/api${options.refreshPath}`;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === marker && isLiveEdgeQuery(url.search)) this.pageRequests += 1;
    });
  }

  /**
   * Sets both clocks to `startMs` (call before the page loads). They run on with real time, so the
   * page can load (its timers fire); `leadMs` sets them that much earlier, for `standStill`.
   */
  async install(startMs: number, leadMs = 0): Promise<void> {
    await this.setSimulatorClock(startMs - leadMs);
    await this.page.clock.install({ time: startMs - leadMs });
  }

  /**
   * Stands the page's clock still at `startMs` (and the simulator's there), once the page has
   * loaded: from here on only `cycle` moves it, so the real time a loaded machine spends between
   * cycles never carries the page past a round it should have asked for. Installed with a lead
   * longer than the test may run, the page's clock cannot have passed `startMs` yet.
   */
  async standStill(startMs: number): Promise<void> {
    await this.setSimulatorClock(startMs);
    await this.page.clock.pauseAt(startMs);
  }

  async setSimulatorClock(nowMs: number): Promise<void> {
    const response = await this.page.request.post(`${this.options.simulatorUrl}/_simulator/clock`, {
      data: { nowMs },
      headers: NO_KEEP_ALIVE,
    });
    if (!response.ok()) throw new Error(`the simulator clock answered ${response.status()}`);
  }

  /** Upstream requests for the refresh path so far (the simulator's own log). */
  async upstreamRequests(): Promise<number> {
    const response = await this.page.request.get(
      `${this.options.simulatorUrl}/_simulator/requests`,
      { headers: NO_KEEP_ALIVE },
    );
    const body = (await response.json()) as { byPath: Record<string, number> };
    return body.byPath[this.options.refreshPath] ?? 0;
  }

  /**
   * One refresh cycle: both clocks move forward in steps (the page's with `clock.runFor`, firing
   * every timer on the way: the clock ticks each second, and the refresh is a chain of timers
   * that `clock.fastForward` does not follow) until the page's next refresh reaches upstream.
   * Stepping to the refresh rather than by a fixed round keeps the cycle one refresh however the
   * refresh moment drifts against the round (it is scheduled from the last fetch's end).
   */
  async cycle(timeoutMs = 10_000): Promise<void> {
    const { roundMs } = this.options;
    const before = await this.upstreamRequests();
    const asked = this.pageRequests;
    // The last refresh was just asked for, and the next comes about a round later: most of the
    // round in one go (no second refresh can fall in it), then small steps to the refresh.
    let step = Math.max(CYCLE_STEP_MS, roundMs - 2 * CYCLE_STEP_MS);
    for (
      let advancedMs = 0;
      this.pageRequests === asked;
      advancedMs += step, step = CYCLE_STEP_MS
    ) {
      if (advancedMs > 3 * roundMs) {
        throw new Error(`the page asked for no refresh in ${advancedMs / 1000} s on its clock`);
      }
      const pageNow = await this.page.evaluate(() => Date.now());
      await this.setSimulatorClock(pageNow + step);
      await this.page.clock.runFor(step);
      // Playwright reports the page's request a moment after the timer that made it.
      if (this.pageRequests === asked) await this.page.waitForTimeout(15);
    }
    // The wait for upstream starts once the page has asked: moving the clocks there takes real
    // time of its own (every timer on the way runs), a lot of it on a loaded machine, and must not
    // be counted against the server's answer.
    const askedAt = Date.now();
    for (let wait = 10; (await this.upstreamRequests()) <= before; wait = Math.min(wait * 2, 100)) {
      if (Date.now() - askedAt > timeoutMs) {
        throw new Error(`the page's refresh did not reach upstream in ${timeoutMs} ms`);
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
    const documentNodes = await this.page.evaluate(() => {
      const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
      let count = 1;
      while (walker.nextNode()) count++;
      return count;
    });
    await this.cdp.send('DOM.enable');
    const detached = (await this.cdp.send(
      'DOM.getDetachedDomNodes' as 'DOM.enable',
    )) as unknown as {
      detachedNodes: unknown[];
    };
    return {
      heapBytes: heap.usedSize,
      ...dom,
      documentNodes,
      detachedNodes: detached.detachedNodes.length,
    };
  }
}
