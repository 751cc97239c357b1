/**
 * `gateway.cache`: puts the state every replica must share at once in Redis, whatever the store backend: request
 * rates, budgets and concurrency slots (behind the on_unavailable policy), kill switches, approval events,
 * circuit breaker state, and dashboard sessions and alert cooldowns (the ephemeral store).
 * Usage totals stay in the store backend: they are durable daily and monthly counts a Redis restart must not reset.
 */
import { withFields } from '../../core/objects.js';
import { createFailoverLimitStore } from '../../store/failover-limits.js';
import { createSharedClock } from '../../store/redis-clock.js';
import { connectRedis, type RedisSettings } from '../../store/redis-connection.js';
import { createRedisApprovalEvents } from '../../store/redis-approval-events.js';
import { createRedisBreakerSharing } from '../../store/redis-breakers.js';
import { createRedisKillSwitchStore } from '../../store/redis-kill-switches.js';
import { createRedisLimitStore } from '../../store/redis-limits.js';
import { createRedisEphemeralStore } from '../../store/redis-ephemeral.js';
import type { ServicesConfig } from '../config.js';
import type { GatewayBackends } from './types.js';

export type CacheConfig = NonNullable<ServicesConfig['cache']>;

export function redisSettings(c: CacheConfig): RedisSettings {
  return {
    url: c.url,
    passwordEnv: c.password_env,
    keyPrefix: c.key_prefix,
    onUnavailable: c.on_unavailable,
    connectTimeoutMs: c.connect_timeout_ms,
    commandTimeoutMs: c.command_timeout_ms,
  };
}

function logLine(line: string): void {
  process.stderr.write(`warden: ${line}\n`);
}

/**
 * Connects to Redis and returns `backends` with its limits, kill switches and approval events moved there; the
 * embedded limit store stays as the local fallback of `degrade`. On failure `backends` is closed and the error
 * names the setting at fault.
 */
export async function withRedisCache(backends: GatewayBackends, cfg: CacheConfig, log: (line: string) => void = logLine): Promise<GatewayBackends> {
  let cache;
  try {
    cache = await connectRedis(redisSettings(cfg), log);
  } catch (e) {
    await backends.audit.close();
    await backends.stores.close();
    throw e;
  }
  try {
    const clock = await createSharedClock(cache);
    const shared = createRedisLimitStore(cache, clock);
    const killStore = await createRedisKillSwitchStore(cache);
    const failed = (what: string) => (err: unknown) => log(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    const approvalEvents = await createRedisApprovalEvents(cache, failed('approval event not published'));
    const breakerSharing = await createRedisBreakerSharing(cache, failed('circuit breaker state not shared'));
    const { stores } = backends;
    const close = async () => {
      clock.stop();
      shared.close();
      await Promise.all([cache.close(), stores.close()]);
    };
    return withFields(backends, {
      stores: withFields(stores, { killStore, close }),
      limits: createFailoverLimitStore(shared, backends.limits, cache.health),
      approvalEvents,
      breakerSharing,
      cacheHealth: cache.health,
      ephemeral: createRedisEphemeralStore(cache),
    });
  } catch (e) {
    await cache.close();
    await backends.audit.close();
    await backends.stores.close();
    throw e;
  }
}
