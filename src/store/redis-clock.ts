/**
 * The shared clock of the Redis-backed limits: this replica's clock corrected by its offset from Redis's TIME,
 * so replicas whose clocks disagree still count rates and budget windows on one timeline. The offset is measured
 * at start and every minute (half the round trip assumed each way); changes within a few ms are kept out so
 * that a re-measure does not jitter the counters.
 */
import type { RedisCache } from './redis-connection.js';

const RESAMPLE_MS = 60_000;
/** Below this the new measure is noise of the round trip, not a clock change. */
const JITTER_MS = 20;

export interface SharedClock {
  /** ms since the epoch on Redis's clock. */
  now(): number;
  /** Redis's clock minus this replica's, in ms. */
  offsetMs(): number;
  /** Measures the offset again now. */
  sync(): Promise<void>;
  stop(): void;
}

async function measure(cache: RedisCache, local: () => number): Promise<number> {
  const before = local();
  const [sec, micro] = await cache.call(() => cache.client.time());
  const after = local();
  const redisMs = Number(sec) * 1000 + Math.floor(Number(micro) / 1000);
  return redisMs - (before + after) / 2;
}

/** `local` is this replica's clock (a skewed one in tests). */
export async function createSharedClock(cache: RedisCache, local: () => number = Date.now): Promise<SharedClock> {
  let offset = Math.round(await measure(cache, local));
  const sync = async () => {
    const m = Math.round(await measure(cache, local));
    if (Math.abs(m - offset) > JITTER_MS) offset = m;
  };
  const timer = setInterval(() => {
    if (cache.health.isUp()) sync().catch(() => undefined);
  }, RESAMPLE_MS);
  timer.unref();
  return {
    now: () => local() + offset,
    offsetMs: () => offset,
    sync,
    stop: () => clearInterval(timer),
  };
}
