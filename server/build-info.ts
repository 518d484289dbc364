// The build id ties a running screen to the build it loaded: the server reads it from dist/, the
// bundle has it compiled in, and a wall screen reloads when the two differ.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_INFO_FILE = 'earshot-build.json';

export function readBuildId(distDir: string): string {
  try {
    const parsed = JSON.parse(readFileSync(join(distDir, BUILD_INFO_FILE), 'utf8')) as unknown;
    if (
      parsed &&
      typeof parsed === 'object' &&
      'buildId' in parsed &&
      typeof parsed.buildId === 'string'
    ) {
      return parsed.buildId;
    }
  } catch {
    // no build yet (dev server, or tests of the server alone)
  }
  return 'dev';
}

/**
 * The build id of the files dist/ holds now: read again whenever the build file changes, so a
 * server whose dist/ was rebuilt under it never announces the old id for the new bundle (walls
 * would reload forever). Costs one stat per call.
 */
export function buildIdReader(distDir: string): () => string {
  const file = join(distDir, BUILD_INFO_FILE);
  let seen: { stamp: string; buildId: string } | undefined;
  return () => {
    let stamp: string;
    try {
      const info = statSync(file);
      stamp = `${info.mtimeMs} ${info.size} ${info.ino}`;
    } catch {
      stamp = 'missing';
    }
    if (seen?.stamp !== stamp) seen = { stamp, buildId: readBuildId(distDir) };
    return seen.buildId;
  };
}
