/**
 * A gateway with gateway.cache whose Redis stops mid-run: fail_closed answers 503 cache_unavailable in the client's
 * error shape (and audits it), degrade keeps serving on local limits; both recover when Redis is back. A gateway
 * whose Redis is unreachable at start does not start, naming the setting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_KEY, type TestGateway } from '../helpers/gateway.js';
import { freePort, REDIS_MISSING, redisSuiteName, startRedisServer } from '../../helpers/redis.js';
import { parsePrometheusText, sampleValue } from '../helpers/prom-text.js';

const METRICS_TOKEN = 'metrics-token-for-outage-tests';

/** A sample of the gateway's /metrics. */
async function metric(gw: TestGateway, name: string): Promise<number | undefined> {
  const res = await gw.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  return sampleValue(parsePrometheusText(res.body), name);
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function post(gw: TestGateway) {
  const r = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'Hello' }] }),
  });
  return { status: r.status, body: (await r.json()) as { error?: { code?: string; type?: string } }, id: r.headers.get('x-warden-request-id') };
}

describe.skipIf(REDIS_MISSING !== undefined)(redisSuiteName('gateway with its Redis cache stopped'), () => {
  it('does not start when Redis is unreachable, naming gateway.cache.url', async () => {
    const port = await freePort();
    await expect(startTestGateway({ gateway: { cache: `redis://127.0.0.1:${port}` } })).rejects.toThrow(`gateway.cache.url: cannot connect to Redis at redis://127.0.0.1:${port}`);
  });

  for (const policy of ['fail_closed', 'degrade'] as const) {
    it(`${policy}: requests during the outage are ${policy === 'fail_closed' ? 'refused with 503 cache_unavailable' : 'served on local limits'}, and Redis is used again after it`, async () => {
      process.env['WARDEN_OUTAGE_METRICS_TOKEN'] = METRICS_TOKEN;
      const port = await freePort();
      let redis = await startRedisServer(port);
      cleanups.push(() => redis.stop());
      const gw = await startTestGateway({
        gateway: {
          cache: { url: redis.url, on_unavailable: policy, key_prefix: 'outage:' },
          limits: { per_key: { requests_per_minute: 1000 } },
          metrics: { token_env: 'WARDEN_OUTAGE_METRICS_TOKEN' },
        },
      });
      cleanups.push(() => gw.close());
      expect((await post(gw)).status).toBe(200);
      expect(await metric(gw, 'warden_cache_up')).toBe(1);
      redis.stop();
      await expect.poll(() => gw.services.cacheHealth?.isUp(), { timeout: 5000, interval: 20 }).toBe(false);
      const during = await post(gw);
      if (policy === 'fail_closed') {
        expect(during.status).toBe(503);
        expect(during.body.error).toMatchObject({ code: 'cache_unavailable', type: 'api_error' });
        expect((await gw.audit(during.id)).status).toBe(503);
        expect(await metric(gw, 'warden_cache_refused_operations_total')).toBeGreaterThan(0);
      } else {
        expect(during.status).toBe(200);
        expect(await metric(gw, 'warden_cache_degraded_operations_total')).toBeGreaterThan(0);
      }
      expect(await metric(gw, 'warden_cache_up')).toBe(0);
      expect(await metric(gw, 'warden_cache_outages_total')).toBe(1);
      redis = await startRedisServer(port);
      await expect.poll(() => gw.services.cacheHealth?.isUp(), { timeout: 5000, interval: 20 }).toBe(true);
      expect((await post(gw)).status).toBe(200);
      expect(await metric(gw, 'warden_cache_up')).toBe(1);
    });
  }
});
