// The build id ties a running screen to the build it loaded: the server reads it from dist/, the
// bundle has it compiled in, and a wall screen reloads when the two differ.
import { readFileSync } from 'node:fs';
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
 * The build id of the files dist/ holds now: read afresh on every call (a file of a few bytes),
 * so a server whose dist/ was rebuilt under it never announces the old id for the new bundle
 * (every wall would reload, see the old id, and reload again).
 */
export function buildIdReader(distDir: string): () => string {
  return () => readBuildId(distDir);
}
