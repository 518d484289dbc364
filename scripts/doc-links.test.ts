import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { docProblems, formatProblems, linkProblem, markdownLinks } from './doc-links.ts';

describe('the repository', () => {
  it('links only to files inside itself and never to ../shared', () => {
    // On failure the message lists each file:line and what is wrong with it.
    expect(formatProblems(docProblems())).toBe('');
  });
});

const roots: string[] = [];
function fakeRepository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'doc-links-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('markdownLinks', () => {
  it('finds inline links, images, reference definitions and HTML links, with their lines', () => {
    const text = [
      'See [the design](docs/architecture.md "title") and ![a chart](docs/chart.png).',
      '',
      '[api]: <docs/thousandeyes api.md>',
      '<a href="server/README.md">server</a>',
    ].join('\n');
    expect(markdownLinks(text)).toEqual([
      { line: 1, target: 'docs/architecture.md' },
      { line: 1, target: 'docs/chart.png' },
      { line: 3, target: 'docs/thousandeyes api.md' },
      { line: 4, target: 'server/README.md' },
    ]);
  });

  it('reads no link inside fenced or inline code', () => {
    const text = [
      'Write `[x](missing.md)` to link.',
      '```md',
      '[y](missing.md)',
      '```',
      '~~~',
      '```',
      '[z](missing.md)',
      '~~~',
      '[after](present.md)',
    ].join('\n');
    expect(markdownLinks(text)).toEqual([{ line: 9, target: 'present.md' }]);
  });
});

describe('linkProblem', () => {
  const root = '/repo';
  const files = new Set(['/repo/README.md', '/repo/docs/architecture.md', '/repo/docs']);
  const exists = (path: string): boolean => files.has(path);

  it('accepts a link to an existing file, relative to the linking file, with a heading or query', () => {
    expect(linkProblem(root, 'README.md', 'docs/architecture.md', exists)).toBeUndefined();
    expect(linkProblem(root, 'docs/x.md', 'architecture.md#the-shape', exists)).toBeUndefined();
    expect(linkProblem(root, 'docs/x.md', '../README.md?plain=1', exists)).toBeUndefined();
    expect(linkProblem(root, 'README.md', 'docs', exists)).toBeUndefined();
  });

  it('leaves web links and same-page headings alone', () => {
    expect(linkProblem(root, 'README.md', 'https://api.thousandeyes.com', exists)).toBeUndefined();
    expect(linkProblem(root, 'README.md', 'mailto:noc@example.com', exists)).toBeUndefined();
    expect(linkProblem(root, 'README.md', '#configuration', exists)).toBeUndefined();
  });

  it('refuses a missing target, naming where it looked', () => {
    expect(linkProblem(root, 'docs/x.md', 'architecture.md', exists)).toBeUndefined();
    expect(linkProblem(root, 'docs/x.md', 'docs/architecture.md', exists)).toBe(
      '"docs/architecture.md" does not exist (looked for docs/docs/architecture.md)',
    );
  });

  it('refuses a link that leaves the repository, however it is spelt', () => {
    expect(linkProblem(root, 'README.md', '../shared/DESIGN.md', exists)).toMatch(
      /leaves the repository/,
    );
    expect(linkProblem(root, 'docs/x.md', '../../README.md', exists)).toMatch(
      /leaves the repository/,
    );
    expect(linkProblem(root, 'README.md', '/etc/passwd', exists)).toMatch(/absolute path/);
    expect(linkProblem(root, 'README.md', '//example.com/x', exists)).toMatch(/another host/);
  });
});

describe('docProblems', () => {
  it('is empty for a repository whose links all resolve', () => {
    const root = fakeRepository({
      'README.md': '[Architecture](docs/architecture.md)\n',
      'docs/architecture.md': '[Back](../README.md) and [the server](../server/main.ts)\n',
      'server/main.ts': '// The server.\n',
    });
    expect(docProblems(root)).toEqual([]);
  });

  it('reports a broken link and a ../shared mention in Markdown and in source comments', () => {
    const root = fakeRepository({
      'README.md': 'Intro\n\n- `../shared/DESIGN.md`: the contracts\n- [Gone](docs/gone.md)\n',
      'server/simulator/README.md': 'Shapes follow [API](../../../shared/API.md).\n',
      'src/api/model.ts': '// See ../shared/API.md.\nexport {};\n',
      'node_modules/pkg/README.md': '[ignored](../shared/x.md)\n',
    });
    expect(formatProblems(docProblems(root)).split('\n')).toEqual([
      'README.md:3: mentions "../shared", which is outside the repository: point at the page under docs/ instead',
      'README.md:4: "docs/gone.md" does not exist (looked for docs/gone.md)',
      'server/simulator/README.md:1: mentions "../../../shared", which is outside the repository: point at the page under docs/ instead',
      'server/simulator/README.md:1: "../../../shared/API.md" leaves the repository: a clone does not have it',
      'src/api/model.ts:1: mentions "../shared", which is outside the repository: point at the page under docs/ instead',
    ]);
  });
});
