// The size budget: the JS each route needs before its first paint, gzip and brotli, read from a
// production build's Vite manifest. `npm run test:size` builds into a temporary directory and
// fails, naming the route, its size and the budget, when a route is over. `npm run bench` reuses
// routeBundles() for its size figures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compress } from '../server/static/compression.ts';

export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One entry of Vite's `.vite/manifest.json`. */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

export interface RouteSpec {
  route: string;
  /** Manifest keys the route loads before it can paint: the HTML entry, then its lazy module. */
  modules: string[];
  /** KB (1,000 bytes) gzip, when the route has a budget. */
  budgetGzipKb?: number;
}

/** The routes of docs/url-and-environment.md and the modules each loads (src/app/first-page-module.ts). */
export const ROUTES: RouteSpec[] = [
  { route: '/', modules: ['index.html'], budgetGzipKb: 110 },
  {
    route: '/tests/:testId',
    modules: ['index.html', 'src/app/routes/test-dashboard.tsx'],
    budgetGzipKb: 230,
  },
  { route: '/wall', modules: ['index.html', 'src/features/wall/wall-page.tsx'] },
];

export interface SizedFiles {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

export interface RouteSize extends SizedFiles {
  route: string;
  budgetGzipKb: number | undefined;
  /** Modules the route names that the build does not have (renamed or not written yet). */
  missingModules: string[];
}

/** The JS files a set of manifest keys loads up front: each chunk and its static imports. */
export function staticClosure(manifest: Manifest, keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    if (chunk.file.endsWith('.js')) files.push(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return files;
}

/** Sizes as the browser receives them from `npm start`: the server's own gzip and brotli. */
export function sizeFiles(distDir: string, files: readonly string[]): SizedFiles {
  let rawBytes = 0;
  let gzipBytes = 0;
  let brotliBytes = 0;
  for (const file of files) {
    const body = readFileSync(join(distDir, file));
    rawBytes += body.length;
    gzipBytes += compress(body, 'gzip').length;
    brotliBytes += compress(body, 'br').length;
  }
  return { files: [...files], rawBytes, gzipBytes, brotliBytes };
}

export function readManifest(distDir: string): Manifest {
  return JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

export interface BundleReport {
  routes: RouteSize[];
  /** Every JS file the routes above load up front, each counted once. */
  allRoutes: SizedFiles;
  /** Every JS file of the build, lazy chunks included. */
  wholeBuild: SizedFiles;
}

export function routeBundles(distDir: string, routes: readonly RouteSpec[] = ROUTES): BundleReport {
  const manifest = readManifest(distDir);
  const union = new Set<string>();
  const sized = routes.map((spec): RouteSize => {
    const files = staticClosure(manifest, spec.modules);
    files.forEach((file) => union.add(file));
    return {
      route: spec.route,
      budgetGzipKb: spec.budgetGzipKb,
      missingModules: spec.modules.filter((key) => !manifest[key]),
      ...sizeFiles(distDir, files),
    };
  });
  const everyJs = [
    ...new Set(
      Object.values(manifest)
        .map((chunk) => chunk.file)
        .filter((file) => file.endsWith('.js')),
    ),
  ];
  return {
    routes: sized,
    allRoutes: sizeFiles(distDir, [...union]),
    wholeBuild: sizeFiles(distDir, everyJs),
  };
}

/** One line per problem: a route over its budget, or a route whose module is not in the build. */
export function budgetProblems(report: BundleReport): string[] {
  const problems: string[] = [];
  for (const route of report.routes) {
    if (route.missingModules.length > 0) {
      problems.push(
        `${route.route}: ${route.missingModules.join(', ')} not in the build (update ROUTES in scripts/check-bundle-size.ts if it moved)`,
      );
    }
    if (route.budgetGzipKb === undefined) continue;
    const kb = route.gzipBytes / 1000;
    if (kb > route.budgetGzipKb) {
      problems.push(
        `${route.route}: ${kb.toFixed(1)} KB gzip of JS before first paint, over its budget of ${route.budgetGzipKb} KB by ${(kb - route.budgetGzipKb).toFixed(1)} KB`,
      );
    }
  }
  return problems;
}

/** A production build with a manifest, into `outDir` (the app's own vite.config.ts). */
export async function buildWithManifest(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: ROOT_DIR,
    configFile: resolve(ROOT_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
}

export function formatKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

async function main(argv: string[]): Promise<number> {
  const distFlag = argv.indexOf('--dist');
  const givenDist = distFlag >= 0 ? argv[distFlag + 1] : undefined;
  const distDir = givenDist ? resolve(givenDist) : mkdtempSync(join(tmpdir(), 'earshot-size-'));
  try {
    if (!givenDist) await buildWithManifest(distDir);
    const report = routeBundles(distDir);
    for (const route of report.routes) {
      const budget =
        route.budgetGzipKb === undefined ? 'no budget' : `budget ${route.budgetGzipKb} KB`;
      console.log(
        `${route.route.padEnd(16)} ${formatKb(route.gzipBytes).padStart(10)} gzip ${formatKb(route.brotliBytes).padStart(10)} brotli  (${budget}; ${route.files.length} files)`,
      );
    }
    console.log(
      `${'all routes'.padEnd(16)} ${formatKb(report.allRoutes.gzipBytes).padStart(10)} gzip ${formatKb(report.allRoutes.brotliBytes).padStart(10)} brotli`,
    );
    const problems = budgetProblems(report);
    if (problems.length > 0) {
      console.error(`\nSize budget exceeded:\n${problems.map((line) => `  ${line}`).join('\n')}`);
      return 1;
    }
    console.log('\nSize budget: every route within its budget.');
    return 0;
  } finally {
    if (!givenDist) rmSync(distDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('check-bundle-size: the build failed, so sizes could not be measured');
      console.error(error);
      process.exit(1);
    },
  );
}
