// The repository's documentation must stand on its own: every relative link in its Markdown lands
// on a file inside the repository, and no file sends readers to the shared notes beside the
// checkout, which someone who clones Earshot does not have. doc-links.test.ts runs this over
// the repository in `npm test`; `node --import tsx scripts/doc-links.ts` prints the same report.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface DocProblem {
  /** Path relative to the repository root, with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  message: string;
}

/** Folders that are installed, generated or written by tools, never documentation of ours. */
const SKIPPED_DIRS = new Set([
  '.git',
  'node_modules',
  'dist',
  'coverage',
  'test-results',
  'playwright-report',
  'blob-report',
  'bench-results',
]);

/** Text files scanned for mentions of the notes outside the repository (comments included). */
const SOURCE_FILE = /\.(?:md|ts|tsx|js|mjs|cjs|css|html|json)$/;

/** The shared notes beside the checkout, however many folders up a path climbs to reach them. */
const OUTSIDE_NOTES = /(?:\.\.\/)+shared\b/;

// `[text](target "title")` and `![alt](target)`; a target may be wrapped in `<…>`.
const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
// `[label]: target` on a line of its own.
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;
// `<a href="…">`, `<img src="…">`.
const HTML_LINK = /\b(?:href|src)\s*=\s*"([^"]*)"/g;
const FENCE = /^ {0,3}(```|~~~)/;
const INLINE_CODE = /(`+)[^`]*?\1/g;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Every file below `rootDir` (skipped folders aside), as paths relative to it with `/`. */
export function repositoryFiles(rootDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile()) {
        files.push(relative(rootDir, join(dir, entry.name)).split(sep).join('/'));
      }
    }
  };
  walk(rootDir);
  return files.sort();
}

/** The link targets of one Markdown text, with their lines; code (fenced or inline) is not a link. */
export function markdownLinks(text: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((rawLine, index) => {
    const fenceMark = FENCE.exec(rawLine)?.[1];
    if (fenceMark !== undefined && (fence === undefined || fence === fenceMark)) {
      fence = fence === undefined ? fenceMark : undefined;
      return;
    }
    if (fence !== undefined) return;
    const line = rawLine.replace(INLINE_CODE, '');
    const add = (target: string | undefined): void => {
      if (target !== undefined) links.push({ line: index + 1, target: unwrap(target) });
    };
    for (const match of line.matchAll(INLINE_LINK)) add(match[1]);
    for (const match of line.matchAll(HTML_LINK)) add(match[1]);
    add(REFERENCE_DEFINITION.exec(line)?.[1]);
  });
  return links;
}

function unwrap(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
}

/**
 * What is wrong with one relative link of `file` (relative to `rootDir`), or undefined when it is
 * fine. Links with a scheme (`https:`, `mailto:`) and links to a heading of the same page are
 * left alone; anything else must name a file or folder that exists inside the repository.
 */
export function linkProblem(
  rootDir: string,
  file: string,
  target: string,
  exists: (absolutePath: string) => boolean = existsSync,
): string | undefined {
  if (target === '' || target.startsWith('#') || URL_SCHEME.test(target)) return undefined;
  if (target.startsWith('//')) return `"${target}" is a link to another host without a scheme`;
  if (target.startsWith('/') || isAbsolute(target)) {
    return `"${target}" is an absolute path: link relative to ${file} instead`;
  }
  const pathPart = safeDecode(target.replace(/[?#].*$/, ''));
  const root = resolve(rootDir);
  const absolute = resolve(root, dirname(file), pathPart);
  const fromRoot = relative(root, absolute);
  if (fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    return `"${target}" leaves the repository: a clone does not have it`;
  }
  if (!exists(absolute)) {
    return `"${target}" does not exist (looked for ${fromRoot.split(sep).join('/')})`;
  }
  return undefined;
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** Every broken relative link and every mention of the notes outside the repository. */
export function docProblems(rootDir: string = ROOT_DIR): DocProblem[] {
  const problems: DocProblem[] = [];
  for (const file of repositoryFiles(rootDir)) {
    if (!SOURCE_FILE.test(file) || file === 'package-lock.json') continue;
    const text = readFileSync(join(rootDir, file), 'utf8');
    text.split('\n').forEach((line, index) => {
      const mention = OUTSIDE_NOTES.exec(line)?.[0];
      if (mention !== undefined && !isThisCheckersOwnTest(file)) {
        problems.push({
          file,
          line: index + 1,
          message: `mentions "${mention}", which is outside the repository: point at the page under docs/ instead`,
        });
      }
    });
    if (!file.endsWith('.md')) continue;
    for (const { line, target } of markdownLinks(text)) {
      const message = linkProblem(rootDir, file, target);
      if (message !== undefined) problems.push({ file, line, message });
    }
  }
  return problems;
}

// The checker's tests spell out the very mentions they prove it finds.
function isThisCheckersOwnTest(file: string): boolean {
  return file === 'scripts/doc-links.test.ts';
}

export function formatProblems(problems: DocProblem[]): string {
  return problems.map(({ file, line, message }) => `${file}:${line}: ${message}`).join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problems = docProblems();
  if (problems.length > 0) {
    console.error(formatProblems(problems));
    process.exitCode = 1;
  } else {
    console.log('Every relative link in the repository resolves inside it.');
  }
}
