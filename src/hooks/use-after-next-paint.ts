// Deferring work that must not hold back the frame that shows its input.
import { useEffect, useState } from 'react';
import { clearTimer, setTimer, type TimerId } from '../lib/clock.ts';

/**
 * `value`, from a task after the next frame on (undefined before the first): for work that reads
 * it and must not hold back the frame that shows it.
 */
export function useAfterNextPaint<T>(value: T): T | undefined {
  const [shown, setShown] = useState<{ value: T } | undefined>(undefined);
  useEffect(() => {
    let frame: number | undefined;
    let timer: TimerId | undefined;
    const afterFrame = () => {
      timer = setTimer(() => setShown({ value }), 0);
    };
    if (typeof requestAnimationFrame === 'undefined') afterFrame();
    else frame = requestAnimationFrame(afterFrame);
    return () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimer(timer);
    };
  }, [value]);
  return shown?.value;
}
