// Everything Earshot's server answers besides the app's files: /healthz, the access key gate,
// /api/earshot/config and the /api proxy. Mounted by the production server (server/app.ts) and
// by the Vite dev and preview servers (server/vite-plugin.ts), so both run the same code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAccessGate } from '../access/access-key.ts';
import type { Credentials, EarshotConfig } from '../config.ts';
import { createApiProxy, type ApiProxy } from './api-proxy.ts';
import { sendProblem } from './problem.ts';

export type EarshotMode = 'live' | 'simulator';

export interface SimulatorHandle {
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface EarshotMountOptions {
  buildId: string;
  /** Starts the embedded simulator; called only when no credentials are configured. */
  startSimulator: () => Promise<SimulatorHandle>;
  log?: (line: string) => void;
}

export interface EarshotMount {
  /** Answers the request and returns true, or returns false for the app's own files. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
  readonly mode: EarshotMode;
  /** The embedded simulator's URL in simulator mode (its /_simulator controls are for tests). */
  readonly simulatorUrl: string | undefined;
  readonly proxy: ApiProxy;
}

/** What the SPA learns from GET /api/earshot/config: never a credential. */
export interface EarshotClientConfig {
  mode: EarshotMode;
  apiVersion: EarshotConfig['apiVersion'];
  buildId: string;
}

export const CLIENT_CONFIG_PATH = '/api/earshot/config';

export async function createEarshotMount(
  config: EarshotConfig,
  options: EarshotMountOptions,
): Promise<EarshotMount> {
  const log = options.log ?? ((line: string) => console.log(line));
  const mode: EarshotMode = config.credentials ? 'live' : 'simulator';
  let simulator: SimulatorHandle | undefined;
  let upstreamBase = config.apiUrl;
  let credentials: Credentials;
  if (config.credentials) {
    credentials = config.credentials;
  } else {
    simulator = await options.startSimulator();
    upstreamBase = simulator.url.replace(/\/+$/, '');
    credentials = { kind: 'bearer', token: simulator.token };
  }
  const proxy = createApiProxy({
    apiVersion: config.apiVersion,
    upstreamBase,
    credentials,
    connectTimeoutMs: config.connectTimeoutMs,
    totalTimeoutMs: config.totalTimeoutMs,
    cacheTtlMs: config.cacheTtlMs,
    intervalCacheMaxBytes: config.intervalCacheBytes,
    log,
  });
  const gate = config.accessKey ? createAccessGate(config.accessKey) : undefined;
  const clientConfig: EarshotClientConfig = {
    mode,
    apiVersion: config.apiVersion,
    buildId: options.buildId,
  };

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') {
      const caches = proxy.cacheSizes(); // bytes and entries of each cache (#12)
      const body = JSON.stringify({ status: 'ok', buildId: options.buildId, mode, caches });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    if (gate && !gate.admit(req, res)) return true;
    if (path === CLIENT_CONFIG_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendProblem(
          res,
          { status: 405, title: 'Method not allowed', detail: 'Use GET.' },
          { Allow: 'GET, HEAD' },
        );
        return true;
      }
      const body = JSON.stringify(clientConfig);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    if (path.startsWith('/api/earshot/')) {
      sendProblem(res, {
        status: 404,
        title: 'Not found',
        detail: `Earshot's own endpoint is ${CLIENT_CONFIG_PATH}.`,
      });
      return true;
    }
    if (path === '/api' || path.startsWith('/api/')) {
      proxy.handle(req, res).catch((error: unknown) => {
        log(`earshot api: internal error: ${error instanceof Error ? error.message : 'unknown'}`);
        if (!res.headersSent) {
          sendProblem(res, {
            status: 500,
            title: 'Internal error',
            detail: 'Earshot failed to answer this API request; see the server log.',
          });
        } else {
          res.destroy();
        }
      });
      return true;
    }
    return false;
  }

  return {
    handle,
    close: async () => {
      await simulator?.close();
    },
    mode,
    simulatorUrl: simulator?.url,
    proxy,
  };
}
