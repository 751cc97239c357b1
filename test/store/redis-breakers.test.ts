/** Circuit breakers shared over Redis: a circuit one replica opens is open on the others, and a probe that closes it closes it everywhere. */
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/core/breaker.js';
import { createToolBreakers } from '../../src/tools/breakers.js';
import { createRedisBreakerSharing } from '../../src/store/redis-breakers.js';
import { cachePool, REDIS_MISSING, redisSuiteName, uniquePrefix } from '../helpers/redis.js';

const pool = cachePool('breakers');
afterAll(() => pool.closeAll());

const fail = (e: unknown) => {
  throw e;
};

async function sharings(n: number) {
  const prefix = uniquePrefix('breakers');
  return Promise.all(Array.from({ length: n }, async () => createRedisBreakerSharing(await pool.connect(prefix), fail)));
}

describe.skipIf(REDIS_MISSING !== undefined)(redisSuiteName('Redis circuit breaker sharing'), () => {
  it('opens an upstream circuit on every replica, for a breaker created later too, and closes it after one probe succeeds', async () => {
    const [sa, sb, sc] = await sharings(3);
    if (!sa || !sb || !sc) throw new Error('three replicas expected');
    const opts = { failureThreshold: 2, cooldownMs: 400 };
    const a = new CircuitBreaker({ ...opts, shared: { name: 'upstream:openai', sharing: sa } });
    const b = new CircuitBreaker({ ...opts, shared: { name: 'upstream:openai', sharing: sb } });
    const other = new CircuitBreaker({ ...opts, shared: { name: 'upstream:anthropic', sharing: sb } });
    a.tryAcquire()?.failure();
    expect(b.state).toBe('closed');
    a.tryAcquire()?.failure();
    expect(a.state).toBe('open');
    await expect.poll(() => b.state, { timeout: 1000, interval: 5 }).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
    expect(other.state).toBe('closed');
    const late = new CircuitBreaker({ ...opts, shared: { name: 'upstream:openai', sharing: sc } });
    await expect.poll(() => late.state, { timeout: 1000, interval: 5 }).toBe('open');

    await new Promise((r) => setTimeout(r, 450));
    const probe = a.tryAcquire();
    expect(a.state).toBe('half-open');
    probe?.success();
    expect(a.state).toBe('closed');
    await expect.poll(() => b.state, { timeout: 1000, interval: 5 }).toBe('closed');
    await expect.poll(() => late.state, { timeout: 1000, interval: 5 }).toBe('closed');
    expect(b.tryAcquire()).toBeDefined();
  });

  it('pauses a failing tool on every replica', async () => {
    const [sa, sb] = await sharings(2);
    const a = createToolBreakers({ failure_threshold: 2, cooldown_ms: 60_000 }, Date.now, sa);
    const b = createToolBreakers({ failure_threshold: 2, cooldown_ms: 60_000 }, Date.now, sb);
    expect(b.acquire('search').ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      const r = a.acquire('search');
      if (r.ok) r.permit.failure();
    }
    await expect.poll(() => b.state('search'), { timeout: 1000, interval: 5 }).toBe('open');
    const refused = b.acquire('search');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSec).toBeGreaterThan(50);
    expect(b.acquire('fetch').ok).toBe(true);
  });
});
