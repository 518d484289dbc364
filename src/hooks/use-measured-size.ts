// The one size hook of the app: an element's content-box size, followed with a ResizeObserver.
import { useLayoutEffect, useRef, useState } from 'react';

export interface MeasuredSize {
  width: number;
  height: number;
}

/**
 * The element's content width and height in whole CSS px, 0 until measured. The first measure is
 * taken in a layout effect, so what is drawn from it (a canvas) appears in the frame that mounts
 * the element rather than one frame later, when the observer first reports. `skip`: the caller
 * has a fixed size and nothing is observed.
 */
export function useMeasuredSize<T extends HTMLElement>({ skip = false }: { skip?: boolean } = {}) {
  const ref = useRef<T>(null);
  const [size, setSize] = useState<MeasuredSize>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (skip || !element || typeof ResizeObserver === 'undefined') return;
    const update = (width: number, height: number) => {
      const next = { width: Math.floor(width), height: Math.floor(height) };
      setSize((old) => (old.width === next.width && old.height === next.height ? old : next));
    };
    update(element.clientWidth, element.clientHeight);
    const observer = new ResizeObserver(([entry]) => {
      const box = entry?.contentRect;
      if (box) update(box.width, box.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [skip]);
  return { ref, ...size };
}
