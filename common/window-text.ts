// A window's length as ThousandEyes writes it (`6h`, `7d`): its own small module, so the test list
// (the first page) loads it without the rest of the time-window grammar.

/** Seconds per unit of ThousandEyes' `window` grammar (no unit: seconds). */
export const UNIT_SECONDS: Record<string, number> = {
  '': 1,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
};

/** The shortest exact spelling of a window: 3600 → "1h", 5400 → "90m", 7 → "7s". */
export function formatWindow(seconds: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit] ?? 1;
    if (seconds % size === 0 && seconds >= size) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
