/**
 * Kill switches on Redis, one truth for every replica. A change is one Lua script: it writes the switch, bumps
 * the revision and publishes it, so a replica learns of it by pub/sub within milliseconds; revision() answers
 * from that without a round trip, and reads the counter itself when it has not heard anything for REFRESH_MS
 * (a message lost while the subscription reconnected is then seen well within one second).
 * While Redis is unavailable, `degrade` keeps enforcing the switches last seen; `fail_closed` refuses.
 */
import { KILL_SCOPES, type KillScope, type KillSwitch, type KillSwitchStore } from './interfaces.js';
import type { RedisCache } from './redis-connection.js';
import { CacheUnavailableError } from './redis-health.js';
import { redisScript, replyNumber } from './redis-script.js';

const REFRESH_MS = 500;

const SET = redisScript(`
local old = redis.call('HGET', KEYS[1], ARGV[1])
local rec = old and cjson.decode(old) or { createdAt = ARGV[3] }
rec.reason = cjson.decode(ARGV[2])
local value = cjson.encode(rec)
redis.call('HSET', KEYS[1], ARGV[1], value)
local rev = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[4], rev)
return value
`);

const CLEAR = redisScript(`
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
local rev = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[2], rev)
return rev
`);

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isScope = (v: string): v is KillScope => (KILL_SCOPES as readonly string[]).includes(v);

function toSwitch(field: string, value: string): KillSwitch | undefined {
  const sep = field.indexOf('\u0000');
  const scope = field.slice(0, sep);
  if (sep < 0 || !isScope(scope)) return undefined;
  const rec: unknown = JSON.parse(value);
  if (typeof rec !== 'object' || rec === null) return undefined;
  const { reason, createdAt } = rec as { reason?: unknown; createdAt?: unknown };
  return { scope, id: field.slice(sep + 1), reason: typeof reason === 'string' ? reason : null, createdAt: typeof createdAt === 'string' ? createdAt : '' };
}

export async function createRedisKillSwitchStore(cache: RedisCache, clock: () => number = Date.now): Promise<KillSwitchStore> {
  const hash = `${cache.prefix}kill`;
  const revKey = `${cache.prefix}kill:rev`;
  const channel = `${cache.prefix}kill`;
  let revision: string | undefined;
  let heardAt = 0;
  const heard = (rev: string) => {
    revision = rev;
    heardAt = clock();
  };
  cache.subscriber.on('message', (ch: string, message: string) => {
    if (ch === channel) heard(message);
  });
  await cache.subscriber.subscribe(channel);
  cache.health.onChange((up) => {
    if (up) heardAt = 0;
  });
  const field = (scope: KillScope, id: string) => `${scope}\u0000${id}`;

  async function readRevision(): Promise<string> {
    try {
      const rev = (await cache.call(() => cache.client.get(revKey))) ?? '0';
      heard(rev);
      return rev;
    } catch (e) {
      if (!(e instanceof CacheUnavailableError) || cache.health.policy === 'fail_closed' || revision === undefined) {
        cache.health.countRefused();
        throw e;
      }
      cache.health.countDegraded();
      return revision;
    }
  }

  return {
    async list() {
      const all = await cache.call(() => cache.client.hgetall(hash));
      return Object.entries(all)
        .map(([f, v]) => toSwitch(f, v))
        .filter((s): s is KillSwitch => s !== undefined)
        .sort((a, b) => byCode(a.scope, b.scope) || byCode(a.id, b.id));
    },
    async set(scope, id, reason, at) {
      const value = await SET.run(cache, [hash, revKey], [field(scope, id), JSON.stringify(reason), at.toISOString(), channel]);
      const sw = typeof value === 'string' ? toSwitch(field(scope, id), value) : undefined;
      if (!sw) throw new Error(`kill switch ${scope}/${id} was not stored`);
      heardAt = 0;
      return sw;
    },
    async clear(scope, id) {
      const rev = replyNumber(await CLEAR.run(cache, [hash, revKey], [field(scope, id), channel]));
      if (rev === 0) return false;
      heardAt = 0;
      return true;
    },
    async revision() {
      if (revision !== undefined && cache.health.isUp() && clock() - heardAt < REFRESH_MS) return revision;
      return readRevision();
    },
  };
}
