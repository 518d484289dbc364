// @vitest-environment jsdom
import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useMeasuredSize } from './use-measured-size.ts';

/** A ResizeObserver the test drives: `resize` reports a new content box to every observer. */
function fakeResizeObserver() {
  const observers = new Set<{ callback: ResizeObserverCallback; disconnected: boolean }>();
  class FakeResizeObserver {
    private readonly entry: { callback: ResizeObserverCallback; disconnected: boolean };
    constructor(callback: ResizeObserverCallback) {
      this.entry = { callback, disconnected: false };
    }
    observe() {
      observers.add(this.entry);
    }
    disconnect() {
      this.entry.disconnected = true;
      observers.delete(this.entry);
    }
  }
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
  return {
    resize(width: number, height: number) {
      for (const { callback } of observers) {
        callback([{ contentRect: { width, height } } as ResizeObserverEntry], {} as ResizeObserver);
      }
    },
    count: () => observers.size,
  };
}

function Probe({ skip }: { skip?: boolean }) {
  const { ref, width, height } = useMeasuredSize<HTMLDivElement>({ skip });
  return <div ref={ref} data-testid="probe">{`${width}×${height}`}</div>;
}

describe('useMeasuredSize', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('measures in the commit that mounts, then follows the observer in whole pixels', () => {
    const observer = fakeResizeObserver();
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(640.7);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(200);
    const view = render(<Probe />);
    expect(view.getByTestId('probe').textContent).toBe('640×200');
    act(() => observer.resize(800.9, 300.2));
    expect(view.getByTestId('probe').textContent).toBe('800×300');
    view.unmount();
    expect(observer.count()).toBe(0);
  });

  it('observes nothing when the caller has a fixed size', () => {
    const observer = fakeResizeObserver();
    const view = render(<Probe skip />);
    expect(observer.count()).toBe(0);
    expect(view.getByTestId('probe').textContent).toBe('0×0');
  });
});
