import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  budgetProblems,
  routeBundles,
  staticClosure,
  type Manifest,
  type RouteSpec,
} from './check-bundle-size.ts';

const manifest: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_react.js'],
    dynamicImports: ['src/dashboard.tsx'],
    css: ['assets/index.css'],
  },
  '_react.js': { file: 'assets/react.js' },
  'src/dashboard.tsx': {
    file: 'assets/dashboard.js',
    isDynamicEntry: true,
    imports: ['_react.js', '_charts.js'],
    dynamicImports: ['src/export.ts'],
  },
  '_charts.js': { file: 'assets/charts.js' },
  'src/export.ts': { file: 'assets/export.js', isDynamicEntry: true },
};

// Incompressible bytes, so a file's gzip size is close to its length.
function noise(bytes: number, seed: number): string {
  let state = seed;
  let text = '';
  while (text.length < bytes) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    text += state.toString(36);
  }
  return text.slice(0, bytes);
}

const dirs: string[] = [];
function fakeBuild(sizes: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'size-test-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, '.vite'));
  writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
  Object.entries(sizes).forEach(([file, bytes], i) =>
    writeFileSync(join(dir, file), noise(bytes, i + 1)),
  );
  return dir;
}

afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const routes: RouteSpec[] = [
  { route: '/', modules: ['index.html'], budgetGzipKb: 30 },
  { route: '/tests/:testId', modules: ['index.html', 'src/dashboard.tsx'], budgetGzipKb: 50 },
  { route: '/wall', modules: ['index.html', 'src/wall.tsx'] },
];

describe('staticClosure', () => {
  it('follows static imports once each and leaves lazy chunks and CSS out', () => {
    expect(staticClosure(manifest, ['index.html'])).toEqual(['assets/index.js', 'assets/react.js']);
    expect(staticClosure(manifest, ['index.html', 'src/dashboard.tsx'])).toEqual([
      'assets/index.js',
      'assets/react.js',
      'assets/dashboard.js',
      'assets/charts.js',
    ]);
  });
});

describe('budgetProblems', () => {
  it('passes routes within their budgets', () => {
    const dir = fakeBuild({
      'assets/index.js': 5_000,
      'assets/react.js': 10_000,
      'assets/dashboard.js': 5_000,
      'assets/charts.js': 10_000,
      'assets/export.js': 40_000,
    });
    const report = routeBundles(dir, routes.slice(0, 2));
    expect(budgetProblems(report)).toEqual([]);
    // The lazy export chunk counts in the whole build, not in any route.
    expect(report.wholeBuild.rawBytes).toBe(70_000);
    expect(report.allRoutes.rawBytes).toBe(30_000);
  });

  it('names the route, its size and the budget when a route is over', () => {
    const dir = fakeBuild({
      'assets/index.js': 5_000,
      'assets/react.js': 10_000,
      'assets/dashboard.js': 5_000,
      'assets/charts.js': 80_000,
      'assets/export.js': 1_000,
    });
    const problems = budgetProblems(routeBundles(dir, routes.slice(0, 2)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^\/tests\/:testId: \d+\.\d KB gzip of JS before first paint, over its budget of 50 KB by \d+\.\d KB$/,
    );
  });

  it('says when a route module is missing from the build', () => {
    const dir = fakeBuild({
      'assets/index.js': 100,
      'assets/react.js': 100,
      'assets/dashboard.js': 100,
      'assets/charts.js': 100,
      'assets/export.js': 100,
    });
    expect(budgetProblems(routeBundles(dir, routes))).toEqual([
      '/wall: src/wall.tsx not in the build (update ROUTES in scripts/check-bundle-size.ts if it moved)',
    ]);
  });
});
