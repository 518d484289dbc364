// Serves the production build: hashed assets cached for good, index.html never cached, and the
// SPA fallback so a deep link such as /tests/123?window=6h loads the app on a cold start. Text
// files are compressed once per encoding and kept in memory (dist/ does not change under us).
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { compress, sendBody, type ContentEncoding } from './compression.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

interface LoadedFile {
  body: Buffer;
  mtimeMs: number;
  encoded: Map<ContentEncoding, Buffer>;
}

export function createDistHandler(distDir: string) {
  const root = normalize(distDir + sep);
  const loaded = new Map<string, LoadedFile>();

  async function fileAt(urlPath: string): Promise<string | undefined> {
    const candidate = normalize(join(root, decodeURIComponent(urlPath)));
    if (!candidate.startsWith(root)) return undefined;
    try {
      return (await stat(candidate)).isFile() ? candidate : undefined;
    } catch {
      return undefined;
    }
  }

  async function load(path: string): Promise<LoadedFile> {
    const { mtimeMs } = await stat(path);
    const known = loaded.get(path);
    if (known && known.mtimeMs === mtimeMs) return known;
    const file: LoadedFile = { body: await readFile(path), mtimeMs, encoded: new Map() };
    loaded.set(path, file);
    return file;
  }

  return async function serveDist(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed: Earshot serves its pages with GET.\n');
      return;
    }
    const urlPath = new URL(req.url ?? '/', 'http://earshot.invalid').pathname;
    let file: string | undefined;
    try {
      file = urlPath === '/' ? undefined : await fileAt(urlPath);
    } catch {
      file = undefined; // a malformed %-escape is simply not a file
    }
    const isAsset = urlPath.startsWith('/assets/');
    if (!file && (isAsset || extname(urlPath) !== '')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: ${urlPath}\n`);
      return;
    }
    const target = file ?? join(root, 'index.html');
    let loadedFile: LoadedFile;
    try {
      loadedFile = await load(target);
    } catch {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Earshot has not been built yet: run `npm run build` (npm start does it for you).\n');
      return;
    }
    sendBody(
      req,
      res,
      200,
      {
        'Content-Type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
        'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
      loadedFile.body,
      (encoding) => {
        let encoded = loadedFile.encoded.get(encoding);
        if (!encoded) {
          encoded = compress(loadedFile.body, encoding);
          loadedFile.encoded.set(encoding, encoded);
        }
        return encoded;
      },
    );
  };
}
