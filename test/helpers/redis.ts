/**
 * Real Redis for tests: the one on 127.0.0.1:6379 (REDIS_URL to change it), a unique key prefix per test file
 * and store, and throwaway servers on free ports for fault tests. Without Redis a suite skips with one line,
 * except under CI=true, where a missing Redis fails it.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { connectRedis, type RedisCache, type RedisSettings } from '../../src/store/redis-connection.js';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function probe(): Promise<string | undefined> {
  const c = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 1000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.ping();
    return undefined;
  } catch (e) {
    return `no Redis at ${REDIS_URL} (${e instanceof Error ? e.message : String(e)})`;
  } finally {
    c.disconnect();
  }
}

const reason = await probe();
if (reason !== undefined && process.env['CI'] === 'true') throw new Error(`CI=true but ${reason}`);
/** Why Redis tests skip here, or undefined when Redis answers. */
export const REDIS_MISSING = reason;
export const redisSuiteName = (name: string) => (reason === undefined ? name : `${name} (skipped: ${reason})`);

export function testSettings(prefix: string, over: Partial<RedisSettings> = {}): RedisSettings {
  return { url: REDIS_URL, keyPrefix: prefix, onUnavailable: 'fail_closed', connectTimeoutMs: 1000, commandTimeoutMs: 500, ...over };
}

/** A prefix no other test file or run uses. */
export const uniquePrefix = (file: string) => `warden-test:${file}:${randomUUID().slice(0, 8)}:`;

/** Connects caches and closes them, deleting their keys, in `closeAll()`. */
export function cachePool(file: string) {
  const open: RedisCache[] = [];
  return {
    async connect(prefix = uniquePrefix(file), over: Partial<RedisSettings> = {}): Promise<RedisCache> {
      const c = await connectRedis(testSettings(prefix, over), () => undefined);
      open.push(c);
      return c;
    },
    async closeAll(): Promise<void> {
      for (const c of open.splice(0)) {
        if (c.health.isUp()) {
          const keys = await c.client.keys(`${c.prefix}*`);
          if (keys.length > 0) await c.client.del(...keys);
        }
        await c.close();
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server of its own on `port` (no persistence), for tests that stop it; `extra` adds arguments. */
export async function startRedisServer(port: number, extra: string[] = []): Promise<{ url: string; stop(): void }> {
  execFileSync('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'yes', ...extra]);
  const url = `redis://127.0.0.1:${port}`;
  const auth = extra.includes('--requirepass') ? ['-a', extra[extra.indexOf('--requirepass') + 1] ?? '', '--no-auth-warning'] : [];
  for (let i = 0; i < 100; i++) {
    try {
      if (execFileSync('redis-cli', ['-p', String(port), ...auth, 'ping'], { encoding: 'utf8' }).trim() === 'PONG') break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url,
    stop: () => {
      try {
        execFileSync('redis-cli', ['-p', String(port), ...auth, 'shutdown', 'nosave']);
      } catch {
        // shutdown closes the connection before answering
      }
    },
  };
}
