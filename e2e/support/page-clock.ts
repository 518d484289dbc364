// Pausing a page's installed clock "about now". `clock.install()` leaves the clock running on
// real time, which it catches up with in leaps on a loaded machine; `clock.pauseAt` refuses a time
// the running clock has already passed. So: aim a little ahead, and on refusal read the clock
// again and aim further, a few times.
import type { Page } from '@playwright/test';

const MARGINS_MS = [2_000, 5_000, 15_000];

/** Pauses the page's clock shortly after now; returns the page time it paused at. */
export async function pauseClockSoon(page: Page): Promise<number> {
  let lastError: unknown;
  for (const marginMs of MARGINS_MS) {
    const at = (await page.evaluate(() => Date.now())) + marginMs;
    try {
      await page.clock.pauseAt(at);
      return at;
    } catch (error) {
      if (!String(error).includes('to the past')) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
