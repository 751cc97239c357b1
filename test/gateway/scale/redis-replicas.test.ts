/**
 * Three `warden serve` processes sharing one Redis (gateway.cache): under concurrent load they admit no more than
 * the shared rate limit in total, and a kill switch set through one replica's admin API is enforced by the others
 * within one second (and cleared the same way).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { REDIS_MISSING, REDIS_URL, redisSuiteName, uniquePrefix } from '../../helpers/redis.js';
import { chat, cli, startReplica, type Replica } from './replica-process.js';

const KEY = 'wk-replicas-test-0123456789';
const ADMIN = 'admin-token-for-replica-tests';
const LIMIT = 30;
const prefix = uniquePrefix('replicas');

describe.skipIf(REDIS_MISSING !== undefined)(redisSuiteName('three gateway replicas on one Redis'), () => {
  let replicas: Replica[] = [];

  beforeAll(async () => {
    const gateway = {
      open_mode: { api_key: KEY },
      limits: { per_key: { requests_per_minute: LIMIT } },
      // A loaded test machine can hold a reply behind a busy event loop for seconds: no false outages here.
      cache: { url: REDIS_URL, key_prefix: prefix, command_timeout_ms: 20_000 },
    };
    replicas = await Promise.all([0, 1, 2].map(() => startReplica(gateway, { WARDEN_ADMIN_TOKEN: ADMIN })));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('admit no more than the shared per-key rate limit in total under concurrent load', async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => chat(replicas[i % 3]?.url ?? '', KEY)));
    const elapsed = Date.now() - started;
    const admitted = results.filter((r) => r.status === 200).length;
    console.log(`3 replicas, ${results.length} concurrent requests, shared limit ${LIMIT}/min: ${admitted} admitted in ${elapsed} ms`);
    expect(results.filter((r) => r.status !== 200 && !(r.status === 429 && r.code === 'rate_limited'))).toEqual([]);
    // GCRA refills one request every 60 s / LIMIT: a slow run may admit that many more, never a burst per replica.
    expect(admitted).toBeGreaterThanOrEqual(LIMIT);
    expect(admitted).toBeLessThanOrEqual(LIMIT + Math.floor(elapsed / (60_000 / LIMIT)));
  });

  it('enforce a kill switch set through one replica on the others within one second, and its clearing', async () => {
    const [a, b, c] = replicas;
    if (!a || !b || !c) throw new Error('three replicas expected');
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${a.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const killedOn = async (r: Replica, killed: boolean) => {
      const t0 = Date.now();
      for (;;) {
        const res = await chat(r.url, KEY);
        if ((res.code === 'kill_switch_active') === killed) return Date.now() - t0;
        if (Date.now() - t0 > 3000) throw new Error(`replica ${r.url} did not ${killed ? 'apply' : 'lift'} the switch within 3 s`);
        await new Promise((res2) => setTimeout(res2, 10));
      }
    };
    expect((await admin('PUT', '/admin/kill-switches', { scope: 'tenant', id: 'default', reason: 'incident 42' })).status).toBe(200);
    const applied = await Promise.all([b, c].map((r) => killedOn(r, true)));
    for (const ms of applied) expect(ms).toBeLessThan(1000);
    expect((await admin('DELETE', '/admin/kill-switches/tenant/default')).status).toBe(200);
    const lifted = await Promise.all([b, c].map((r) => killedOn(r, false)));
    console.log(`kill switch set on one replica: enforced by the others after ${applied.join(', ')} ms, lifted after ${lifted.join(', ')} ms`);
    for (const ms of lifted) expect(ms).toBeLessThan(1000);

    // `warden kill --config` changes the switches where the replicas read them: in Redis, not the data dir.
    expect((await cli(['kill', 'set', '--scope', 'tenant', '--id', 'default', '--config', a.config])).code).toBe(0);
    for (const ms of await Promise.all(replicas.map((r) => killedOn(r, true)))) expect(ms).toBeLessThan(1000);
    expect((await cli(['kill', 'clear', '--scope', 'tenant', '--id', 'default', '--config', a.config])).code).toBe(0);
    for (const ms of await Promise.all(replicas.map((r) => killedOn(r, false)))) expect(ms).toBeLessThan(1000);
  }, 120_000);
});
