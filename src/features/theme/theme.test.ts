// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { HEALTH_COLOURS } from '../../lib/health-colours.ts';
import { applyTheme } from './theme.ts';

afterEach(() => {
  document.documentElement.removeAttribute('data-theme');
  document.documentElement.removeAttribute('style');
});

describe('applyTheme', () => {
  it('sets the theme and gives the stylesheets the palette module’s health colours', () => {
    applyTheme('dark');
    const root = document.documentElement;
    expect(root.dataset.theme).toBe('dark');
    // Both themes' colours, so whoever later switches data-theme finds the right ones.
    for (const theme of ['light', 'dark'] as const) {
      for (const health of ['good', 'fair', 'poor'] as const) {
        expect(root.style.getPropertyValue(`--health-${health}-${theme}`)).toBe(
          HEALTH_COLOURS[theme][health],
        );
      }
    }
    applyTheme('light');
    expect(root.dataset.theme).toBe('light');
  });
});
