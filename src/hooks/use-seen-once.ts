// Whether an element has come near the viewport yet: charts below the fold are drawn once a person
// scrolls towards them, not with the page. A page of 24 per-agent MOS charts cost as much main
// thread as everything else on the dashboard together, on every load and every refresh, for
// charts nobody was looking at. Once seen, an element stays drawn (scrolling back never blanks it).
import { useEffect, useState, type RefObject } from 'react';

/** How far outside the viewport an element counts as near: about a screen of scrolling. */
const NEAR_MARGIN = '100% 0px';

export function useSeenOnce(ref: RefObject<Element | null>): boolean {
  // Where nothing can observe (a test environment, an old browser), everything is drawn at once.
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setSeen(true);
      },
      { rootMargin: NEAR_MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}
