/** ApprovalEvents over Redis: a decision published on one replica wakes a waiter on another; a replica's own listeners are woken once. */
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisApprovalEvents } from '../../src/store/redis-approval-events.js';
import { cachePool, REDIS_MISSING, redisSuiteName, uniquePrefix } from '../helpers/redis.js';

const pool = cachePool('approval-events');
afterAll(() => pool.closeAll());

describe.skipIf(REDIS_MISSING !== undefined)(redisSuiteName('Redis ApprovalEvents'), () => {
  it('wakes the waiter on another replica, only for its id, and its own listener exactly once', async () => {
    const prefix = uniquePrefix('approval-events');
    const onError = (e: unknown) => {
      throw e;
    };
    const a = await createRedisApprovalEvents(await pool.connect(prefix), onError);
    const b = await createRedisApprovalEvents(await pool.connect(prefix), onError);
    const heardOnB: string[] = [];
    const heardOnA: string[] = [];
    const stopB = b.subscribe('apr-1', () => heardOnB.push('apr-1'));
    b.subscribe('apr-2', () => heardOnB.push('apr-2'));
    a.subscribe('apr-1', () => heardOnA.push('apr-1'));
    a.publish('apr-1');
    await expect.poll(() => heardOnB, { timeout: 1000, interval: 5 }).toEqual(['apr-1']);
    expect(heardOnA).toEqual(['apr-1']);
    stopB();
    a.publish('apr-1');
    await new Promise((r) => setTimeout(r, 50));
    expect(heardOnB).toEqual(['apr-1']);
    expect(heardOnA).toEqual(['apr-1', 'apr-1']);
  });

  it('does not cross key prefixes: another deployment on the same Redis hears nothing', async () => {
    const a = await createRedisApprovalEvents(await pool.connect(uniquePrefix('approval-events')), () => undefined);
    const other = await createRedisApprovalEvents(await pool.connect(uniquePrefix('approval-events')), () => undefined);
    let heard = 0;
    other.subscribe('apr-9', () => heard++);
    a.publish('apr-9');
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toBe(0);
  });
});
