import type { ToolLimitStore } from '../spec/tools.js';

/**
 * Short-lived limiter state (request rates, in-flight counts). In memory for a single process; a Redis
 * implementation of the same interface will back a multi-process deployment.
 */
export interface LimitStore extends ToolLimitStore {
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
  // Running totals of tool budgets with the time each expires.
  const totals = new Map<string, { total: number; expiresAt: number }>();
  let hits = 0;
  const sweep = (now: number) => {
    for (const [k, t] of tat) if (t <= now) tat.delete(k);
    for (const [k, t] of totals) if (t.expiresAt <= now) totals.delete(k);
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
    async consume(key, amount, max, expiresAt, now) {
      if (++hits % SWEEP_EVERY === 0) sweep(now);
      const entry = totals.get(key);
      const total = entry !== undefined && entry.expiresAt > now ? entry.total : 0;
      if (total + amount > max) return { ok: false, total };
      totals.set(key, { total: total + amount, expiresAt });
      return { ok: true, total: total + amount };
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
