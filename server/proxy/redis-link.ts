// The connection to Redis one Earshot server keeps (EARSHOT_REDIS_URL): commands, a subscriber for
// answers, and whether Redis answers now. While it does not, every command fails at once and the
// callers use this server's own state; it reconnects by itself.
import { Redis } from 'ioredis';

export type RedisStatus = 'connected' | 'unavailable';

/** A Redis command that takes longer than this fails over to the in-process state. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
/** Between two reconnection attempts, at most. */
const MAX_RECONNECT_DELAY_MS = 2000;

/** The connection to Redis one Earshot server keeps: commands, and a subscriber for answers. */
export interface RedisLink {
  readonly client: Redis;
  status(): RedisStatus;
  /** `listener` runs when Redis becomes unreachable (waiters then stop waiting). */
  onUnavailable(listener: () => void): () => void;
  /** Hears `channel`; (re)subscribed whenever the subscriber connects. */
  listen(channel: string, onMessage: (message: string) => void): void;
  /** A command failed: logged once until Redis is connected again. */
  failed(error: unknown): void;
  close(): void;
}

export interface RedisLinkOptions {
  log: (line: string) => void;
  commandTimeoutMs?: number;
}

export function connectRedis(url: string, options: RedisLinkOptions): RedisLink {
  const { log } = options;
  const shown = redisUrlForLog(url);
  const connection = {
    // No queue while disconnected, no retry of a command: a request never waits for Redis.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    autoResubscribe: false,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
  };
  const client = new Redis(url, connection);
  const subscriber = new Redis(url, connection);
  const channels = new Map<string, (message: string) => void>();
  const downListeners = new Set<() => void>();
  let current: RedisStatus = 'unavailable';
  /** Every channel heard: before that, an answer announced could be missed. */
  let subscribed = false;
  let failureLogged = false;
  let closed = false;

  function update(reason?: string): void {
    const next: RedisStatus =
      client.status === 'ready' && subscriber.status === 'ready' && subscribed
        ? 'connected'
        : 'unavailable';
    if (next === current || closed) return;
    current = next;
    if (next === 'connected') {
      failureLogged = false;
      log(
        `earshot redis: connected to ${shown}; budget, hold-back, calls in flight and caches are shared`,
      );
    } else {
      log(
        `earshot redis: unavailable (${reason ?? 'connection lost'}); serving from this server's own state until ${shown} answers again`,
      );
      for (const listener of [...downListeners]) listener();
    }
  }

  for (const connectionOf of [client, subscriber]) {
    connectionOf.on('ready', () => update());
    connectionOf.on('close', () => {
      if (connectionOf === subscriber) subscribed = false;
      update();
    });
    connectionOf.on('end', () => update());
    // Without a listener an error event would end the process; the status says what matters.
    connectionOf.on('error', (error: Error) => update(describeError(error)));
  }
  subscriber.on('ready', () => {
    const heard = channels.size > 0 ? subscriber.subscribe(...channels.keys()) : Promise.resolve();
    heard.then(
      () => {
        subscribed = true;
        update();
      },
      (error: unknown) => failed(error),
    );
  });
  subscriber.on('message', (channel: string, message: string) => {
    channels.get(channel)?.(message);
  });

  function failed(error: unknown): void {
    if (failureLogged || closed) return;
    failureLogged = true;
    log(
      `earshot redis: a command failed (${describeError(error)}); this request used this server's own state`,
    );
  }

  return {
    client,
    status: () => current,
    onUnavailable(listener) {
      downListeners.add(listener);
      return () => downListeners.delete(listener);
    },
    listen(channel, onMessage) {
      channels.set(channel, onMessage);
      if (subscriber.status === 'ready') {
        subscriber.subscribe(channel).catch((error: unknown) => failed(error));
      }
    },
    failed,
    close() {
      closed = true;
      client.disconnect();
      subscriber.disconnect();
    },
  };
}

/** The URL without its password, for the log. */
export function redisUrlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
  } catch {
    return 'redis';
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : 'unknown error';
  // ioredis messages may carry the address; never anything secret, but keep the line short.
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 160);
}
