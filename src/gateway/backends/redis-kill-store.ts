/**
 * The kill switches of a deployment with `gateway.cache`, for a one-off command (`warden kill --config`): they
 * live in Redis, not in the data dir, so the CLI must change them there for the replicas to see it.
 */
import { connectRedis } from '../../store/redis-connection.js';
import { createRedisKillSwitchStore } from '../../store/redis-kill-switches.js';
import type { KillSwitchStore } from '../../store/interfaces.js';
import { redisSettings, type CacheConfig } from './redis-cache.js';

export async function openRedisKillStore(cfg: CacheConfig): Promise<{ killStore: KillSwitchStore; close(): Promise<void> }> {
  const cache = await connectRedis(redisSettings(cfg), (line) => process.stderr.write(`warden: ${line}\n`));
  try {
    return { killStore: await createRedisKillSwitchStore(cache), close: () => cache.close() };
  } catch (e) {
    await cache.close();
    throw e;
  }
}
