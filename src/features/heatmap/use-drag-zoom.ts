// Drag across the heatmap's cells to zoom: the drag is followed on the window, so one that leaves
// the cells still ends (and selects up to their edge); the click that ends a drag is not a click.
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { setTimer } from '../../lib/clock.ts';
import type { RoundsMatrix } from '../../lib/model.ts';
import { isDrag, roundsBetweenPixels, timeSpanOfRounds } from './time-selection.ts';

interface Drag {
  /** The cells' left edge in client px, and the drag's start and end from it. */
  left: number;
  x0: number;
  x1: number;
}

export interface DragZoomOptions {
  /** CSS width of the cells. */
  width: number;
  roundIds: RoundsMatrix['roundIds'];
  intervalSeconds: number;
  onZoom: ((startMs: number, endMs: number) => void) | undefined;
}

export function useDragZoom({ width, roundIds, intervalSeconds, onZoom }: DragZoomOptions) {
  // The ref is what the window's handlers read; the state is what is drawn.
  const [drag, setDrag] = useState<Drag | undefined>();
  const dragRef = useRef<Drag | undefined>(undefined);
  const dragEnded = useRef(false);
  const dragging = drag !== undefined;
  useEffect(() => {
    if (!dragging) return;
    const onMove = (event: globalThis.MouseEvent) => {
      const current = dragRef.current;
      if (!current) return;
      dragRef.current = { ...current, x1: event.clientX - current.left };
      setDrag(dragRef.current);
    };
    const onUp = (event: globalThis.MouseEvent) => {
      const current = dragRef.current;
      dragRef.current = undefined;
      setDrag(undefined);
      if (!current) return;
      const x1 = event.clientX - current.left;
      if (!isDrag(current.x0, x1)) return;
      dragEnded.current = true;
      // The click comes right after this mouseup; when it never does (the drag ended off the
      // cells), the flag must not swallow the next real click.
      setTimer(() => (dragEnded.current = false), 0);
      const span = roundsBetweenPixels(current.x0, x1, width, roundIds.length);
      const time = timeSpanOfRounds(roundIds, intervalSeconds, span);
      if (time) onZoom?.(time.startMs, time.endMs);
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
    return () => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
    };
  }, [dragging, width, roundIds, intervalSeconds, onZoom]);

  const onMouseDown = (event: MouseEvent<HTMLDivElement>) => {
    if (!onZoom || event.button !== 0 || roundIds.length === 0) return;
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    dragRef.current = { left: box.left, x0: x, x1: x };
    setDrag(dragRef.current);
  };
  /** True (once) for the click that ends a drag: the zoom, not a round to open. */
  const isClickEndingDrag = () => {
    if (!dragEnded.current) return false;
    dragEnded.current = false;
    return true;
  };
  const dragSpan =
    drag && isDrag(drag.x0, drag.x1)
      ? roundsBetweenPixels(drag.x0, drag.x1, width, roundIds.length)
      : undefined;
  return { dragSpan, onMouseDown, isClickEndingDrag };
}
