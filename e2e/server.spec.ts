// The production server as a person and an operator meet it: the page runs under the strict
// Content-Security-Policy, the access key lets a wall screen in once, SIGTERM stops it cleanly.
import { expect, test, type Page } from '@playwright/test';
import { startEarshot, type RunningEarshot } from './support/earshot-server.ts';

function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test('the app runs under the Content-Security-Policy with no violation', async ({ page }) => {
  const violations = collectCspViolations(page);
  const response = await page.goto('/tests/7001?window=1h');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('heading', { level: 1, name: 'Earshot' })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Earshot' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(violations).toEqual([]);
});

test.describe('with an access key', () => {
  let earshot: RunningEarshot;
  test.beforeAll(async () => {
    earshot = await startEarshot({ EARSHOT_ACCESS_KEY: 'e2e-wall-key-0123456789' });
  });
  test.afterAll(async () => {
    await earshot.stop();
  });

  test('a screen without the key is told how to get in', async ({ page }) => {
    const response = await page.goto(`${earshot.url}/wall`);
    expect(response?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'Access key needed' })).toBeVisible();
    await expect(page.getByText('?key=', { exact: false }).first()).toBeVisible();
  });

  test('?key= once gets the screen in, and the key leaves the address bar', async ({ page }) => {
    const response = await page.goto(
      `${earshot.url}/tests/7001?key=e2e-wall-key-0123456789&window=1h`,
    );
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).search).toBe('?window=1h');
    await expect(page.getByRole('heading', { level: 1, name: 'Earshot' })).toBeVisible();
    const config = await page.evaluate(async () => (await fetch('/api/earshot/config')).status);
    expect(config).toBe(200);
  });
});

test('prints the simulator line, answers /healthz, and stops cleanly on SIGTERM', async () => {
  const earshot = await startEarshot();
  try {
    expect(earshot.output()).toMatch(/simulator: http:\/\/127\.0\.0\.1:\d+/);
    const health = await fetch(`${earshot.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'simulator' });
  } finally {
    await earshot.stop();
  }
  expect(earshot.output()).toContain('SIGTERM received, closing');
});

test('one malformed request target never ends the process: /healthz still answers', async () => {
  const earshot = await startEarshot({ EARSHOT_ACCESS_KEY: 'e2e-wall-key-0123456789' });
  try {
    const { request } = await import('node:http');
    const target = new URL(earshot.url);
    for (const path of ['http://[::1/', 'http://%/']) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: target.hostname, port: target.port, path, agent: false },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(400);
    }
    const health = await fetch(`${earshot.url}/healthz`);
    expect(health.status).toBe(200);
  } finally {
    await earshot.stop();
  }
});

test('refuses to start with a guessable access key, and says what to use', async () => {
  await expect(startEarshot({ EARSHOT_ACCESS_KEY: 'short-key' })).rejects.toThrow(
    /EARSHOT_ACCESS_KEY is 9 characters: use at least 16 .*openssl rand -base64 24/,
  );
});
