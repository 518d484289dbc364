// Reads the Earshot server's configuration from the environment (and an optional .env beside
// package.json). Secrets stay here, on the server: nothing in this file is ever sent to a browser.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiVersion } from '../common/earshot-config.ts';

export type Credentials =
  { kind: 'bearer'; token: string } | { kind: 'basic'; email: string; basicToken: string };

export interface EarshotConfig {
  host: string;
  port: number;
  apiUrl: string;
  apiVersion: ApiVersion;
  /** Undefined means: no credentials, so the embedded simulator answers. */
  credentials: Credentials | undefined;
  accessKey: string | undefined;
  /** Where the production build lives. */
  distDir: string;
  /** Upstream connect and total timeouts (EARSHOT_CONNECT_TIMEOUT_MS, EARSHOT_UPSTREAM_TIMEOUT_MS). */
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  /** How long a successful upstream answer is shared between screens (EARSHOT_CACHE_SECONDS). */
  cacheTtlMs: number;
  /** Bytes the closed-interval cache may hold (EARSHOT_INTERVAL_CACHE_MB; 0 keeps none). */
  intervalCacheBytes: number;
  /** CSP frame-ancestors sources (EARSHOT_FRAME_ANCESTORS); `'none'` forbids embedding. */
  frameAncestors: string;
  /**
   * Host names besides loopback and IP addresses that requests may carry (EARSHOT_ALLOWED_HOSTS);
   * a name starting with `.` also allows its subdomains. Anything else is a 421 (DNS rebinding).
   */
  allowedHosts: string[];
  /** Trust a reverse proxy's X-Forwarded-Proto and X-Forwarded-For (EARSHOT_TRUST_PROXY=1). */
  trustProxy: boolean;
  /**
   * Redis shared by every Earshot server of the organisation (EARSHOT_REDIS_URL): budget, 401
   * hold-back, calls in flight and caches. Undefined: everything stays in this process.
   */
  redisUrl: string | undefined;
}

/** An access key shorter than this is refused at start-up: it could be guessed. */
export const MIN_ACCESS_KEY_LENGTH = 16;

export class ConfigError extends Error {}

/** Loads `.env` from `dir` into process.env without overriding what is already set. */
export function loadDotEnv(dir: string): void {
  const file = resolve(dir, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

export function readConfig(env: NodeJS.ProcessEnv, rootDir: string): EarshotConfig {
  const apiVersion = (env.TE_API_VERSION ?? 'v7').trim();
  if (apiVersion !== 'v7' && apiVersion !== 'v6') {
    throw new ConfigError(`TE_API_VERSION '${apiVersion}': use v7 (the default) or v6`);
  }
  const portText = env.PORT ?? '4173';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new ConfigError(`PORT '${portText}': use a whole number from 0 to 65535`);
  }
  const apiUrl = (env.TE_API_URL ?? 'https://api.thousandeyes.com').replace(/\/+$/, '');
  let parsedApiUrl: URL;
  try {
    parsedApiUrl = new URL(apiUrl);
  } catch {
    throw new ConfigError(
      `TE_API_URL '${apiUrl}': use an origin such as https://api.thousandeyes.com`,
    );
  }
  if (parsedApiUrl.protocol !== 'https:' && parsedApiUrl.protocol !== 'http:') {
    throw new ConfigError(`TE_API_URL '${apiUrl}': use an http(s) origin`);
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    apiUrl,
    apiVersion,
    credentials: readCredentials(env, apiVersion),
    accessKey: readAccessKey(env.EARSHOT_ACCESS_KEY),
    distDir: resolve(rootDir, 'dist'),
    connectTimeoutMs: readWholeNumber(env, 'EARSHOT_CONNECT_TIMEOUT_MS', 20_000, 1),
    totalTimeoutMs: readWholeNumber(env, 'EARSHOT_UPSTREAM_TIMEOUT_MS', 20_000, 1),
    cacheTtlMs: readWholeNumber(env, 'EARSHOT_CACHE_SECONDS', 15, 0) * 1000,
    intervalCacheBytes: readWholeNumber(env, 'EARSHOT_INTERVAL_CACHE_MB', 256, 0) * 1024 * 1024,
    frameAncestors: readFrameAncestors(env.EARSHOT_FRAME_ANCESTORS),
    allowedHosts: readAllowedHosts(env.EARSHOT_ALLOWED_HOSTS),
    trustProxy: readSwitch(env, 'EARSHOT_TRUST_PROXY'),
    redisUrl: readRedisUrl(env.EARSHOT_REDIS_URL),
  };
}

/** `redis://[user:password@]host[:port][/db]` or `rediss://` (TLS); empty means none. */
function readRedisUrl(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new ConfigError(
      `EARSHOT_REDIS_URL is not a Redis URL: use redis://host:6379 (or rediss:// for TLS, redis://:password@host:6379/0 with a password), or leave it unset for one server`,
    );
  }
  return trimmed;
}

