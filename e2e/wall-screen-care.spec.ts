// /wall keeps an untouched screen useful (use-screen-care.ts): it asks for a 'screen' wake lock
// on load and again each time the page is visible after the browser dropped the lock on hide (a
// fake navigator.wakeLock counts the requests; document.visibilityState is driven by hand); it
// says so on screen when there is no wake lock or the browser refuses one; its Full screen
// button puts the whole document in fullscreen (real fullscreen: headless Chromium does it) and
// is gone while fullscreen or idle, back after. Simulator data, no configuration.
import { expect, test, type Page } from '@playwright/test';

const UNAVAILABLE_HINT =
  'This browser cannot keep the screen awake here (Wake Lock needs https or localhost): set the display never to sleep.';
const REFUSED_HINT =
  'The browser refused to keep the screen awake: set the display never to sleep.';

/** What the fake wake lock and the visibility switch leave on `window` for the test to read. */
interface ScreenCareProbe {
  wakeLockLog: {
    /** The type of every wake lock request, in order. */
    requests: string[];
    /** Sentinels not yet released. */
    held: number;
    /** Sentinels the page released itself (the browser's releases on hide are not counted). */
    releasedByPage: number;
  };
  /** Sets document.visibilityState; on 'hidden' the "browser" first drops every held lock. */
  setVisibility: (state: 'visible' | 'hidden') => void;
  /** The "browser" drops every held lock while the page stays visible (a power-saving mode). */
  dropLocks: () => void;
}

/**
 * Replaces navigator.wakeLock with a fake whose sentinels behave like WakeLockSentinel
 * (`released`, `type`, `release()`, `onrelease` and 'release' listeners) and puts
 * document.visibilityState / document.hidden under the test's control. `refuse` makes every
 * request reject the way a browser does when it will not grant the lock.
 */
async function installFakeWakeLock(page: Page, { refuse = false } = {}) {
  await page.addInitScript(
    ({ refuse }) => {
      const log = { requests: [] as string[], held: 0, releasedByPage: 0 };
      const sentinels: FakeSentinel[] = [];

      class FakeSentinel extends EventTarget {
        released = false;
        onrelease: ((event: Event) => void) | null = null;
        constructor(readonly type: string) {
          super();
          log.held += 1;
        }
        drop() {
          if (this.released) return;
          this.released = true;
          log.held -= 1;
          const event = new Event('release');
          this.onrelease?.(event);
          this.dispatchEvent(event);
        }
        release(): Promise<void> {
          if (!this.released) log.releasedByPage += 1;
          this.drop();
          return Promise.resolve();
        }
      }

      const wakeLock = {
        request(type: string): Promise<FakeSentinel> {
          log.requests.push(type);
          if (refuse) {
            return Promise.reject(new DOMException('Wake lock refused', 'NotAllowedError'));
          }
          const sentinel = new FakeSentinel(type);
          sentinels.push(sentinel);
          return Promise.resolve(sentinel);
        },
      };
      Object.defineProperty(Navigator.prototype, 'wakeLock', {
        configurable: true,
        get: () => wakeLock,
      });

      let visibility: 'visible' | 'hidden' = 'visible';
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => visibility,
      });
      Object.defineProperty(document, 'hidden', {
        configurable: true,
        get: () => visibility === 'hidden',
      });

      const probe: ScreenCareProbe = {
        wakeLockLog: log,
        setVisibility(state) {
          visibility = state;
          // A real browser releases every screen wake lock of a page that is hidden.
          if (state === 'hidden') sentinels.forEach((sentinel) => sentinel.drop());
          document.dispatchEvent(new Event('visibilitychange'));
        },
        dropLocks() {
          sentinels.forEach((sentinel) => sentinel.drop());
        },
      };
      Object.assign(window, probe);
    },
    { refuse },
  );
}

async function wakeLockLog(page: Page): Promise<ScreenCareProbe['wakeLockLog']> {
  return page.evaluate(() => ({
    ...(window as unknown as ScreenCareProbe).wakeLockLog,
  }));
}

