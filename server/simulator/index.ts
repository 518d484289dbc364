// The embedded ThousandEyes API simulator: v7 and v6 at their real paths, deterministic data,
// the organisation's rate limit, and (only when enabled) a test-only fault and clock control.
// The Earshot server mounts `createSimulator().handle`; `npm run simulator` runs it standalone.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseUtcDateTime } from '../../common/time-window.ts';
import { ACCOUNT_GROUPS, DEFAULT_AID, MAX_AGENTS, buildAgents } from './catalog.ts';
import type { RequestContext, SimulatorState } from './context.ts';
import { FaultTable, FaultValidationError, type Fault, type FaultSpec } from './faults.ts';
import { FailedAuthLimit, OrganisationRateLimit, type RateLimitState } from './rate-limit.ts';
import type { ApiVersion } from '../../common/earshot-config.ts';
import { sendBody, sendError, sendV7Unauthorized, type Reply } from './reply.ts';
import { V6_ROUTES, chooseFormat, splitSuffix } from './v6.ts';
import { V7_ROUTES } from './v7.ts';

export type { FaultKind, FaultSpec, Fault } from './faults.ts';

export interface SimulatorOptions {
  /** Bearer token accepted (v7 and v6); generated if absent. */
  token?: string;
  /** v6 basic auth accepted (email + basic token); absent = basic auth is always refused. */
  basicAuth?: { email: string; basicToken: string };
  /** Rows per results page (default 5,000: a v7 page of a few MB). */
  pageSize?: number;
  /** Agents reporting on every voice test, 1 to 1,000 (default 30). */
  agentsPerTest?: number;
  /** Requests a minute for the organisation (default 240). */
  rateLimitPerMinute?: number;
  /** The clock, epoch ms (default Date.now). The control endpoint can move it. */
  now?: () => number;
  /** Enables the test-only `/_simulator/*` control endpoints. Default false. */
  faultsEnabled?: boolean;
  /** Serve hostile but well-formed data: HTML in an agent name, a javascript: permalink. */
  hostile?: boolean;
  /** Origin for absolute links in bodies; default: the request's Host header. */
  publicOrigin?: string;
}

export const DEFAULT_PAGE_SIZE = 5000;
export const DEFAULT_AGENTS_PER_TEST = 30;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 240;

