import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
  it('defaults: 127.0.0.1:4173, v7, simulator, 20 s timeouts, 15 s cache, no framing', () => {
    const config = readConfig({}, '/srv/earshot');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4173,
      apiVersion: 'v7',
      credentials: undefined,
      connectTimeoutMs: 20_000,
      totalTimeoutMs: 20_000,
      cacheTtlMs: 15_000,
      intervalCacheBytes: 256 * 1024 * 1024,
      frameAncestors: "'none'",
      allowedHosts: [],
      trustProxy: false,
      accessKey: undefined,
      redisUrl: undefined,
    });
  });

  it('reads EARSHOT_REDIS_URL, and refuses what is not a Redis URL without echoing a password', () => {
    expect(readConfig({ EARSHOT_REDIS_URL: ' redis://10.0.0.5:6379/2 ' }, '/').redisUrl).toBe(
      'redis://10.0.0.5:6379/2',
    );
    expect(readConfig({ EARSHOT_REDIS_URL: 'rediss://:pw@cache.noc:6380' }, '/').redisUrl).toBe(
      'rediss://:pw@cache.noc:6380',
    );
    for (const bad of ['http://cache:6379', 'cache:6379', 'redis://', 'redis://:s3cret@']) {
      expect(() => readConfig({ EARSHOT_REDIS_URL: bad }, '/')).toThrow(ConfigError);
      expect(() => readConfig({ EARSHOT_REDIS_URL: bad }, '/')).toThrow(/use redis:\/\/host:6379/);
      expect(() => readConfig({ EARSHOT_REDIS_URL: bad }, '/')).not.toThrow(/s3cret/);
    }
  });

  it('reads the access key, allowed hosts and the trusted proxy switch', () => {
    const config = readConfig(
      {
        EARSHOT_ACCESS_KEY: 'k'.repeat(16),
        EARSHOT_ALLOWED_HOSTS: 'Earshot.NOC.example, .lan.example',
        EARSHOT_TRUST_PROXY: '1',
      },
      '/srv/earshot',
    );
    expect(config).toMatchObject({
      accessKey: 'k'.repeat(16),
      allowedHosts: ['earshot.noc.example', '.lan.example'],
      trustProxy: true,
    });
  });

  it('reads the timeouts, cache time and frame ancestors', () => {
    const config = readConfig(
      {
        EARSHOT_CONNECT_TIMEOUT_MS: '3000',
        EARSHOT_UPSTREAM_TIMEOUT_MS: '8000',
        EARSHOT_CACHE_SECONDS: '0',
        EARSHOT_INTERVAL_CACHE_MB: '32',
        EARSHOT_FRAME_ANCESTORS: "'self' https://noc.example.com",
      },
      '/srv/earshot',
    );
    expect(config).toMatchObject({
      connectTimeoutMs: 3000,
      totalTimeoutMs: 8000,
      cacheTtlMs: 0,
      intervalCacheBytes: 32 * 1024 * 1024,
      frameAncestors: "'self' https://noc.example.com",
    });
  });

  it.each([
    ['EARSHOT_UPSTREAM_TIMEOUT_MS', '20s', /EARSHOT_UPSTREAM_TIMEOUT_MS '20s'/],
    ['EARSHOT_CONNECT_TIMEOUT_MS', '0', /at least 1/],
    ['EARSHOT_CACHE_SECONDS', '-1', /EARSHOT_CACHE_SECONDS/],
    ['EARSHOT_INTERVAL_CACHE_MB', '1.5', /EARSHOT_INTERVAL_CACHE_MB '1.5': use a whole number/],
    ['EARSHOT_FRAME_ANCESTORS', "* 'unsafe-inline'", /EARSHOT_FRAME_ANCESTORS '\*'/],
    ['EARSHOT_FRAME_ANCESTORS', 'https://a.example;script-src *', /EARSHOT_FRAME_ANCESTORS/],
    ['EARSHOT_ACCESS_KEY', 'short-key', /EARSHOT_ACCESS_KEY is 9 characters: use at least 16/],
    ['EARSHOT_ACCESS_KEY', 'a key with spaces in it', /spaces or control characters/],
    ['EARSHOT_ALLOWED_HOSTS', 'https://noc.example', /EARSHOT_ALLOWED_HOSTS 'https:/],
    ['EARSHOT_ALLOWED_HOSTS', 'noc.example:4173', /without port or scheme/],
    ['EARSHOT_TRUST_PROXY', 'yes', /EARSHOT_TRUST_PROXY 'yes': use 1/],
  ])('%s=%s is refused with a message naming it', (name, value, message) => {
    expect(() => readConfig({ [name]: value }, '/srv/earshot')).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value }, '/srv/earshot')).toThrow(message);
  });
});