async function setVisibility(page: Page, state: 'visible' | 'hidden') {
  await page.evaluate((next) => (window as unknown as ScreenCareProbe).setVisibility(next), state);
}

/** The wall with its debug overlay on the fake wake lock, once the first lock is held. */
async function openWallHoldingLock(page: Page) {
  await installFakeWakeLock(page);
  await page.goto('/wall?rotate=0&debug=1');
  const debug = page.getByTestId('wall-debug');
  await expect(debug).toContainText('wake lock: held');
  return debug;
}

test('asks for a screen wake lock on load and again after the browser drops it on hide', async ({
  page,
}) => {
  const debug = await openWallHoldingLock(page);
  expect(await wakeLockLog(page)).toEqual({ requests: ['screen'], held: 1, releasedByPage: 0 });
  await expect(page.getByTestId('wake-lock-hint')).toHaveCount(0);

  // Visible again while the lock is still held (a focus change, say): no second lock.
  await setVisibility(page, 'visible');
  expect((await wakeLockLog(page)).requests).toEqual(['screen']);

  for (const round of [2, 3]) {
    // Hidden: the browser drops the lock and the wall does not ask while hidden.
    await setVisibility(page, 'hidden');
    await expect(debug).toContainText('wake lock: pending');
    expect(await wakeLockLog(page)).toEqual({
      requests: Array<string>(round - 1).fill('screen'),
      held: 0,
      releasedByPage: 0,
    });

    // Visible: a new 'screen' lock, held again (the wall listens to the new sentinel too).
    await setVisibility(page, 'visible');
    await expect(debug).toContainText('wake lock: held');
    expect(await wakeLockLog(page)).toEqual({
      requests: Array<string>(round).fill('screen'),
      held: 1,
      releasedByPage: 0,
    });
  }
  await expect(page.getByTestId('wake-lock-hint')).toHaveCount(0);

  // Leaving the wall (client-side, the page lives on) releases the lock it holds.
  await page.evaluate(() => {
    window.history.pushState(null, '', '/');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.getByTestId('wall')).toHaveCount(0);
  await expect.poll(async () => (await wakeLockLog(page)).releasedByPage).toBe(1);
  expect(await wakeLockLog(page)).toEqual({
    requests: ['screen', 'screen', 'screen'],
    held: 0,
    releasedByPage: 1,
  });
});

test('asks again at once when the browser drops the lock while the page stays visible', async ({
  page,
}) => {
  const debug = await openWallHoldingLock(page);

  await page.evaluate(() => (window as unknown as ScreenCareProbe).dropLocks());
  await expect.poll(async () => (await wakeLockLog(page)).requests).toEqual(['screen', 'screen']);
  await expect(debug).toContainText('wake lock: held');
  expect((await wakeLockLog(page)).held).toBe(1);
});

test('says the screen may sleep where there is no wake lock, and still shows the tests', async ({
  page,
}) => {
  // What plain http off localhost looks like: navigator has no wakeLock at all.
  await page.addInitScript(() => {
    Reflect.deleteProperty(Navigator.prototype, 'wakeLock');
  });
  await page.goto('/wall?rotate=0&debug=1');

  expect(await page.evaluate(() => 'wakeLock' in navigator)).toBe(false);
  await expect(page.getByTestId('wake-lock-hint')).toHaveText(UNAVAILABLE_HINT);
  await expect(page.getByTestId('wake-lock-hint')).toBeVisible();
  await expect(page.getByTestId('wall-debug')).toContainText('wake lock: unavailable');
  await expect(page.getByRole('heading', { name: 'Earshot', level: 1 })).toBeVisible();
  await expect(page.getByTestId('wall-panel')).toHaveCount(6);
  await expect(page.getByRole('img', { name: 'Loss heatmap' })).toHaveCount(6, {
    timeout: 20_000,
  });
});

test('says the screen may sleep when the browser refuses the wake lock', async ({ page }) => {
  await installFakeWakeLock(page, { refuse: true });
  await page.goto('/wall?rotate=0&debug=1');

  await expect(page.getByTestId('wake-lock-hint')).toHaveText(REFUSED_HINT);
  await expect(page.getByTestId('wake-lock-hint')).toBeVisible();
  await expect(page.getByTestId('wall-debug')).toContainText('wake lock: refused');
  expect((await wakeLockLog(page)).requests).toEqual(['screen']);
  await expect(page.getByTestId('wall-panel')).toHaveCount(6);
});

/** One snapshot of what decides whether the Full screen button shows. */
async function screenState(page: Page) {
  return page.evaluate(() => ({
    fullscreen: document.fullscreenElement === document.documentElement,
    idle: document.querySelector('[data-testid="wall"]')?.classList.contains('wall--idle'),
    button: Array.from(document.querySelectorAll('button')).some(
      (button) => button.textContent === 'Full screen',
    ),
  }));
}

/**
 * Opens the wall with its clock paused once the panels are in, so the 3 s idle timer runs only
 * when the test moves the clock: a loaded machine's own seconds never hide the button between a
 * mouse move and the step after it.
 */
async function openWallWithPausedClock(page: Page) {
  // The clock is installed one test timeout behind real time and paused at real time as the test
  // began. An installed clock runs at most as fast as real time, so it cannot have reached that
  // moment before the test times out: pauseAt is never refused, however loaded the machine.
  // (Paused only after loading: react-query delivers data through zero-delay timers.)
  const pauseAtMs = Date.now();
  await page.clock.install({ time: pauseAtMs - test.info().timeout });
  await page.goto('/wall?rotate=0');
  await expect(page.getByTestId('wall-panel')).toHaveCount(6);
  await page.clock.pauseAt(pauseAtMs);
}

test('the Full screen button puts the document in fullscreen and is gone until it leaves', async ({
  page,
}) => {
  // Records the element each requestFullscreen is called on, then lets Chromium do it.
  await page.addInitScript(() => {
    const targets: string[] = [];
    (window as unknown as { fullscreenTargets: string[] }).fullscreenTargets = targets;
    const original = Element.prototype.requestFullscreen;
    Element.prototype.requestFullscreen = function (this: Element, options?: FullscreenOptions) {
      targets.push(this === document.documentElement ? 'documentElement' : this.tagName);
      return original.call(this, options);
    };
  });
  await openWallWithPausedClock(page);
  const button = page.getByRole('button', { name: 'Full screen' });

  await page.mouse.move(200, 200);
  await expect(button).toBeVisible();
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();

  await button.click();
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { fullscreenTargets: string[] }).fullscreenTargets),
    )
    .toEqual(['documentElement']);
  // Fullscreen and not idle (the mouse just moved): the button is gone because of fullscreen.
  await page.mouse.move(220, 220);
  await expect
    .poll(() => screenState(page))
    .toEqual({ fullscreen: true, idle: false, button: false });
  await expect(button).toHaveCount(0);

  await page.evaluate(() => document.exitFullscreen());
  await page.mouse.move(240, 240);
  await expect
    .poll(() => screenState(page))
    .toEqual({ fullscreen: false, idle: false, button: true });
  await expect(button).toBeVisible();
});

test('an untouched wall hides the Full screen button and the cursor; a mouse move brings them back', async ({
  page,
}) => {
  await openWallWithPausedClock(page);
  const wall = page.getByTestId('wall');
  const button = page.getByRole('button', { name: 'Full screen' });

  await page.mouse.move(200, 200);
  await expect(button).toBeVisible();
  await expect(wall).not.toHaveClass(/wall--idle/);

  // Nobody touches it for 3 s.
  await page.clock.runFor(3100);
  await expect(wall).toHaveClass(/wall--idle/);
  await expect(button).toHaveCount(0);
  expect(await wall.evaluate((element) => getComputedStyle(element).cursor)).toBe('none');

  await page.mouse.move(260, 260);
  await expect(wall).not.toHaveClass(/wall--idle/);
  await expect(button).toBeVisible();
  expect(await wall.evaluate((element) => getComputedStyle(element).cursor)).not.toBe('none');
});
