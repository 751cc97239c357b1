/** The Redis LimitStore passes the LimitStore contract, and replicas (separate connections) share one limit. */
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLimitStore } from '../../src/store/redis-limits.js';
import { createSharedClock } from '../../src/store/redis-clock.js';
import { limitStoreContract } from '../gateway/identity/limit-store-contract.js';
import { cachePool, REDIS_MISSING, redisSuiteName, uniquePrefix } from '../helpers/redis.js';

const pool = cachePool('limits');
afterAll(() => pool.closeAll());

describe.skipIf(REDIS_MISSING !== undefined)(redisSuiteName('Redis LimitStore'), () => {
  limitStoreContract('redis', async () => {
    const cache = await pool.connect();
    return createRedisLimitStore(cache, await createSharedClock(cache));
  });

  /** `n` stores on one prefix, each with its own connection, as n replicas have. */
  async function replicas(n: number, clocks: (() => number)[] = []) {
    const prefix = uniquePrefix('limits');
    const stores = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const cache = await pool.connect(prefix);
        const clock = await createSharedClock(cache, clocks[i]);
        return { store: createRedisLimitStore(cache, clock), now: clock.now, local: clocks[i] ?? Date.now, prefix };
      }),
    );
    return stores;
  }

  it('admits exactly the limit in total when three replicas hit one key at once', async () => {
    const rs = await replicas(3);
    const t = Date.now();
    const results = await Promise.all(rs.flatMap((r) => Array.from({ length: 40 }, () => r.store.hit('shared', 25, 60_000, t))));
    expect(results.filter((w) => w === 0)).toHaveLength(25);
    const spent = await Promise.all(rs.flatMap((r) => Array.from({ length: 30 }, () => r.store.consume('budget', 1, 50, t + 60_000, t))));
    expect(spent.filter((s) => s.ok)).toHaveLength(50);
    const slots = await Promise.all(rs.flatMap((r) => Array.from({ length: 5 }, () => r.store.acquire('conc', 4))));
    expect(slots.filter(Boolean)).toHaveLength(4);
  });

  it('counts on Redis time: a replica whose clock is 10 minutes ahead gets no fresh burst', async () => {
    const ahead = () => Date.now() + 600_000;
    const [a, b] = await replicas(2, [Date.now, ahead]);
    if (!a || !b) throw new Error('two replicas expected');
    for (let i = 0; i < 5; i++) expect(await a.store.hit('skew', 5, 60_000, a.local())).toBe(0);
    // Without the correction B's `now` is past every TAT A wrote, and B would admit 5 more.
    expect(await b.store.hit('skew', 5, 60_000, b.local())).toBeGreaterThan(0);
    expect(Math.abs(a.now() - b.now())).toBeLessThan(50);
    const end = a.local() + 60_000;
    expect((await a.store.consume('skew-b', 3, 3, end, a.local())).ok).toBe(true);
    expect(await b.store.consume('skew-b', 1, 3, end + 600_000, b.local())).toEqual({ ok: false, total: 3 });
  });

  it('frees the slots of a replica that stopped without releasing them once its heartbeat lapses', async () => {
    const [a, b] = await replicas(2);
    if (!a || !b) throw new Error('two replicas expected');
    expect(await a.store.acquire('crash', 1)).toBe(true);
    expect(await b.store.acquire('crash', 1)).toBe(false);
    a.store.close();
    const cache = await pool.connect();
    const heartbeats = await cache.client.keys(`${a.prefix}replica:*`);
    expect(heartbeats).toHaveLength(2);
    // A's heartbeat lapses as if it had crashed (B's too, but a replica never drops its own slots).
    for (const k of heartbeats) await cache.client.pexpire(k, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await b.store.acquire('crash', 1)).toBe(true);
  });
});
