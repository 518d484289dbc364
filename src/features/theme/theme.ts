// Light and dark themes: follow the system unless the person chose one (remembered per browser).
import { useCallback, useSyncExternalStore } from 'react';
import { HEALTH_COLOURS } from '../../lib/health-colours.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

const STORAGE_KEY = 'earshot.theme';
const listeners = new Set<() => void>();

function readChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

function systemTheme(): ResolvedTheme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function resolve(choice: ThemeChoice): ResolvedTheme {
  return choice === 'system' ? systemTheme() : choice;
}

/**
 * Sets data-theme on <html>; call once before the first render and on every change. Also gives
 * the stylesheets the health colours of both themes from the one palette module, as
 * --health-<good|fair|poor>-<light|dark> (global.css maps them to --good, --warn and --bad per
 * data-theme), so a badge, a health word and a heatmap cell never disagree, whoever sets the
 * theme. Set through the CSSOM, which the Content-Security-Policy's style-src allows.
 */
export function applyTheme(forced?: ResolvedTheme): void {
  const root = document.documentElement;
  root.dataset.theme = forced ?? resolve(readChoice());
  for (const theme of ['light', 'dark'] as const) {
    for (const health of ['good', 'fair', 'poor'] as const) {
      root.style.setProperty(`--health-${health}-${theme}`, HEALTH_COLOURS[theme][health]);
    }
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  const onSystemChange = () => {
    applyTheme();
    listener();
  };
  media?.addEventListener('change', onSystemChange);
  return () => {
    listeners.delete(listener);
    media?.removeEventListener('change', onSystemChange);
  };
}

export function useTheme(): {
  choice: ThemeChoice;
  theme: ResolvedTheme;
  setChoice: (choice: ThemeChoice) => void;
} {
  const choice = useSyncExternalStore(subscribe, readChoice, () => 'system' as const);
  const theme = useSyncExternalStore(
    subscribe,
    () => resolve(readChoice()),
    () => 'light' as const,
  );
  const setChoice = useCallback((next: ThemeChoice) => {
    try {
      if (next === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage may be disabled; the choice then lasts for this page only
    }
    applyTheme(next === 'system' ? undefined : next);
    listeners.forEach((listener) => listener());
  }, []);
  return { choice, theme, setChoice };
}
