// The device pixel ratio (browser zoom, a move to another screen), followed as it changes.
import { useSyncExternalStore } from 'react';

/**
 * A `(resolution: Ndppx)` query only reports leaving N: after each change the query is asked anew
 * for the new ratio, or every zoom step after the first would go unseen.
 */
function subscribeToPixelRatio(onChange: () => void): () => void {
  if (typeof window === 'undefined' || !window.matchMedia) return () => {};
  let query: MediaQueryList;
  const listen = () => {
    query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    query.addEventListener('change', onQueryChange);
  };
  const onQueryChange = () => {
    query.removeEventListener('change', onQueryChange);
    listen();
    onChange();
  };
  listen();
  return () => query.removeEventListener('change', onQueryChange);
}

export function usePixelRatio(): number {
  return useSyncExternalStore(
    subscribeToPixelRatio,
    () => window.devicePixelRatio || 1,
    () => 1,
  );
}
