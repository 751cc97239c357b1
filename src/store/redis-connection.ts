/**
 * The gateway's connections to the shared Redis cache (`gateway.cache`): one for commands, one for pub/sub.
 * Start fails with a message naming the setting at fault (URL, password); afterwards the connections reconnect
 * on their own, commands fail fast instead of queueing while Redis is away (enableOfflineQueue: false), and the
 * connection events drive CacheHealth.
 */
import { Redis } from 'ioredis';
import { CacheUnavailableError, createCacheHealth, type CacheHealth, type CachePolicy } from './redis-health.js';

export interface RedisSettings {
  url: string;
  /** Env var holding the password; overrides one in the URL. */
  passwordEnv?: string;
  /** Prefix of every key and channel, so several deployments can share one Redis. */
  keyPrefix: string;
  onUnavailable: CachePolicy;
  connectTimeoutMs: number;
  /** A command not answered within this time counts as Redis unavailable. */
  commandTimeoutMs: number;
}

export interface RedisCache {
  client: Redis;
  subscriber: Redis;
  prefix: string;
  health: CacheHealth;
  /** Runs a command, turning a lost connection or timeout into CacheUnavailableError. */
  call<T>(command: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the URL's config key lives, for error messages. */
const URL_SETTING = 'gateway.cache.url';
const PASSWORD_SETTING = 'gateway.cache.password_env';
const MAX_BACKOFF_MS = 1000;

/** The URL with any password replaced, safe to log. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function passwordOf(s: RedisSettings, env: NodeJS.ProcessEnv): string | undefined {
  if (s.passwordEnv === undefined) return undefined;
  const pw = env[s.passwordEnv];
  if (pw === undefined || pw.length === 0) throw new Error(`${PASSWORD_SETTING} is ${s.passwordEnv} but that environment variable is not set`);
  return pw;
}

const isAuthError = (msg: string) => /^(WRONGPASS|NOAUTH|ERR AUTH|ERR invalid password)/.test(msg);

/** The start-up error for a connection that never became ready: names the setting to fix. */
function startError(s: RedisSettings, cause: Error | undefined): Error {
  const msg = cause?.message ?? 'no answer';
  if (isAuthError(msg)) {
    const setting = s.passwordEnv !== undefined ? `${PASSWORD_SETTING} (${s.passwordEnv})` : `${URL_SETTING} (its password)`;
    return new Error(`${setting}: Redis at ${redactedUrl(s.url)} refused the credentials: ${msg}`, { cause });
  }
  return new Error(`${URL_SETTING}: cannot connect to Redis at ${redactedUrl(s.url)}: ${msg}`, { cause });
}

async function connectOne(client: Redis, s: RedisSettings): Promise<void> {
  let last: Error | undefined;
  const onError = (e: Error) => {
    last = e;
  };
  client.on('error', onError);
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    client.disconnect();
    throw startError(s, last ?? (e instanceof Error ? e : undefined));
  } finally {
    client.off('error', onError);
  }
}

/** Connects both connections or throws a message naming the setting; `log` receives outage and recovery lines. */
export async function connectRedis(s: RedisSettings, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<RedisCache> {
  if (!/^rediss?:\/\//.test(s.url)) throw new Error(`${URL_SETTING}: expected a redis:// or rediss:// URL, got ${redactedUrl(s.url)}`);
  const password = passwordOf(s, env);
  let started = false;
  const client = new Redis(s.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: s.connectTimeoutMs,
    commandTimeout: s.commandTimeoutMs,
    // No retry while starting (a bad URL fails at once); afterwards reconnect forever with a short backoff.
    retryStrategy: (times) => (started ? Math.min(times * 100, MAX_BACKOFF_MS) : null),
    ...(password !== undefined ? { password } : {}),
  });
  const subscriber = client.duplicate({ commandTimeout: undefined });
  const health = createCacheHealth(s.onUnavailable, log);
  try {
    await connectOne(client, s);
    await connectOne(subscriber, s);
  } catch (e) {
    client.disconnect();
    subscriber.disconnect();
    throw e;
  }
  started = true;
  let closing = false;
  let lastError = '';
  for (const c of [client, subscriber]) {
    c.on('error', (e: Error) => {
      lastError = e.message;
    });
    c.on('close', () => {
      if (!closing) health.markDown(lastError || 'connection closed');
    });
  }
  // Up only when both are: a command connection without its subscription would miss kill switch changes.
  const ready = () => {
    if (client.status === 'ready' && subscriber.status === 'ready') health.markUp();
  };
  client.on('ready', ready);
  subscriber.on('ready', ready);
  ready();
  return {
    client,
    subscriber,
    prefix: s.keyPrefix,
    health,
    async call(command) {
      if (!health.isUp()) throw new CacheUnavailableError(`Redis at ${redactedUrl(s.url)} is unavailable`);
      try {
        return await command();
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        // A reply error (a script's own error, a wrong type) is a bug to surface, not an outage.
        if (e instanceof Error && e.name === 'ReplyError' && !isAuthError(msg)) throw e;
        throw new CacheUnavailableError(`Redis at ${redactedUrl(s.url)} did not answer: ${msg}`, { cause: e });
      }
    },
    async close() {
      closing = true;
      started = false;
      await Promise.allSettled([client.quit(), subscriber.quit()]);
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
