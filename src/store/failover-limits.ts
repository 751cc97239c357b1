/**
 * The shared (Redis) LimitStore with the `on_unavailable` policy applied: while Redis cannot answer, `fail_closed`
 * lets CacheUnavailableError through (the request is refused with `cache_unavailable`), `degrade` counts on this
 * replica's own memory store instead (each replica then admits up to the limit on its own). Every such operation
 * is counted in CacheHealth; the shared store is used again as soon as Redis is back.
 */
import type { LimitStore } from './memory-limits.js';
import { CacheUnavailableError, type CacheHealth } from './redis-health.js';

export function createFailoverLimitStore(shared: LimitStore, local: LimitStore, health: CacheHealth): LimitStore {
  // Slots taken from the local store during an outage go back there, not to Redis.
  const localSlots = new Map<string, number>();
  async function either<T>(remote: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      return await remote();
    } catch (e) {
      if (!(e instanceof CacheUnavailableError)) throw e;
      if (health.policy === 'fail_closed') {
        health.countRefused();
        throw e;
      }
      health.countDegraded();
      return fallback();
    }
  }
  return {
    hit: (key, limit, windowMs, now) => either(() => shared.hit(key, limit, windowMs, now), () => local.hit(key, limit, windowMs, now)),
    consume: (key, amount, max, expiresAt, now) =>
      either(() => shared.consume(key, amount, max, expiresAt, now), () => local.consume(key, amount, max, expiresAt, now)),
    acquire: (key, max) =>
      either(
        () => shared.acquire(key, max),
        async () => {
          const ok = await local.acquire(key, max);
          if (ok) localSlots.set(key, (localSlots.get(key) ?? 0) + 1);
          return ok;
        },
      ),
    async release(key) {
      const n = localSlots.get(key) ?? 0;
      if (n === 0) return shared.release(key);
      if (n === 1) localSlots.delete(key);
      else localSlots.set(key, n - 1);
      return local.release(key);
    },
  };
}
