// The embedded ThousandEyes API simulator: v7 and v6 at their real paths, deterministic data,
// the organisation's rate limit, and (only when enabled) a test-only fault and clock control.
// The Earshot server mounts `createSimulator().handle`; `npm run simulator` runs it standalone.
// Here: wiring, faults and routing; options.ts reads the options, auth.ts checks credentials,
// control-api.ts is the test-only control API.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { createAuthGate } from './auth.ts';
import { ACCOUNT_GROUPS, DEFAULT_AID, MAX_AGENTS, buildAgents } from './catalog.ts';
import type { Route, SimulatorState } from './context.ts';
import { createRequestLog, handleControlRequest, type SimulatorControls } from './control-api.ts';
import { FaultTable, type Fault } from './faults.ts';
import {
  DEFAULT_AGENTS_PER_TEST,
  DEFAULT_PAGE_SIZE,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  type SimulatorOptions,
} from './options.ts';
import { OrganisationRateLimit, rateLimitHeaders } from './rate-limit.ts';
import { sendBody, sendError, type Reply } from './reply.ts';
import { V6_ROUTES, chooseFormat, splitSuffix } from './v6.ts';
import { V7_ROUTES } from './v7.ts';

export interface Simulator {
  handle(req: IncomingMessage, res: ServerResponse): void;
  token: string;
  controls: SimulatorControls;
  /** Ends requests a `hang` fault is holding open. */
  close(): void;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const token = options.token ?? randomBytes(18).toString('base64url');
  const agentsPerTest = Math.min(
    MAX_AGENTS,
    Math.max(1, Math.floor(options.agentsPerTest ?? DEFAULT_AGENTS_PER_TEST)),
  );
  const state: SimulatorState = {
    agents: buildAgents(agentsPerTest, options.hostile ?? false),
    pageSize: Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE)),
    hostile: options.hostile ?? false,
    linksByTest: new Map(),
  };
  const baseNow = options.now ?? Date.now;
  let clockOffsetMs = 0;
  const now = () => baseNow() + clockOffsetMs;
  const rateLimit = new OrganisationRateLimit(
    options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
  );
  const authGate = createAuthGate({ token, basicAuth: options.basicAuth, rateLimit });
  const faults = new FaultTable();
  const hanging = new Set<ServerResponse>();
  const requestLog = createRequestLog(now);

  const controls: SimulatorControls = {
    addFault: (spec) => faults.add(spec),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    listFaults: () => faults.list(),
    now,
    setNow: (nowMs) => {
      clockOffsetMs = nowMs - baseNow();
    },
    advance: (offsetMs) => {
      clockOffsetMs += offsetMs;
    },
    resetClock: () => {
      clockOffsetMs = 0;
    },
    requests: () => requestLog.read(),
    resetRequests: () => requestLog.reset(),
    rateLimit: () => rateLimit.peek(now()),
    resetRateLimit: () => {
      rateLimit.reset();
      authGate.reset();
    },
    reset: () => {
      faults.clear();
      controls.resetClock();
      controls.resetRequests();
      controls.resetRateLimit();
    },
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const origin = options.publicOrigin ?? `http://${req.headers.host ?? '127.0.0.1'}`;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://simulator.invalid');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (url.pathname === '/_simulator' || url.pathname.startsWith('/_simulator/')) {
      if (options.faultsEnabled) {
        handleControlRequest(req, res, url, controls).catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: String(error) }));
        });
        return;
      }
    }
    requestLog.record(req, res, url);
    const version: ApiVersion = url.pathname.startsWith('/v6/') ? 'v6' : 'v7';
    const { path, suffix } =
      version === 'v6' ? splitSuffix(url.pathname) : { path: url.pathname, suffix: undefined };
    const format =
      version === 'v6'
        ? chooseFormat(suffix, req.headers.accept, url.searchParams.get('format'))
        : 'json';
    const reply: Reply = {
      res,
      version,
      format: format ?? 'json',
      instance: `${url.pathname}${url.search}`,
      headers: {},
      truncate: false,
    };
    const fault = faults.take(req.method ?? 'GET', `${url.pathname}${url.search}`);
    if (fault) {
      applyFault(fault, reply, () => serve(req, reply, url, path, origin, format));
      return;
    }
    serve(req, reply, url, path, origin, format);
  }

  function applyFault(fault: Fault, reply: Reply, proceed: () => void): void {
    const { res } = reply;
    switch (fault.kind) {
      case 'slow': {
        const timer = setTimeout(proceed, fault.delayMs ?? 2000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'status': {
        const status = fault.status ?? 503;
        reply.headers = rateLimitHeaders(rateLimit.peek(now()));
        sendError(reply, status, `Simulated fault: HTTP ${status}`);
        return;
      }
      case 'rate-limit': {
        const resetSeconds = fault.resetAt ?? rateLimit.peek(now()).resetSeconds;
        reply.headers = {
          ...rateLimitHeaders({ limit: rateLimit.limit, remaining: 0, resetSeconds }),
        };
        sendError(
          reply,
          429,
          'Too many requests for the organisation; wait for the rate limit to reset',
        );
        return;
      }
      case 'malformed-json':
        sendBody(
          reply,
          200,
          '{"results": [{"roundId": 17000, "agent": {"agentId": "1000", "agentName": "Fra',
          reply.version === 'v7' ? 'application/hal+json' : 'application/json',
        );
        return;
      case 'truncated':
        reply.truncate = true;
        proceed();
        return;
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'reset':
        reply.res.socket?.destroy();
        return;
    }
  }

  function serve(
    req: IncomingMessage,
    reply: Reply,
    url: URL,
    path: string,
    origin: string,
    format: 'json' | 'xml' | undefined,
  ): void {
    const version = reply.version;
    const nowMs = now();
    if (!url.pathname.startsWith('/v6/') && !url.pathname.startsWith('/v7/')) {
      sendError(reply, 404, `No endpoint at ${url.pathname}; this API lives under /v7 and /v6`);
      return;
    }
    // Authentication first, as upstream: a wrong credential never learns which paths exist.
    if (!authGate.admit(req, reply, nowMs)) return;
    const budget = rateLimit.consume(nowMs);
    reply.headers = rateLimitHeaders(budget);
    if (!budget.allowed) {
      sendError(
        reply,
        429,
        `Rate limit of ${budget.limit} requests a minute exceeded for the organisation`,
      );
      return;
    }
    const routes = version === 'v6' ? V6_ROUTES : V7_ROUTES;
    let matched: { handler: Route['handler']; match: RegExpExecArray } | undefined;
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (match) {
        matched = { handler: route.handler, match };
        break;
      }
    }
    if (!matched) {
      sendError(reply, 404, `No endpoint at ${url.pathname}`);
      return;
    }
    if (req.method !== 'GET') {
      sendError(reply, 405, `${req.method} is not allowed on ${url.pathname}; use GET`, {
        headers: { Allow: 'GET' },
      });
      return;
    }
    if (format === undefined) {
      sendError(reply, 400, `format '${url.searchParams.get('format')}': use json or xml`, {
        field: 'format',
      });
      return;
    }
    const aidText = url.searchParams.get('aid');
    let aid = DEFAULT_AID;
    if (aidText !== null) {
      const group = ACCOUNT_GROUPS.find(
        (candidate) => /^\d+$/.test(aidText) && candidate.aid === Number(aidText),
      );
      if (!group || !group.assigned) {
        sendError(reply, 403, `You are not assigned to account group '${aidText}'`);
        return;
      }
      aid = group.aid;
    }
    matched.handler(
      { state, reply, url, origin, nowMs, aid, aidGiven: aidText !== null },
      matched.match,
    );
  }

  return {
    handle,
    token,
    controls,
    close: () => {
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
  };
}

export interface RunningSimulator {
  url: string;
  token: string;
  controls: SimulatorControls;
  close(): Promise<void>;
}

/** Longer than clients keep an idle connection (Node's fetch: 4 s): the client is the one to close it. */
const SIMULATOR_KEEP_ALIVE_MS = 10 * 60_000;

/** Listens on host:port (default 127.0.0.1 and a free port) and resolves with the URL. */
export async function startSimulatorServer(
  options: SimulatorOptions & { host?: string; port?: number } = {},
): Promise<RunningSimulator> {
  const simulator = createSimulator(options);
  const server = createServer((req, res) => simulator.handle(req, res));
  // The client closes idle connections, not the simulator: a server that closes a kept-alive
  // socket races a client reusing it (ECONNRESET), and in one process a busy event loop runs both
  // timers late, together. Clients close theirs sooner (fetch after 4 s, browsers by their own
  // rules); every connection still ends with close().
  server.keepAliveTimeout = SIMULATOR_KEEP_ALIVE_MS;
  server.headersTimeout = SIMULATOR_KEEP_ALIVE_MS + 1000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    token: simulator.token,
    controls: simulator.controls,
    close: () =>
      new Promise<void>((resolveClose) => {
        simulator.close();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
