// The Earshot production server: /healthz, the access key, the /api proxy (all from the shared
// mount in server/proxy/) and the built app from dist/, every answer with the security headers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EarshotMode } from '../common/earshot-config.ts';
import { buildIdReader } from './build-info.ts';
import type { EarshotConfig } from './config.ts';
import { prepareColumnsThread } from './proxy/closed-interval-columns.ts';
import { createEarshotMount, type SimulatorHandle } from './proxy/earshot-mount.ts';
import { createDistHandler } from './static/serve-dist.ts';
import { applySecurityHeaders, securityHeaders } from './static/security-headers.ts';

export interface EarshotApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
  readonly mode: EarshotMode;
  /** The build id of the files dist/ holds now. */
  buildId(): string;
  /** The embedded simulator's URL in simulator mode, for tests that drive its fault controls. */
  readonly simulatorUrl: string | undefined;
}

export interface EarshotAppOptions {
  /** Where log lines go (one per API call); defaults to stdout. */
  log?: (line: string) => void;
  /** Replaces the embedded simulator (tests). */
  startSimulator?: () => Promise<SimulatorHandle>;
  /** The proxy's clock (tests that drive time). */
  nowMs?: () => number;
  /**
   * Done before the server listens: `npm start` reads a few made-up closed intervals
   * (warmUpClosedIntervals). Should it fail, that is logged and the server starts anyway.
   */
  warmUp?: () => Promise<unknown>;
}

export async function defaultStartSimulator(): Promise<SimulatorHandle> {
  const { startEmbeddedSimulator } = await import('./proxy/embedded-simulator.ts');
  return startEmbeddedSimulator();
}

export async function createEarshotApp(
  config: EarshotConfig,
  options: EarshotAppOptions = {},
): Promise<EarshotApp> {
  const buildId = buildIdReader(config.distDir);
  const mount = await createEarshotMount(config, {
    buildId,
    startSimulator: options.startSimulator ?? defaultStartSimulator,
    ...(options.log ? { log: options.log } : {}),
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  const serveDist = createDistHandler(config.distDir);
  const headers = securityHeaders(config.frameAncestors);

  function handle(req: IncomingMessage, res: ServerResponse): void {
    // The last resort: whatever one request does, it never ends the process.
    try {
      applySecurityHeaders(res, headers);
      if (mount.handle(req, res)) return;
      serveDist(req, res).catch((error: unknown) => failed(res, error));
    } catch (error) {
      failed(res, error);
    }
  }

  function failed(res: ServerResponse, error: unknown): void {
    console.error('earshot: answering a request failed', error);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end();
  }

  return {
    handle,
    close: () => mount.close(),
    mode: mount.mode,
    buildId,
    simulatorUrl: mount.simulatorUrl,
  };
}

async function warmUp(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.error(
      `earshot: the start-up warm-up failed (${describeError(error)}); serving anyway, the first long window may load slower`,
    );
  }
}

/** An error's message, and its cause's (fetch says only "fetch failed"). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Starts listening; resolves with the server and the URL a person should open. */
export async function startEarshotServer(
  config: EarshotConfig,
  options: EarshotAppOptions = {},
): Promise<{ server: Server; url: string; app: EarshotApp }> {
  const app = await createEarshotApp(config, options);
  const server = createServer((req, res) => app.handle(req, res));
  prepareColumnsThread();
  if (options.warmUp) await warmUp(options.warmUp);
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolveListen());
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { server, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, app };
}