function readAccessKey(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (text.length < MIN_ACCESS_KEY_LENGTH || /[\0-\x20\x7f]/.test(text)) {
    throw new ConfigError(
      `EARSHOT_ACCESS_KEY is ${text.length} characters${/[\0-\x20\x7f]/.test(text) ? ' with spaces or control characters' : ''}: use at least ${MIN_ACCESS_KEY_LENGTH} printable characters, e.g. EARSHOT_ACCESS_KEY=$(openssl rand -base64 24)`,
    );
  }
  return text;
}

/** Comma- or space-separated host names, e.g. `earshot.noc.example,.lan.example`. */
function readAllowedHosts(text: string | undefined): string[] {
  const names = (text ?? '').split(/[\s,]+/).filter(Boolean);
  for (const name of names) {
    if (
      !/^\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
        name,
      )
    ) {
      throw new ConfigError(
        `EARSHOT_ALLOWED_HOSTS '${name}': use host names without port or scheme, such as earshot.noc.example or .noc.example (its subdomains)`,
      );
    }
  }
  return names.map((name) => name.toLowerCase());
}

function readSwitch(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = env[name]?.trim() ?? '';
  if (text === '' || text === '0') return false;
  if (text === '1') return true;
  throw new ConfigError(`${name} '${text}': use 1 (on) or 0 (off)`);
}

function readWholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  minimum: number,
): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < minimum || value > 86_400_000) {
    throw new ConfigError(`${name} '${text}': use a whole number of at least ${minimum}`);
  }
  return value;
}

/** `'none'` (the default), `'self'`, or space-separated http(s) origins allowed to embed Earshot. */
function readFrameAncestors(text: string | undefined): string {
  const sources = (text ?? '').trim().split(/\s+/).filter(Boolean);
  if (sources.length === 0) return "'none'";
  for (const source of sources) {
    const isKeyword = source === "'self'" || source === "'none'";
    const isOrigin = /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(source);
    if (!isKeyword && !isOrigin) {
      throw new ConfigError(
        `EARSHOT_FRAME_ANCESTORS '${source}': use 'self' or origins such as https://noc.example.com`,
      );
    }
  }
  return sources.join(' ');
}

function readCredentials(env: NodeJS.ProcessEnv, apiVersion: ApiVersion): Credentials | undefined {
  if (env.TE_TOKEN) return { kind: 'bearer', token: env.TE_TOKEN };
  if (env.TE_EMAIL || env.TE_BASIC_TOKEN) {
    if (!env.TE_EMAIL || !env.TE_BASIC_TOKEN) {
      throw new ConfigError('Basic auth needs both TE_EMAIL and TE_BASIC_TOKEN (or set TE_TOKEN)');
    }
    if (apiVersion !== 'v6') {
      throw new ConfigError(
        'TE_EMAIL + TE_BASIC_TOKEN work with v6 only: set TE_API_VERSION=v6, or use TE_TOKEN for v7',
      );
    }
    return { kind: 'basic', email: env.TE_EMAIL, basicToken: env.TE_BASIC_TOKEN };
  }
  return undefined;
}
