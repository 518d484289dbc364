// When a wall's first load is whole: its panels have a round, its window is on screen, and
// yesterday's window (asked for once today's is whole, for the "worse than yesterday" mark) is in.
import { expect, type Page } from '@playwright/test';

export async function waitForWallLoad(page: Page): Promise<void> {
  const panel = page.getByTestId('wall-panel');
  await expect(panel).not.toHaveAttribute('data-last-round', '', { timeout: 20_000 });
  await expect(page.getByTestId('results-progress')).toHaveCount(0, { timeout: 20_000 });
  await expect(panel).not.toHaveAttribute('data-yesterday', 'unknown', { timeout: 20_000 });
}
