// The speed figures `npm run bench` prints with its other figures (BENCH_ONLY=speed): Vitest
// files that time a loop and print the figure, never assert it. Kept out of the unit suite,
// whose include (vite.config.ts) does not reach bench/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['bench/speed/**/*.speed.test.ts'],
    environment: 'node',
    // A figure on a shared machine may take long; how long is the figure, never a failure.
    testTimeout: 300_000,
    fileParallelism: false,
  },
});
