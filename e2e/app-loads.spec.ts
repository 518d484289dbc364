import { expect, test } from '@playwright/test';

test('the app loads in Chromium and shows its heading', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Earshot' })).toBeVisible();
});

test('a deep link loads the app, not a 404', async ({ page }) => {
  const response = await page.goto('/tests/123?window=6h');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Earshot' })).toBeVisible();
});
