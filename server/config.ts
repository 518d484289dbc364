// Reads the Earshot server's configuration from the environment (and an optional .env beside
// package.json). Secrets stay here, on the server: nothing in this file is ever sent to a browser.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export type ApiVersion = 'v6' | 'v7';

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
}

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
    accessKey: env.EARSHOT_ACCESS_KEY || undefined,
    distDir: resolve(rootDir, 'dist'),
  };
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
