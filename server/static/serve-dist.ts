// Serves the production build: hashed assets cached for good, index.html never cached, and the
// SPA fallback so a deep link such as /tests/123?window=6h loads the app on a cold start.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

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
};

export function createDistHandler(distDir: string) {
  const root = normalize(distDir + sep);

  async function fileAt(urlPath: string): Promise<string | undefined> {
    const candidate = normalize(join(root, decodeURIComponent(urlPath)));
    if (!candidate.startsWith(root)) return undefined;
    try {
      return (await stat(candidate)).isFile() ? candidate : undefined;
    } catch {
      return undefined;
    }
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
    let body: Buffer;
    try {
      body = await readFile(target);
    } catch {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Earshot has not been built yet: run `npm run build` (npm start does it for you).\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
