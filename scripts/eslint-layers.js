// The layers of the code and which way imports may go, as an ESLint rule (`layers/import-direction`).
// A relative import is resolved against the importing file, so `../../src/lib/x.ts` from
// server/ is caught however many `../` it takes. docs/architecture.md explains the layers.
import { dirname, relative, resolve } from 'node:path';

/** Each layer (a folder of the repository) and the folders it must never import from. */
export const FORBIDDEN_IMPORTS = [
  { layer: 'server/', mayNotImport: ['src/'] },
  { layer: 'src/', mayNotImport: ['server/'] },
  { layer: 'common/', mayNotImport: ['src/', 'server/'] },
  { layer: 'src/lib/', mayNotImport: ['src/api/', 'src/features/', 'src/app/'] },
  { layer: 'src/api/', mayNotImport: ['src/features/', 'src/app/'] },
  { layer: 'src/features/', mayNotImport: ['src/app/'] },
];

/** The folder imported from that `file` (relative to the repository) may not use, if any. */
export function forbiddenImport(file, imported) {
  for (const { layer, mayNotImport } of FORBIDDEN_IMPORTS) {
    if (!file.startsWith(layer)) continue;
    const forbidden = mayNotImport.find((folder) => imported.startsWith(folder));
    if (forbidden) return { layer, forbidden };
  }
  return undefined;
}

const repositoryRoot = dirname(dirname(new URL(import.meta.url).pathname));

/** @type {import('eslint').Rule.RuleModule} */
const importDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports go one way between layers (docs/architecture.md)' },
    messages: {
      wrongWay:
        "{{layer}} must not import from {{forbidden}} ('{{source}}'): move what both need into a " +
        'lower layer (common/ for the browser and the server, src/lib/ inside the app); see ' +
        'docs/architecture.md.',
    },
    schema: [],
  },
  create(context) {
    const file = relative(repositoryRoot, context.filename).split('\\').join('/');
    function check(node) {
      const source = node.source?.type === 'Literal' ? node.source.value : undefined;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(repositoryRoot, resolve(dirname(context.filename), source));
      const found = forbiddenImport(file, `${target.split('\\').join('/')}/`);
      if (found) context.report({ node, messageId: 'wrongWay', data: { ...found, source } });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export const layersPlugin = { rules: { 'import-direction': importDirection } };
