/**
 * Short-lived limiter state (request rates, in-flight counts). In memory for a single process; a Redis
 * implementation of the same interface will back a multi-process deployment.
 */
export interface LimitStore {
  /**
   * Counts one request against `limit` per `windowMs` for `key` (GCRA: a token bucket of `limit` tokens
   * refilled evenly over the window). Returns 0 when admitted, else the ms to wait; a refused hit is not counted.
   */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<number>;
  /** Takes one of `max` concurrency slots for `key`; false when all are taken. */
  acquire(key: string, max: number): Promise<boolean>;
  release(key: string): Promise<void>;
}

const SWEEP_EVERY = 10_000;

export function createMemoryLimitStore(): LimitStore {
  // Theoretical arrival time per key; an entry whose TAT is in the past is equivalent to no entry.
  const tat = new Map<string, number>();
  const inFlight = new Map<string, number>();
  let hits = 0;
  const sweep = (now: number) => {
    for (const [k, t] of tat) if (t <= now) tat.delete(k);
  };
  return {
    async hit(key, limit, windowMs, now) {
      if (++hits % SWEEP_EVERY === 0) sweep(now);
      const interval = windowMs / limit;
      const start = Math.max(tat.get(key) ?? now, now);
      const wait = start + interval - now - windowMs;
      if (wait > 0) return Math.ceil(wait);
      tat.set(key, start + interval);
      return 0;
    },
    async acquire(key, max) {
      const n = inFlight.get(key) ?? 0;
      if (n >= max) return false;
      inFlight.set(key, n + 1);
      return true;
    },
    async release(key) {
      const n = inFlight.get(key) ?? 0;
      if (n <= 1) inFlight.delete(key);
      else inFlight.set(key, n - 1);
    },
  };
}
