// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSeenOnce } from './use-seen-once.ts';

/** An IntersectionObserver the test drives: `show(true)` brings the element near the screen. */
function stubObserver() {
  const observers: { callback: IntersectionObserverCallback; disconnected: boolean }[] = [];
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      private readonly entry: { callback: IntersectionObserverCallback; disconnected: boolean };
      constructor(callback: IntersectionObserverCallback) {
        this.entry = { callback, disconnected: false };
        observers.push(this.entry);
      }
      observe() {}
      disconnect() {
        this.entry.disconnected = true;
      }
    },
  );
  return {
    show(isIntersecting: boolean) {
      for (const { callback, disconnected } of observers) {
        if (disconnected) continue;
        callback([{ isIntersecting } as IntersectionObserverEntry], {} as IntersectionObserver);
      }
    },
    live: () => observers.filter((observer) => !observer.disconnected).length,
  };
}

function Card() {
  const ref = useRef<HTMLDivElement>(null);
  const seen = useSeenOnce(ref);
  return <div ref={ref}>{seen ? 'chart' : 'placeholder'}</div>;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('useSeenOnce', () => {
  it('draws once the element comes near the screen, and keeps it drawn', () => {
    const observer = stubObserver();
    render(<Card />);
    expect(screen.getByText('placeholder')).toBeTruthy();
    act(() => observer.show(false));
    expect(screen.getByText('placeholder')).toBeTruthy();
    act(() => observer.show(true));
    expect(screen.getByText('chart')).toBeTruthy();
    // Seen: nothing observes it any more, so scrolling away never blanks it.
    expect(observer.live()).toBe(0);
  });

  it('draws at once where nothing can observe', () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    render(<Card />);
    expect(screen.getByText('chart')).toBeTruthy();
  });
});
