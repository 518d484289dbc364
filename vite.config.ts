/// <reference types="vitest/config" />
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { BUILD_INFO_FILE } from './server/build-info.ts';
import { earshotServerPlugin } from './server/vite-plugin.ts';

function gitShortSha(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'nogit';
  }
}

// One id per build: compiled into the bundle and written beside it for the server to announce.
const buildId = `${gitShortSha()}-${Date.now().toString(36)}`;

function writeBuildInfo(): Plugin {
  return {
    name: 'earshot-build-info',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir ?? resolve(import.meta.dirname, 'dist');
      writeFileSync(resolve(dir, BUILD_INFO_FILE), JSON.stringify({ buildId }) + '\n');
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), writeBuildInfo(), earshotServerPlugin({ buildId })],
  resolve: {
    // react-router's package points every bundler at its development build (warnings and checks
    // for people writing code); a production build takes the production one it ships beside it.
    alias:
      command === 'build'
        ? [
            {
              find: /^react-router$/,
              replacement: resolve(
                import.meta.dirname,
                'node_modules/react-router/dist/production/index.mjs',
              ),
            },
          ]
        : [],
  },
  define: {
    __EARSHOT_BUILD_ID__: JSON.stringify(buildId),
  },
  build: {
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'common/**/*.test.ts',
      'server/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    // Worker threads, not child processes: the suite took 117 s instead of 134 s on two cores.
    pool: 'threads',
    testTimeout: 20_000,
  },
}));
