// When shown data stops being trustworthy: DESIGN.md calls it stale once it is older than two test
// intervals (one missed round can be upstream processing; two is a problem worth saying out loud).

export const STALE_AFTER_INTERVALS = 2;

export function isStale(dataUpdatedAtMs: number, intervalSeconds: number, nowMs: number): boolean {
  if (dataUpdatedAtMs <= 0) return false;
  return nowMs - dataUpdatedAtMs > STALE_AFTER_INTERVALS * intervalSeconds * 1000;
}

/** "just now", "45 s ago", "3 min ago", "2 h 5 min ago": how old the data on screen is. */
export function describeAge(ageMs: number): string {
  const seconds = Math.max(0, Math.round(ageMs / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min ago`;
  return `${Math.floor(hours / 24)} d ago`;
}
