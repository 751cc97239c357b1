/** The EphemeralStore of one process: a Map with expiry times, bounded (the oldest entry is dropped first). */
import type { EphemeralStore } from './interfaces.js';

export function createMemoryEphemeralStore(now: () => number = Date.now, max = 100_000): EphemeralStore {
  const entries = new Map<string, { value: string; expires: number }>();
  const live = (key: string) => {
    const e = entries.get(key);
    if (e === undefined) return undefined;
    if (e.expires > now()) return e;
    entries.delete(key);
    return undefined;
  };
  const put = (key: string, value: string, ttlMs: number) => {
    entries.delete(key);
    entries.set(key, { value, expires: now() + ttlMs });
    while (entries.size > max) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };
  return {
    get: async (key) => live(key)?.value,
    set: async (key, value, ttlMs) => put(key, value, ttlMs),
    claim: async (key, value, ttlMs) => {
      if (live(key) !== undefined) return false;
      put(key, value, ttlMs);
      return true;
    },
    take: async (key) => {
      const e = live(key);
      entries.delete(key);
      return e?.value;
    },
    delete: async (key) => {
      entries.delete(key);
    },
  };
}
