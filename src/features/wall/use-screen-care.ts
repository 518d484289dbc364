// What keeps an untouched screen useful: the Screen Wake Lock (re-acquired whenever the page is
// visible again, since the browser drops it on hide), the idle state that hides the cursor and
// the fullscreen button, and fullscreen itself. Every listener is removed on leaving.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { clearTimer, now, setTimer, type TimerId } from '../../lib/clock.ts';

export type WakeLockState = 'held' | 'unavailable' | 'refused' | 'pending';

function screenWakeLock(): WakeLock | undefined {
  const wakeLock = typeof navigator !== 'undefined' ? navigator.wakeLock : undefined;
  // Absent outside secure contexts (plain http off localhost) and in older browsers.
  return wakeLock && typeof wakeLock.request === 'function' ? wakeLock : undefined;
}

/** A visible page asks again for a lock the browser dropped at most this often. */
export const WAKE_LOCK_RETRY_MS = 60_000;

/**
 * Whether a lock dropped while the page stays visible (a power-saving mode, say) is asked for
 * again now: at most once a minute, so a browser that grants and drops at once is not asked in a
 * loop.
 */
export function mayAskAgainForWakeLock(nowMs: number, lastRetryAtMs: number): boolean {
  return nowMs - lastRetryAtMs > WAKE_LOCK_RETRY_MS;
}

export function useWakeLock(): WakeLockState {
  const [state, setState] = useState<WakeLockState>(() =>
    screenWakeLock() ? 'pending' : 'unavailable',
  );
  useEffect(() => {
    const wakeLock = screenWakeLock();
    if (!wakeLock) return;
    let sentinel: WakeLockSentinel | undefined;
    let requesting = false;
    let lastRetryAt = -Infinity;
    let cancelled = false;
    const acquire = async () => {
      // One request at a time: a page shown again while a request is pending must not ask twice
      // (the first lock would be overwritten and never released).
      if (
        requesting ||
        document.visibilityState !== 'visible' ||
        (sentinel && !sentinel.released)
      ) {
        return;
      }
      requesting = true;
      try {
        const next = await wakeLock.request('screen');
        if (cancelled) {
          void next.release();
          return;
        }
        sentinel = next;
        setState('held');
        next.addEventListener('release', () => {
          if (cancelled) return;
          setState('pending');
          // Released while still visible (a power-saving mode, say): ask again now rather than
          // at the next hide and show, but at most once a minute, so a browser that grants and
          // drops at once is not asked in a loop. A browser that refuses leaves 'refused'.
          if (
            document.visibilityState === 'visible' &&
            mayAskAgainForWakeLock(now(), lastRetryAt)
          ) {
            lastRetryAt = now();
            void acquire();
          }
        });
      } catch {
        if (!cancelled) setState('refused');
      } finally {
        requesting = false;
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void acquire();
    };
    void acquire();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', onVisibility);
      if (sentinel && !sentinel.released) void sentinel.release();
    };
  }, []);
  return state;
}

/** True once nobody has moved the mouse, touched or typed for `idleMs`. */
export function useIdle(idleMs = 3000): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let timer: TimerId | undefined;
    const wake = () => {
      setIdle(false);
      clearTimer(timer);
      timer = setTimer(() => setIdle(true), idleMs);
    };
    const events = ['mousemove', 'mousedown', 'keydown', 'touchstart', 'wheel'] as const;
    events.forEach((name) => window.addEventListener(name, wake, { passive: true }));
    wake();
    return () => {
      events.forEach((name) => window.removeEventListener(name, wake));
      clearTimer(timer);
    };
  }, [idleMs]);
  return idle;
}

function subscribeFullscreen(onChange: () => void): () => void {
  document.addEventListener('fullscreenchange', onChange);
  return () => document.removeEventListener('fullscreenchange', onChange);
}

export function useFullscreen(): {
  supported: boolean;
  active: boolean;
  enter: () => void;
} {
  const active = useSyncExternalStore(
    subscribeFullscreen,
    () => document.fullscreenElement !== null,
    () => false,
  );
  const supported =
    typeof document !== 'undefined' &&
    document.fullscreenEnabled === true &&
    typeof document.documentElement.requestFullscreen === 'function';
  const enter = useCallback(() => {
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, []);
  return { supported, active, enter };
}
