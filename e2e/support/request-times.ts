// When the page asked for what: each request's moment on the page's own clock (which a test may
// have installed and moves by hand), as the page makes it. The app sends its API requests through
// its request worker (src/api/json-transport.ts: a `{ type: 'get', url }` message to it), and
// from the page itself where it has no worker: both are watched.
import type { Page } from '@playwright/test';

export interface RequestFilter {
  /** Every one of these is in the URL. */
  includes: string[];
  /** None of these is. */
  excludes?: string[];
}

/** Starts recording (before the page loads); returns a reader of the times so far, in order. */
export async function recordRequestTimes(
  page: Page,
  filter: RequestFilter,
): Promise<() => Promise<number[]>> {
  await page.addInitScript(
    ({ includes, excludes }) => {
      const times: number[] = [];
      (window as unknown as { earshotRequestTimes: number[] }).earshotRequestTimes = times;
      const note = (url: string) => {
        if (
          includes.every((part) => url.includes(part)) &&
          !excludes.some((part) => url.includes(part))
        ) {
          times.push(Date.now());
        }
      };
      const pageFetch = window.fetch.bind(window);
      window.fetch = (input, init) => {
        note(String(input instanceof Request ? input.url : input));
        return pageFetch(input, init);
      };
      const post = Worker.prototype.postMessage as (this: Worker, ...args: unknown[]) => void;
      Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
        const message = args[0] as { type?: unknown; url?: unknown } | null;
        if (message?.type === 'get') note(String(message.url));
        post.apply(this, args);
      };
    },
    { includes: filter.includes, excludes: filter.excludes ?? [] },
  );
  return () =>
    page.evaluate(
      () => (window as unknown as { earshotRequestTimes: number[] }).earshotRequestTimes,
    );
}
