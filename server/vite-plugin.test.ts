// `npm run dev` serves /api through the same proxy module as `npm start`, and a production build
// made with TE_TOKEN in the environment carries no trace of it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, createServer, preview, type ViteDevServer } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_INFO_FILE } from './build-info.ts';
import { json, startFakeUpstream } from './proxy/testing/fake-upstream.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TOKEN = 'tok-SECRET-vite-test-0f9e8d';
const ENV_NAMES = [
  'TE_TOKEN',
  'TE_API_URL',
  'TE_API_VERSION',
  'TE_EMAIL',
  'TE_BASIC_TOKEN',
  'EARSHOT_ACCESS_KEY',
];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setEnv(values: Record<string, string>): void {
  const saved = ENV_NAMES.map((name) => [name, process.env[name]] as const);
  for (const name of ENV_NAMES) delete process.env[name];
  Object.assign(process.env, values);
  cleanups.push(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

describe('npm run dev', () => {
  it('serves /api/earshot/config and proxies /api through the Earshot plugin', async () => {
    const upstream = await startFakeUpstream((_req, res) =>
      json(res, 200, { tests: [], _links: { self: { href: `${upstream.url}/v7/tests/voice` } } }),
    );
    cleanups.push(() => upstream.close());
    setEnv({ TE_TOKEN: TOKEN, TE_API_URL: upstream.url });

    const server: ViteDevServer = await createServer({
      configFile: resolve(ROOT, 'vite.config.ts'),
      root: ROOT,
      mode: 'development',
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, strictPort: false, watch: null, hmr: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    cleanups.push(() => server.close());
    await server.listen();
    const { port } = server.httpServer?.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;

    const config = await fetch(`${url}/api/earshot/config`);
    const configText = await config.text();
    expect(JSON.parse(configText)).toMatchObject({ mode: 'live', apiVersion: 'v7' });
    expect(configText).not.toContain(TOKEN);

    const proxied = await fetch(`${url}/api/v7/tests/voice?aid=3`);
    expect(proxied.status).toBe(200);
    expect(proxied.headers.get('x-earshot-cache')).toBe('miss');
    expect(await proxied.json()).toEqual({
      tests: [],
      _links: { self: { href: '/api/v7/tests/voice' } },
    });
    expect(upstream.requests.map((r) => r.url)).toEqual(['/v7/tests/voice?aid=3']);
    expect(upstream.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const refused = await fetch(`${url}/api/v7/users`);
    expect(refused.status).toBe(404);
    expect(upstream.requests).toHaveLength(1);

    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'live' });
  });
});

describe('the production build and vite preview', () => {
  it(
    'the build contains no token even when TE_TOKEN is set; preview serves /api through the plugin',
    { timeout: 120_000 },
    async () => {
      const upstream = await startFakeUpstream((_req, res) => json(res, 200, { test: [] }));
      cleanups.push(() => upstream.close());
      setEnv({
        TE_TOKEN: TOKEN,
        TE_BASIC_TOKEN: `${TOKEN}-basic`,
        TE_EMAIL: 'noc@example.com',
        TE_API_VERSION: 'v6',
        TE_API_URL: upstream.url,
      });
      const outDir = mkdtempSync(join(tmpdir(), 'earshot-dist-'));
      cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
      await build({
        configFile: resolve(ROOT, 'vite.config.ts'),
        root: ROOT,
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
      const files = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((entry) =>
        entry.isFile(),
      );
      expect(files.some((entry) => entry.name.endsWith('.js'))).toBe(true);
      for (const entry of files) {
        const text = readFileSync(join(entry.parentPath, entry.name), 'latin1');
        expect(text, entry.name).not.toContain(TOKEN);
        expect(text, entry.name).not.toContain('noc@example.com');
      }

      const server = await preview({
        configFile: resolve(ROOT, 'vite.config.ts'),
        root: ROOT,
        logLevel: 'silent',
        build: { outDir },
        preview: { host: '127.0.0.1', port: 0, strictPort: false },
      });
      cleanups.push(() => server.close());
      const { port } = server.httpServer.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      const builtId = (
        JSON.parse(readFileSync(join(outDir, BUILD_INFO_FILE), 'utf8')) as { buildId: string }
      ).buildId;
      expect(await (await fetch(`${url}/api/earshot/config`)).json()).toEqual({
        mode: 'live',
        apiVersion: 'v6',
        buildId: builtId,
      });
      const proxied = await fetch(`${url}/api/v6/tests.json`);
      expect(proxied.status).toBe(200);
      // TE_TOKEN wins over basic auth when both are set (config.ts).
      expect(upstream.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      const headerText: string[] = [];
      proxied.headers.forEach((value, name) => headerText.push(`${name}: ${value}`));
      expect(headerText.join('\n') + (await proxied.text())).not.toContain(TOKEN);
    },
  );
});
