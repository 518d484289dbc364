import { expect, type Page } from '@playwright/test';

/**
 * Waits for the wall's first load to finish: the live edge on screen (a last round), every
 * closed interval of the window after it (no "… loaded" progress), and then the same window a
 * day back that "worse than yesterday" compares with (asked for once today's is whole; its grade
 * known), so no request of the first load reaches upstream after this.
 */
export async function waitForWallLoad(page: Page): Promise<void> {
  const panel = page.getByTestId('wall-panel');
  await expect(panel).not.toHaveAttribute('data-last-round', '', { timeout: 20_000 });
  await expect(page.getByTestId('results-progress')).toHaveCount(0, { timeout: 20_000 });
  await expect(panel).not.toHaveAttribute('data-yesterday', 'unknown', { timeout: 20_000 });
}
