// The test-only control API: `/_simulator/*` over HTTP (faults, the clock, the request log, the
// rate limit; enabled only with faultsEnabled) and its programmatic twin, SimulatorControls.
// README.md documents the endpoints.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultValidationError, type Fault, type FaultSpec } from './faults.ts';
import type { RateLimitState } from './rate-limit.ts';

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

const LOG_LIMIT = 1000;

/** Every request the simulator answered: counts per path and the most recent 1,000. */
export function createRequestLog(now: () => number) {
  let entries: RequestLogEntry[] = [];
  let byPath: Record<string, number> = {};
  let total = 0;
  return {
    record(req: IncomingMessage, res: ServerResponse, url: URL): void {
      const entry: RequestLogEntry = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search,
        status: 0,
        atMs: now(),
      };
      total += 1;
      byPath[url.pathname] = (byPath[url.pathname] ?? 0) + 1;
      entries.push(entry);
      if (entries.length > LOG_LIMIT) entries.splice(0, entries.length - LOG_LIMIT);
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
    },
    read(): RequestLog {
      return { total, byPath: { ...byPath }, log: entries.map((entry) => ({ ...entry })) };
    },
    reset(): void {
      entries = [];
      byPath = {};
      total = 0;
    },
  };
}

/** Answers one `/_simulator/*` request (enabled only with faultsEnabled). */
export async function handleControlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  controls: SimulatorControls,
): Promise<void> {
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
    if (path === '/_simulator/clock' && method === 'GET')
      return sendJson(200, { nowMs: controls.now() });
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
      return sendJson(200, { nowMs: controls.now() });
    }
    if (path === '/_simulator/clock' && method === 'DELETE') {
      controls.resetClock();
      return sendJson(200, { nowMs: controls.now() });
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
