/**
 * A Lua script run atomically in Redis by its SHA-1 (EVALSHA), loaded with EVAL the first time a server lacks
 * it (NOSCRIPT: a new or restarted Redis). The script is the unit of atomicity: read, decide and write happen
 * in it with no other command in between, so replicas never race on a read-modify-write.
 */
import { createHash } from 'node:crypto';
import type { RedisCache } from './redis-connection.js';

export interface RedisScript {
  run(cache: RedisCache, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

export function redisScript(source: string): RedisScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    run(cache, keys, args) {
      return cache.call(async () => {
        try {
          return await cache.client.evalsha(sha, keys.length, ...keys, ...args);
        } catch (e) {
          if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
          return cache.client.eval(source, keys.length, ...keys, ...args);
        }
      });
    },
  };
}

/** A number formatted for a script (and read back) without losing precision. */
export function replyNumber(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new Error(`unexpected reply from a Redis script: ${String(v)}`);
  return n;
}
