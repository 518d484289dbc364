// Which test the rotating wall shows, from the clock alone: no timer of its own to leak, and
// every screen with the same URL shows the same test at the same moment.

export function rotationIndex(nowMs: number, rotateSeconds: number, count: number): number {
  if (count <= 0 || rotateSeconds <= 0) return 0;
  return Math.floor(nowMs / (rotateSeconds * 1000)) % count;
}

/** 0–1: how far through its turn the current test is. */
export function rotationProgress(nowMs: number, rotateSeconds: number): number {
  if (rotateSeconds <= 0) return 0;
  const periodMs = rotateSeconds * 1000;
  return (nowMs % periodMs) / periodMs;
}

/**
 * A few pixels of drift against burn-in: a new offset every `stepMs`, walking a small square so
 * static edges never sit on the same pixels for long. Pure, so every render agrees.
 */
export function pixelShift(
  nowMs: number,
  stepMs = 3 * 60_000,
  maxPx = 3,
): { x: number; y: number } {
  const side = maxPx * 2 + 1;
  const step = Math.floor(nowMs / stepMs) % (side * side);
  const row = Math.floor(step / side);
  const column = row % 2 === 0 ? step % side : side - 1 - (step % side);
  return { x: column - maxPx, y: row - maxPx };
}
