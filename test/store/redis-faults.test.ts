/**
 * Redis faults: a wrong URL or credential fails at start naming the setting; Redis stopped mid-run either refuses
 * (fail_closed) or degrades to local limits, with one log line per transition and counters; recovery is automatic.
 * Each test runs its own throwaway redis-server on a free port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, type RedisCache } from '../../src/store/redis-connection.js';
import { createFailoverLimitStore } from '../../src/store/failover-limits.js';
import { createMemoryLimitStore } from '../../src/store/memory-limits.js';
import { createRedisLimitStore } from '../../src/store/redis-limits.js';
import { createRedisKillSwitchStore } from '../../src/store/redis-kill-switches.js';
import { CacheUnavailableError, type CachePolicy } from '../../src/store/redis-health.js';
import { freePort, REDIS_MISSING, redisSuiteName, startRedisServer, testSettings } from '../helpers/redis.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(port: number, extra: string[] = []) {
  const s = await startRedisServer(port, extra);
  cleanups.push(s.stop);
  return s;
}

async function connect(url: string, policy: CachePolicy, log: string[]): Promise<RedisCache> {
  const cache = await connectRedis(testSettings('faults:', { url, onUnavailable: policy, commandTimeoutMs: 300 }), (l) => log.push(l));
  cleanups.push(() => cache.close());
  return cache;
}

const until = (cond: () => boolean) => expect.poll(cond, { timeout: 5000, interval: 20 }).toBe(true);

describe.skipIf(REDIS_MISSING !== undefined)(redisSuiteName('Redis faults'), () => {
  it('fails at start naming gateway.cache.url for a port with nothing, then connects once a server listens there', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    await expect(connect(url, 'fail_closed', [])).rejects.toThrow(`gateway.cache.url: cannot connect to Redis at redis://127.0.0.1:${port}`);
    await expect(connect(url, 'fail_closed', [])).rejects.toThrow(/ECONNREFUSED/);
    await expect(connectRedis(testSettings('x:', { url: 'http://127.0.0.1:6379' }), () => undefined)).rejects.toThrow('gateway.cache.url: expected a redis:// or rediss:// URL');
    await server(port);
    const cache = await connect(url, 'fail_closed', []);
    expect(await cache.client.ping()).toBe('PONG');
  });

  it('fails at start naming the password setting for a wrong or missing password, without printing it', async () => {
    const port = await freePort();
    await server(port, ['--requirepass', 'right-horse-battery']);
    const url = `redis://127.0.0.1:${port}`;
    const wrongInUrl = connect(`redis://:wrong-pass@127.0.0.1:${port}`, 'fail_closed', []);
    await expect(wrongInUrl).rejects.toThrow(/^gateway\.cache\.url \(its password\): Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ refused the credentials: WRONGPASS/);
    await expect(connect(url, 'fail_closed', [])).rejects.toThrow(/gateway\.cache\.url \(its password\).*NOAUTH/);
    const env = { REDIS_PW: 'nope' };
    await expect(connectRedis(testSettings('x:', { url, passwordEnv: 'REDIS_PW' }), () => undefined, env)).rejects.toThrow(/^gateway\.cache\.password_env \(REDIS_PW\): .*WRONGPASS/);
    await expect(connectRedis(testSettings('x:', { url, passwordEnv: 'REDIS_UNSET' }), () => undefined, {})).rejects.toThrow('gateway.cache.password_env is REDIS_UNSET but that environment variable is not set');
    const ok = await connectRedis(testSettings('x:', { url, passwordEnv: 'REDIS_PW' }), () => undefined, { REDIS_PW: 'right-horse-battery' });
    cleanups.push(() => ok.close());
    expect(await ok.client.ping()).toBe('PONG');
  });

  for (const policy of ['fail_closed', 'degrade'] as const) {
    it(`${policy}: Redis stopped mid-run is logged once and counted, and Redis restarted is used again without a restart`, async () => {
      const port = await freePort();
      const redis = await server(port);
      const log: string[] = [];
      const cache = await connect(redis.url, policy, log);
      const limits = createFailoverLimitStore(createRedisLimitStore(cache, { offsetMs: () => 0 }), createMemoryLimitStore(), cache.health);
      const kills = await createRedisKillSwitchStore(cache);
      await kills.set('tenant', 'acme', 'before the outage', new Date());
      const rev = await kills.revision();
      const t = Date.now();
      expect(await limits.hit('k', 2, 60_000, t)).toBe(0);

      redis.stop();
      await until(() => !cache.health.isUp());
      if (policy === 'fail_closed') {
        await expect(limits.hit('k', 2, 60_000, t)).rejects.toBeInstanceOf(CacheUnavailableError);
        await expect(limits.acquire('c', 1)).rejects.toBeInstanceOf(CacheUnavailableError);
        await new Promise((r) => setTimeout(r, 600));
        await expect(kills.revision()).rejects.toBeInstanceOf(CacheUnavailableError);
        expect(cache.health.snapshot()).toMatchObject({ up: false, outages: 1, degradedOps: 0, refusedOps: 3 });
        expect(log).toEqual([expect.stringMatching(/^redis cache unavailable \(.+\): refusing requests that need it \(fail_closed\) until it returns$/)]);
      } else {
        // Local limits: this replica alone admits up to the limit again; the switches last seen stay in force.
        expect(await limits.hit('k', 2, 60_000, t)).toBe(0);
        expect(await limits.hit('k', 2, 60_000, t)).toBe(0);
        expect(await limits.hit('k', 2, 60_000, t)).toBeGreaterThan(0);
        expect(await limits.acquire('c', 1)).toBe(true);
        await limits.release('c');
        await new Promise((r) => setTimeout(r, 600));
        expect(await kills.revision()).toBe(rev);
        await expect(kills.set('global', '*', null, new Date())).rejects.toBeInstanceOf(CacheUnavailableError);
        expect(cache.health.snapshot()).toMatchObject({ up: false, outages: 1, degradedOps: 5 });
        expect(log).toEqual([expect.stringMatching(/^redis cache unavailable \(.+\): degrading to this replica's local limits until it returns$/)]);
      }

      await server(port);
      await until(() => cache.health.isUp());
      expect(log[1]).toBe('redis cache available again: shared limits, kill switches and events restored');
      // A fresh Redis (no persistence): the shared count starts again, in Redis, and the scripts are reloaded.
      expect(await limits.hit('k', 2, 60_000, t)).toBe(0);
      expect(await cache.client.exists('faults:rate:k')).toBe(1);
      expect(await kills.list()).toEqual([]);
      expect(log).toHaveLength(2);
    });
  }
});
