// The page-wide state a wall needs while it is open: the dark theme and its type size (from the
// layout), both restored when it closes.
import { useEffect } from 'react';
import { applyTheme } from '../theme/theme.ts';

/** Forces the dark theme while the wall is open, and its type size (from the layout); restores both. */
export function useWallDocument(remPx: number): void {
  useEffect(() => {
    const root = document.documentElement;
    const previousTheme = root.dataset.theme;
    root.classList.add('wall-mode');
    applyTheme('dark');
    return () => {
      root.classList.remove('wall-mode');
      if (previousTheme === undefined) applyTheme();
      else root.dataset.theme = previousTheme;
    };
  }, []);
  useEffect(() => {
    const root = document.documentElement;
    root.style.fontSize = `${remPx}px`;
    return () => {
      root.style.fontSize = '';
    };
  }, [remPx]);
}
