// The simulator's options, and reading them from the EARSHOT_SIM_* environment variables
// (server/simulator/README.md lists them) with a message naming the variable when one is wrong.
import { parseUtcDateTime } from '../../common/time-window.ts';
import { MAX_AGENTS } from './catalog.ts';

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
