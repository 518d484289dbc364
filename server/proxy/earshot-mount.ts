// Everything Earshot's server answers besides the app's files: /healthz, the access key gate,
// /api/earshot/config and the /api proxy. Mounted by the production server (server/app.ts) and
// by the Vite dev and preview servers (server/vite-plugin.ts), so both run the same code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  EARSHOT_CONFIG_PATH,
  type EarshotClientConfig,
  type EarshotMode,
} from '../../common/earshot-config.ts';
import { clientAddress, createAccessGate } from '../access/access-key.ts';
import type { Credentials, EarshotConfig } from '../config.ts';
import { createApiProxy, type ApiProxy } from './api-proxy.ts';
import { isAllowedHost } from './allowed-hosts.ts';
import { columnsReadCounts } from './closed-interval-columns.ts';
import { sendProblem } from './problem.ts';
import { connectRedis } from './redis-link.ts';
import { createRedisState, redisNamespace } from './redis-state.ts';

export interface SimulatorHandle {
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface EarshotMountOptions {
  /** The build id of the files served now (read again when dist/ changes). */
  buildId: () => string;
  /** Starts the embedded simulator; called only when no credentials are configured. */
  startSimulator: () => Promise<SimulatorHandle>;
  log?: (line: string) => void;
  /** The proxy's clock (tests drive it). */
  nowMs?: () => number;
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
  // The simulator's own token cannot be locked out, and the 401s it sends are faults a test
  // injects on one path: holding them back for every path would only hide what is tested.
  const holdBackMs = simulator ? 0 : undefined;
  const redis = config.redisUrl ? connectRedis(config.redisUrl, { log }) : undefined;
  const sharedState = redis
    ? createRedisState({
        link: redis,
        namespace: redisNamespace(credentials, upstreamBase),
        // As long as the longest upstream call: past it the call's holder is taken for gone.
        coalesceWaitMs: config.totalTimeoutMs + 2000,
        ...(options.nowMs ? { nowMs: options.nowMs } : {}),
        ...(holdBackMs !== undefined ? { holdBackMs } : {}),
        log,
      })
    : undefined;
  const proxy = createApiProxy({
    apiVersion: config.apiVersion,
    upstreamBase,
    credentials,
    connectTimeoutMs: config.connectTimeoutMs,
    totalTimeoutMs: config.totalTimeoutMs,
    cacheTtlMs: config.cacheTtlMs,
    intervalCacheMaxBytes: config.intervalCacheBytes,
    ...(holdBackMs !== undefined ? { holdBackMs } : {}),
    ...(sharedState ? { sharedState } : {}),
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
    clientOf: (req) => clientAddress(req, config.trustProxy),
    log,
  });
  const gate = config.accessKey
    ? createAccessGate(config.accessKey, { trustProxy: config.trustProxy, log })
    : undefined;

  /** Answers every request it owns; no request, however malformed, may throw out of here. */
  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    try {
      return route(req, res);
    } catch (error) {
      log(`earshot: internal error: ${error instanceof Error ? error.message : 'unknown'}`);
      if (!res.headersSent) {
        sendProblem(res, {
          status: 500,
          title: 'Internal error',
          detail: 'Earshot failed to answer this request; see the server log.',
        });
      } else {
        res.destroy();
      }
      return true;
    }
  }

  function route(req: IncomingMessage, res: ServerResponse): boolean {
    const target = req.url ?? '/';
    if (!isOriginFormTarget(target)) {
      sendProblem(res, {
        status: 400,
        title: 'Bad request target',
        detail:
          'The request target is not a path on this server: ask for a path such as /wall or /api/v7/tests, not a URL.',
      });
      return true;
    }
    if (!isAllowedHost(req.headers.host, config.allowedHosts)) {
      sendProblem(res, {
        status: 421,
        title: 'Host not allowed',
        detail: `This Earshot server does not answer to the host name '${String(req.headers.host)
          .slice(0, 100)
          .replace(
            /[^\x20-\x7e]/g,
            '?',
          )}'. Open it by an address it knows, or add that name to EARSHOT_ALLOWED_HOSTS on the server.`,
      });
      return true;
    }
    const path = target.split('?')[0] ?? '/';
    if (path === '/healthz') {
      const caches = proxy.cacheSizes(); // bytes and entries of each cache (#12)
      // With EARSHOT_REDIS_URL: whether the state is shared now, or this server's own meanwhile.
      const shared = redis ? { redis: redis.status() } : {};
      const body = JSON.stringify({
        status: 'ok',
        buildId: options.buildId(),
        mode,
        caches,
        // Closed intervals read into round columns, and how many of their rows were parsed.
        columns: columnsReadCounts(),
        ...shared,
      });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    if (gate && !gate.admit(req, res)) return true;
    if (path === EARSHOT_CONFIG_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendProblem(
          res,
          { status: 405, title: 'Method not allowed', detail: 'Use GET.' },
          { Allow: 'GET, HEAD' },
        );
        return true;
      }
      const clientConfig: EarshotClientConfig = {
        mode,
        apiVersion: config.apiVersion,
        buildId: options.buildId(),
      };
      const body = JSON.stringify(clientConfig);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    if (path.startsWith('/api/earshot/')) {
      sendProblem(res, {
        status: 404,
        title: 'Not found',
        detail: `Earshot's own endpoint is ${EARSHOT_CONFIG_PATH}.`,
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
      redis?.close();
      await simulator?.close();
    },
    mode,
    simulatorUrl: simulator?.url,
    proxy,
  };
}

/** A path (origin form), parseable: not an absolute URL, not `//host`, not `*`. */
function isOriginFormTarget(target: string): boolean {
  if (!target.startsWith('/') || target.startsWith('//')) return false;
  try {
    new URL(target, 'http://earshot.invalid');
    return true;
  } catch {
    return false;
  }
}
