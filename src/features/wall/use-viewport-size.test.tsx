// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useViewportSize } from './use-viewport-size.ts';

describe('useViewportSize', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("is the window's inner size, and follows a resize", () => {
    vi.spyOn(window, 'innerWidth', 'get').mockReturnValue(1920);
    vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(1080);
    const { result } = renderHook(() => useViewportSize());
    expect(result.current).toEqual({ width: 1920, height: 1080 });
    vi.spyOn(window, 'innerWidth', 'get').mockReturnValue(3840);
    vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(2160);
    act(() => {
      window.dispatchEvent(new Event('resize'));
    });
    expect(result.current).toEqual({ width: 3840, height: 2160 });
  });
});