export class SimulatorOptionsError extends Error {}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new SimulatorOptionsError(`${name} '${text}': use a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * Reads the EARSHOT_SIM_* knobs (see README.md): EARSHOT_SIM_AGENTS, EARSHOT_SIM_PAGE_SIZE,
 * EARSHOT_SIM_RATE_LIMIT, EARSHOT_SIM_FAULTS=1, EARSHOT_SIM_HOSTILE=1, EARSHOT_SIM_TOKEN,
 * EARSHOT_SIM_EMAIL + EARSHOT_SIM_BASIC_TOKEN, EARSHOT_SIM_NOW. Throws SimulatorOptionsError
 * naming the variable when a value is malformed.
 */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  const options: SimulatorOptions = {};
  if (env.EARSHOT_SIM_AGENTS)
    options.agentsPerTest = wholeNumber(
      'EARSHOT_SIM_AGENTS',
      env.EARSHOT_SIM_AGENTS,
      1,
      MAX_AGENTS,
    );
  if (env.EARSHOT_SIM_PAGE_SIZE) {
    options.pageSize = wholeNumber(
      'EARSHOT_SIM_PAGE_SIZE',
      env.EARSHOT_SIM_PAGE_SIZE,
      1,
      1_000_000,
    );
  }
  if (env.EARSHOT_SIM_RATE_LIMIT) {
    options.rateLimitPerMinute = wholeNumber(
      'EARSHOT_SIM_RATE_LIMIT',
      env.EARSHOT_SIM_RATE_LIMIT,
      1,
      1_000_000,
    );
  }
  const flag = (name: string) => {
    const value = env[name];
    if (value === undefined || value === '' || value === '0') return false;
    if (value === '1' || value === 'true') return true;
    throw new SimulatorOptionsError(
      `${name} '${value}': use 1 to turn it on, 0 or nothing for off`,
    );
  };
  if (flag('EARSHOT_SIM_FAULTS')) options.faultsEnabled = true;
  if (flag('EARSHOT_SIM_HOSTILE')) options.hostile = true;
  if (env.EARSHOT_SIM_TOKEN) options.token = env.EARSHOT_SIM_TOKEN;
  if (env.EARSHOT_SIM_EMAIL || env.EARSHOT_SIM_BASIC_TOKEN) {
    if (!env.EARSHOT_SIM_EMAIL || !env.EARSHOT_SIM_BASIC_TOKEN) {
      throw new SimulatorOptionsError('EARSHOT_SIM_EMAIL and EARSHOT_SIM_BASIC_TOKEN go together');
    }
    options.basicAuth = { email: env.EARSHOT_SIM_EMAIL, basicToken: env.EARSHOT_SIM_BASIC_TOKEN };
  }
  if (env.EARSHOT_SIM_NOW) {
    const text = env.EARSHOT_SIM_NOW;
    const fixed = /^\d+$/.test(text)
      ? { ok: true as const, value: Number(text) }
      : parseUtcDateTime('EARSHOT_SIM_NOW', text);
    if (!fixed.ok) throw new SimulatorOptionsError(fixed.message);
    const nowMs = fixed.value;
    options.now = () => nowMs;
  }
  return options;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  /** 0 when the connection was reset or the request is still hanging. */
  status: number;
  atMs: number;
}

export interface RequestLog {
  total: number;
  /** Requests per path (no query string). */
  byPath: Record<string, number>;
  /** The most recent requests, oldest first (at most 1,000). */
  log: RequestLogEntry[];
}

/** The programmatic twin of the `/_simulator/*` endpoints; always available in-process. */
export interface SimulatorControls {
  addFault(spec: FaultSpec): Fault;
  removeFault(id: string): boolean;
  clearFaults(): void;
  listFaults(): Fault[];
  /** The simulator's clock, epoch ms. */
  now(): number;
  /** Pins the clock's current reading to `nowMs` (it keeps running from there). */
  setNow(nowMs: number): void;
  /** Moves the clock by `offsetMs` (negative goes back). */
  advance(offsetMs: number): void;
  /** Undoes setNow/advance. */
  resetClock(): void;
  requests(): RequestLog;
  resetRequests(): void;
  rateLimit(): RateLimitState;
  resetRateLimit(): void;
  /** Everything above back to the start. */
  reset(): void;
}

export interface Simulator {
  handle(req: IncomingMessage, res: ServerResponse): void;
  token: string;
  controls: SimulatorControls;
  /** Ends requests a `hang` fault is holding open. */
  close(): void;
}

const LOG_LIMIT = 1000;

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
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
  const failedAuth = new FailedAuthLimit();
  const faults = new FaultTable();
  const hanging = new Set<ServerResponse>();
  let requestLog: RequestLogEntry[] = [];
  let byPath: Record<string, number> = {};
  let total = 0;

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
    requests: () => ({
      total,
      byPath: { ...byPath },
      log: requestLog.map((entry) => ({ ...entry })),
    }),
    resetRequests: () => {
      requestLog = [];
      byPath = {};
      total = 0;
    },
    rateLimit: () => rateLimit.peek(now()),
    resetRateLimit: () => {
      rateLimit.reset();
      failedAuth.reset();
    },
    reset: () => {
      faults.clear();
      controls.resetClock();
      controls.resetRequests();
      controls.resetRateLimit();
    },
  };

  function record(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: 0,
      atMs: now(),
    };
    total += 1;
    byPath[url.pathname] = (byPath[url.pathname] ?? 0) + 1;
    requestLog.push(entry);
    if (requestLog.length > LOG_LIMIT) requestLog.splice(0, requestLog.length - LOG_LIMIT);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
  }

  function rateHeaders(limitState: RateLimitState): Record<string, string> {
    return {
      'X-Organization-Rate-Limit-Limit': String(limitState.limit),
      'X-Organization-Rate-Limit-Remaining': String(limitState.remaining),
      'X-Organization-Rate-Limit-Reset': String(limitState.resetSeconds),
    };
  }

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
        handleControl(req, res, url).catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: String(error) }));
        });
        return;
      }
    }
    record(req, res, url);
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
        reply.headers = rateHeaders(rateLimit.peek(now()));
        sendError(reply, status, `Simulated fault: HTTP ${status}`);
        return;
      }
      case 'rate-limit': {
        const resetSeconds = fault.resetAt ?? rateLimit.peek(now()).resetSeconds;
        reply.headers = {
          ...rateHeaders({ limit: rateLimit.limit, remaining: 0, resetSeconds }),
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
    const address = req.socket.remoteAddress ?? 'unknown';
    if (failedAuth.isLockedOut(address, nowMs)) {
      sendError(
        reply,
        429,
        'Too many failed authentication attempts from this address; try again later',
        {
          headers: rateHeaders({
            limit: rateLimit.limit,
            remaining: 0,
            resetSeconds: failedAuth.resetSeconds(nowMs),
          }),
        },
      );
      return;
    }
    const auth = checkAuth(req.headers.authorization, version);
    if (auth !== 'ok') {
      failedAuth.recordFailure(address, nowMs);
      reply.headers = rateHeaders(rateLimit.peek(nowMs));
      if (version === 'v7') sendV7Unauthorized(reply, auth === 'missing');
      else {
        sendError(
          reply,
          401,
          auth === 'missing' ? 'Authentication required' : 'Invalid credentials',
          {
            headers: { 'WWW-Authenticate': 'Basic realm="ThousandEyes API"' },
          },
        );
      }
      return;
    }
    const budget = rateLimit.consume(nowMs);
    reply.headers = rateHeaders(budget);
    if (!budget.allowed) {
      sendError(
        reply,
        429,
        `Rate limit of ${budget.limit} requests a minute exceeded for the organisation`,
      );
      return;
    }
    const routes = version === 'v6' ? V6_ROUTES : V7_ROUTES;
    let matched:
      | { handler: (ctx: RequestContext, match: RegExpExecArray) => void; match: RegExpExecArray }
      | undefined;
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

  function checkAuth(header: string | undefined, version: ApiVersion): 'ok' | 'missing' | 'wrong' {
    if (!header) return 'missing';
    const bearer = /^Bearer\s+(.+)$/i.exec(header);
    if (bearer) return safeEqual(bearer[1]?.trim() ?? '', token) ? 'ok' : 'wrong';
    const basic = /^Basic\s+(.+)$/i.exec(header);
    if (basic && version === 'v6' && options.basicAuth) {
      const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
      const expected = `${options.basicAuth.email}:${options.basicAuth.basicToken}`;
      return safeEqual(decoded, expected) ? 'ok' : 'wrong';
    }
    return 'wrong';
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const sendJson = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const method = req.method ?? 'GET';
    const readJson = async (): Promise<unknown> => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > 65_536) throw new FaultValidationError('body: at most 64 KB');
        chunks.push(chunk as Buffer);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new FaultValidationError('body: not valid JSON');
      }
    };
    try {
      const path = url.pathname.replace(/\/+$/, '');
      if (path === '/_simulator/faults' && method === 'GET')
        return sendJson(200, { faults: controls.listFaults() });
      if (path === '/_simulator/faults' && method === 'POST') {
        const body = await readJson();
        const specs = Array.isArray(body) ? body : [body];
        return sendJson(201, { faults: specs.map((spec) => controls.addFault(spec as FaultSpec)) });
      }
      if (path === '/_simulator/faults' && method === 'DELETE') {
        controls.clearFaults();
        return sendJson(200, { faults: [] });
      }
      const oneFault = /^\/_simulator\/faults\/([^/]+)$/.exec(path);
      if (oneFault && method === 'DELETE') {
        const removed = controls.removeFault(decodeURIComponent(oneFault[1] ?? ''));
        return sendJson(removed ? 200 : 404, { removed });
      }
      if (path === '/_simulator/clock' && method === 'GET') return sendJson(200, { nowMs: now() });
      if (path === '/_simulator/clock' && method === 'POST') {
        const body = (await readJson()) as { nowMs?: unknown; offsetMs?: unknown };
        if (typeof body.nowMs === 'number' && Number.isFinite(body.nowMs))
          controls.setNow(body.nowMs);
        else if (typeof body.offsetMs === 'number' && Number.isFinite(body.offsetMs))
          controls.advance(body.offsetMs);
        else
          throw new FaultValidationError(
            'clock: send {"nowMs": <epoch ms>} or {"offsetMs": <ms to move>}',
          );
        return sendJson(200, { nowMs: now() });
      }
      if (path === '/_simulator/clock' && method === 'DELETE') {
        controls.resetClock();
        return sendJson(200, { nowMs: now() });
      }
      if (path === '/_simulator/requests' && method === 'GET')
        return sendJson(200, controls.requests());
      if (path === '/_simulator/requests' && method === 'DELETE') {
        controls.resetRequests();
        return sendJson(200, controls.requests());
      }
      if (path === '/_simulator/rate-limit' && method === 'GET')
        return sendJson(200, controls.rateLimit());
      if (path === '/_simulator/rate-limit' && method === 'DELETE') {
        controls.resetRateLimit();
        return sendJson(200, controls.rateLimit());
      }
      if (path === '/_simulator/reset' && method === 'POST') {
        controls.reset();
        return sendJson(200, { reset: true });
      }
      return sendJson(404, {
        error: `no control at ${method} ${url.pathname}; see server/simulator/README.md`,
      });
    } catch (error) {
      if (error instanceof FaultValidationError) return sendJson(400, { error: error.message });
      throw error;
    }
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

/** Listens on host:port (default 127.0.0.1 and a free port) and resolves with the URL. */
export async function startSimulatorServer(
  options: SimulatorOptions & { host?: string; port?: number } = {},
): Promise<RunningSimulator> {
  const simulator = createSimulator(options);
  const server = createServer((req, res) => simulator.handle(req, res));
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
