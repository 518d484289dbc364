// The layer rule (scripts/eslint-layers.js) run through ESLint with the repository's own config:
// an import that crosses a layer the wrong way fails lint, and one going the right way passes.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)) });

/** The layer rule's messages for `source` if it were the file at `filePath`. */
async function layerProblems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'layers/import-direction')
    .map((message) => message.message);
}

const WRONG_WAY: [file: string, importSource: string, forbidden: string][] = [
  ['server/proxy/new-file.ts', '../../src/lib/model.ts', 'src/'],
  ['server/simulator/new-file.ts', '../../src/api/fetch-client.ts', 'src/'],
  ['src/api/new-file.ts', '../../server/config.ts', 'server/'],
  ['common/new-file.ts', '../src/lib/format.ts', 'src/'],
  ['common/new-file.ts', '../server/config.ts', 'server/'],
  ['src/lib/new-file.ts', '../api/fetch-client.ts', 'src/api/'],
  ['src/lib/new-file.ts', '../features/heatmap/heatmap.tsx', 'src/features/'],
  ['src/lib/new-file.ts', '../app/router.tsx', 'src/app/'],
  ['src/api/adapters/new-file.ts', '../../features/csv-export/rounds-to-csv.ts', 'src/features/'],
  ['src/api/new-file.ts', '../app/router.tsx', 'src/app/'],
  ['src/features/heatmap/new-file.ts', '../../app/router.tsx', 'src/app/'],
];

const RIGHT_WAY: [file: string, importSource: string][] = [
  ['server/proxy/new-file.ts', '../../common/earshot-config.ts'],
  ['src/api/new-file.ts', '../../common/time-window.ts'],
  ['src/api/new-file.ts', '../lib/model.ts'],
  ['src/features/heatmap/new-file.ts', '../../api/fetch-client.ts'],
  ['src/app/new-file.ts', '../features/heatmap/heatmap.tsx'],
  ['src/lib/new-file.ts', '../../common/result-intervals.ts'],
];

describe('the layer rule', () => {
  it.each(WRONG_WAY)('fails %s importing %s', async (file, importSource, forbidden) => {
    const problems = await layerProblems(file, `import { x } from '${importSource}';\nvoid x;\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`must not import from ${forbidden}`);
    expect(problems[0]).toContain('docs/architecture.md');
  });

  it.each(RIGHT_WAY)('passes %s importing %s', async (file, importSource) => {
    expect(await layerProblems(file, `import { x } from '${importSource}';\nvoid x;\n`)).toEqual(
      [],
    );
  });

  it('catches re-exports and dynamic imports too', async () => {
    const file = 'src/lib/new-file.ts';
    expect(await layerProblems(file, `export { x } from '../api/model.ts';\n`)).toHaveLength(1);
    expect(await layerProblems(file, `export * from '../api/model.ts';\n`)).toHaveLength(1);
    const dynamic = `export const load = () => import('../app/router.tsx');\n`;
    expect(await layerProblems(file, dynamic)).toHaveLength(1);
  });
});
