// The shared crosshair: the time a person is pointing at on one view, read by every other view of
// the same page. A tiny external store, so a mouse move redraws an overlay line in each view and
// re-renders nothing else (a heatmap's cells are never repainted for it).

export interface Crosshair {
  /** The start of the round pointed at, epoch ms. */
  timeMs: number;
  /** Which view it comes from (that view shows the readout beside the pointer). */
  source: string;
}

export interface CrosshairStore {
  get(): Crosshair | undefined;
  set(value: Crosshair | undefined): void;
  subscribe(listener: () => void): () => void;
}

export function createCrosshairStore(): CrosshairStore {
  let current: Crosshair | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(value) {
      if (value?.timeMs === current?.timeMs && value?.source === current?.source) return;
      current = value;
      listeners.forEach((notify) => notify());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
