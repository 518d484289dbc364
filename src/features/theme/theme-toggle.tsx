import { useTheme, type ThemeChoice } from './theme.ts';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'dark', dark: 'light', light: 'system' };
const LABEL: Record<ThemeChoice, string> = {
  system: 'Theme: system',
  dark: 'Theme: dark',
  light: 'Theme: light',
};

/** One button cycling system → dark → light; says what is in force. */
export function ThemeToggle() {
  const { choice, setChoice } = useTheme();
  return (
    <button type="button" onClick={() => setChoice(NEXT[choice])} title="Switch theme">
      {LABEL[choice]}
    </button>
  );
}
