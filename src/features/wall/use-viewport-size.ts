// The window's inner size, followed on resize: the wall lays itself out from it (an element's own
// size is src/hooks/use-measured-size.ts).
import { useEffect, useState } from 'react';

function readViewport() {
  if (typeof window === 'undefined') return { width: 1920, height: 1080 };
  return { width: window.innerWidth, height: window.innerHeight };
}

export function useViewportSize(): { width: number; height: number } {
  const [size, setSize] = useState(readViewport);
  useEffect(() => {
    const onResize = () =>
      setSize((old) => {
        const next = readViewport();
        return old.width === next.width && old.height === next.height ? old : next;
      });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}
