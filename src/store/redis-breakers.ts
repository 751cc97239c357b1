/**
 * BreakerSharing on Redis: a circuit that opens on one replica is written as `breaker:<name>` with the cooldown as
 * its TTL and announced on the `breakers` channel, so every replica opens it for the rest of the cooldown; a probe
 * that closes it deletes the key and announces that too. A breaker created later (a tool first called after the
 * event) reads the key once. Each replica still probes on its own after the cooldown.
 */
import { randomUUID } from 'node:crypto';
import type { BreakerSharing } from '../core/breaker.js';
import { LruCache } from '../core/lru.js';
import type { RedisCache } from './redis-connection.js';
import { redisScript } from './redis-script.js';

const ANNOUNCE = redisScript(`
if ARGV[2] == 'open' then
  redis.call('SET', KEYS[1], 'open', 'PX', ARGV[3])
else
  redis.call('DEL', KEYS[1])
end
redis.call('PUBLISH', ARGV[1], ARGV[4])
return 1
`);

type Apply = (state: 'open' | 'closed', remainingMs: number) => void;

/** Followers kept at once: tool names come from the model, so they are bounded like the tool breakers. */
const MAX_FOLLOWED = 10_000;

export async function createRedisBreakerSharing(cache: RedisCache, onError: (err: unknown) => void): Promise<BreakerSharing> {
  const channel = `${cache.prefix}breakers`;
  const keyOf = (name: string) => `${cache.prefix}breaker:${name}`;
  const origin = randomUUID();
  const followers = new LruCache<string, Apply>(MAX_FOLLOWED);
  cache.subscriber.on('message', (ch: string, message: string) => {
    if (ch !== channel) return;
    const [from, state, remaining, name] = message.split('\u0000');
    if (from === origin || name === undefined || (state !== 'open' && state !== 'closed')) return;
    followers.get(name)?.(state, Number(remaining));
  });
  await cache.subscriber.subscribe(channel);
  return {
    publish(name, state, cooldownMs) {
      const message = [origin, state, String(cooldownMs), name].join('\u0000');
      ANNOUNCE.run(cache, [keyOf(name)], [channel, state, Math.max(1, cooldownMs), message]).catch(onError);
    },
    follow(name, apply) {
      followers.set(name, apply);
      cache
        .call(() => cache.client.pttl(keyOf(name)))
        .then((ttl) => {
          if (ttl > 0) apply('open', ttl);
        })
        .catch(onError);
    },
  };
}
