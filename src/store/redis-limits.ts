/**
 * LimitStore on Redis, shared by every replica: GCRA request rates, tool budget totals and concurrency slots,
 * each one Lua script (redis-script.ts), so concurrent replicas never admit past a limit. Times are the caller's
 * clock shifted onto Redis's (redis-clock.ts), so replicas with skewed clocks count on one timeline; expiry is
 * judged on that logical time, and the keys also carry a Redis TTL so idle ones are dropped.
 */
import { randomUUID } from 'node:crypto';
import type { LimitStore } from './memory-limits.js';
import type { RedisCache } from './redis-connection.js';
import type { SharedClock } from './redis-clock.js';
import { redisScript, replyNumber } from './redis-script.js';

const HIT = redisScript(`
local limit, window, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local interval = window / limit
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local wait = tat + interval - now - window
if wait > 0 then return math.ceil(wait) end
local nextTat = tat + interval
redis.call('SET', KEYS[1], string.format('%.17g', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return 0
`);

const CONSUME = redisScript(`
local amount, max, expiresAt, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local v = redis.call('HMGET', KEYS[1], 'total', 'expires')
local total = 0
if v[1] and v[2] and tonumber(v[2]) > now then total = tonumber(v[1]) end
if total + amount > max then return {0, string.format('%.17g', total)} end
total = total + amount
redis.call('HSET', KEYS[1], 'total', string.format('%.17g', total), 'expires', string.format('%.17g', expiresAt))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(expiresAt - now)))
return {1, string.format('%.17g', total)}
`);

/** Slots per replica in one hash; a replica whose heartbeat key has expired (it crashed) no longer holds any. */
const ACQUIRE = redisScript(`
local max, me, hb = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  local replica = fields[i]
  if replica ~= me and redis.call('EXISTS', hb .. replica) == 0 then
    redis.call('HDEL', KEYS[1], replica)
  else
    total = total + tonumber(fields[i + 1])
  end
end
if total >= max then return 0 end
redis.call('HINCRBY', KEYS[1], me, 1)
return 1
`);

/** Sets this replica's count (after an outage lost some releases); ARGV[2] = 0 removes it. */
const SET_SLOTS = redisScript(`
if tonumber(ARGV[2]) > 0 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) else redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`);

const RELEASE = redisScript(`
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return n
`);

const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TTL_MS = 3 * HEARTBEAT_MS;

export interface RedisLimitStore extends LimitStore {
  close(): void;
}

export function createRedisLimitStore(cache: RedisCache, clock: Pick<SharedClock, 'offsetMs'>): RedisLimitStore {
  const p = cache.prefix;
  const replica = randomUUID();
  const heartbeatPrefix = `${p}replica:`;
  const beat = () => cache.call(() => cache.client.set(`${heartbeatPrefix}${replica}`, '1', 'PX', HEARTBEAT_TTL_MS));
  // Slots this replica holds, and the keys whose release could not reach Redis (set right on recovery).
  const held = new Map<string, number>();
  const unsynced = new Set<string>();
  const resync = async () => {
    await beat();
    for (const key of [...unsynced]) {
      await SET_SLOTS.run(cache, [`${p}conc:${key}`], [replica, held.get(key) ?? 0]);
      unsynced.delete(key);
    }
  };
  const timer = setInterval(() => {
    if (cache.health.isUp()) beat().catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  const stopListening = cache.health.onChange((up) => {
    if (up) resync().catch(() => undefined);
  });
  let ready: Promise<unknown> = beat().catch(() => undefined);
  const shift = (t: number) => t + clock.offsetMs();
  return {
    async hit(key, limit, windowMs, now) {
      return replyNumber(await HIT.run(cache, [`${p}rate:${key}`], [limit, windowMs, shift(now)]));
    },
    async consume(key, amount, max, expiresAt, now) {
      const r = await CONSUME.run(cache, [`${p}budget:${key}`], [amount, max, shift(expiresAt), shift(now)]);
      if (!Array.isArray(r)) throw new Error('unexpected reply from the Redis budget script');
      return { ok: replyNumber(r[0]) === 1, total: replyNumber(r[1]) };
    },
    clockOffsetMs: () => clock.offsetMs(),
    async acquire(key, max) {
      await ready;
      const ok = replyNumber(await ACQUIRE.run(cache, [`${p}conc:${key}`], [max, replica, heartbeatPrefix])) === 1;
      if (ok) held.set(key, (held.get(key) ?? 0) + 1);
      return ok;
    },
    async release(key) {
      const n = held.get(key) ?? 0;
      if (n === 0) return;
      if (n === 1) held.delete(key);
      else held.set(key, n - 1);
      try {
        await RELEASE.run(cache, [`${p}conc:${key}`], [replica]);
      } catch (e) {
        unsynced.add(key);
        throw e;
      }
    },
    close() {
      clearInterval(timer);
      stopListening();
      ready = Promise.resolve();
    },
  };
}
