/**
 * The EphemeralStore in Redis (gateway.cache): plain string keys under `<prefix>eph:` with a PX expiry, SET NX for a
 * claim and GETDEL (Redis 6.2+) for a take, so every replica sees the same sessions and cooldowns. A Redis that
 * cannot answer raises CacheUnavailableError (the caller fails closed).
 */
import type { EphemeralStore } from './interfaces.js';
import type { RedisCache } from './redis-connection.js';

export function createRedisEphemeralStore(cache: RedisCache): EphemeralStore {
  const k = (key: string) => `${cache.prefix}eph:${key}`;
  const ttl = (ms: number) => Math.max(1, Math.ceil(ms));
  return {
    get: async (key) => (await cache.call(() => cache.client.get(k(key)))) ?? undefined,
    set: async (key, value, ttlMs) => {
      await cache.call(() => cache.client.set(k(key), value, 'PX', ttl(ttlMs)));
    },
    claim: async (key, value, ttlMs) => (await cache.call(() => cache.client.set(k(key), value, 'PX', ttl(ttlMs), 'NX'))) === 'OK',
    take: async (key) => (await cache.call(() => cache.client.getdel(k(key)))) ?? undefined,
    delete: async (key) => {
      await cache.call(() => cache.client.del(k(key)));
    },
  };
}
