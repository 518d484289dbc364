// The Earshot server: one request handler that the production server and the tests share.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readBuildId } from './build-info.ts';
import type { EarshotConfig } from './config.ts';
import { createDistHandler } from './static/serve-dist.ts';

export interface EarshotApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

export function createEarshotApp(config: EarshotConfig): EarshotApp {
  const buildId = readBuildId(config.distDir);
  const mode = config.credentials ? 'live' : 'simulator';
  const serveDist = createDistHandler(config.distDir);

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ status: 'ok', buildId, mode }));
      return;
    }
    serveDist(req, res).catch((error: unknown) => {
      console.error('earshot: serving a page failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  }

  return { handle, close: async () => {} };
}

/** Starts listening; resolves with the server and the URL a person should open. */
export async function startEarshotServer(
  config: EarshotConfig,
): Promise<{ server: Server; url: string; app: EarshotApp }> {
  const app = createEarshotApp(config);
  const server = createServer((req, res) => app.handle(req, res));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { server, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, app };
}
