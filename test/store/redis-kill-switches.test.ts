/** The Redis KillSwitchStore passes the kill switch contract; a change reaches another replica by pub/sub. */
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisKillSwitchStore } from '../../src/store/redis-kill-switches.js';
import { killSwitchContract } from '../gateway/identity/kill-switch-contract.js';
import { cachePool, REDIS_MISSING, redisSuiteName, uniquePrefix } from '../helpers/redis.js';

const pool = cachePool('kills');
afterAll(() => pool.closeAll());

describe.skipIf(REDIS_MISSING !== undefined)(redisSuiteName('Redis KillSwitchStore'), () => {
  killSwitchContract(async () => {
    const prefix = uniquePrefix('kills');
    const kills = await createRedisKillSwitchStore(await pool.connect(prefix));
    return {
      kills,
      other: async () => ({ kills: await createRedisKillSwitchStore(await pool.connect(prefix)), close: async () => undefined }),
      close: async () => undefined,
    };
  });

  it('another replica sees a new switch through its subscription, without reading the counter', async () => {
    const prefix = uniquePrefix('kills');
    const a = await createRedisKillSwitchStore(await pool.connect(prefix));
    const watcher = await pool.connect(prefix);
    const b = await createRedisKillSwitchStore(watcher);
    const before = await b.revision();
    const heard = new Promise<string>((resolve) => watcher.subscriber.once('message', (_ch: string, m: string) => resolve(m)));
    const started = Date.now();
    await a.set('model', 'gpt-x', 'incident', new Date());
    const rev = await heard;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await b.revision()).toBe(rev);
    expect(rev).not.toBe(before);
  });
});
