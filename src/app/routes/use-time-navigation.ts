// Time navigation on the test page: a drag on a heatmap or the MOS chart zooms to the rounds it
// covers, a double-click zooms out; each is a new range in the URL (a history entry).
import { useCallback } from 'react';
import { now } from '../../lib/clock.ts';
import type { TestPageUrl } from '../../hooks/use-url-state.ts';
import { zoomOut, zoomToSpan } from '../../features/time-window/time-navigation.ts';

export function useTimeNavigation(
  range: TestPageUrl['range'],
  setRange: TestPageUrl['setRange'],
  intervalSeconds: number,
) {
  const intervalMs = intervalSeconds * 1000;
  const zoomTo = useCallback(
    (startMs: number, endMs: number) => setRange(zoomToSpan(startMs, endMs, now(), intervalMs)),
    [setRange, intervalMs],
  );
  const zoomOutOnce = useCallback(() => {
    const next = zoomOut(range, now());
    if (next) setRange(next);
  }, [range, setRange]);
  return { zoomTo, zoomOutOnce };
}
