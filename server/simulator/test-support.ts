// Helpers the simulator's tests share: a simulator on 127.0.0.1 with a pinned clock, and fetch
// wrappers that speak its auth. Only ever talks to 127.0.0.1.
import { startSimulatorServer, type RunningSimulator } from './index.ts';
import type { SimulatorOptions } from './options.ts';

/** 2026-01-15T12:00:30Z: thirty seconds past a round boundary for every interval. */
export const PINNED_NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 30);

export const TEST_TOKEN = 'test-token-0123456789';

export async function startTestSimulator(
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  return startSimulatorServer({
    host: '127.0.0.1',
    port: 0,
    token: TEST_TOKEN,
    now: () => PINNED_NOW_MS,
    agentsPerTest: 12,
    pageSize: 5000,
    rateLimitPerMinute: 100_000,
    faultsEnabled: true,
    ...options,
  });
}

export async function get(
  sim: { url: string },
  path: string,
  init: {
    headers?: Record<string, string>;
    method?: string;
    redirect?: 'manual' | 'follow' | 'error';
  } = {},
): Promise<Response> {
  const url = path.startsWith('http') ? path : `${sim.url}${path}`;
  return fetch(url, {
    method: init.method ?? 'GET',
    redirect: init.redirect ?? 'manual',
    headers: { Authorization: `Bearer ${TEST_TOKEN}`, ...init.headers },
  });
}

export async function getJson<T = Record<string, unknown>>(
  sim: { url: string },
  path: string,
  init: { headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; response: Response }> {
  const response = await get(sim, path, init);
  const body = (await response.json()) as T;
  return { status: response.status, body, response };
}
