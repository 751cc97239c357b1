/**
 * Two gateways sharing one real Redis (gateway.cache): a dashboard session started on one is good on the other
 * (cookie and CSRF token) and ends on both; an OIDC sign-in started on one finishes on the other; an alert raised
 * by both replicas' checks is delivered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Alerter } from '../../src/gateway/alerts/alerter.js';
import { alertsConfigFields } from '../../src/gateway/alerts/config.js';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { listenLocal, readBody } from '../gateway/helpers/local-server.js';
import { freePort, REDIS_MISSING, REDIS_URL, redisSuiteName, uniquePrefix } from '../helpers/redis.js';
import { ADMIN_TOKEN, signIn, startDashboardGateway } from './helpers.js';
import { startTestProvider, type TestProvider } from './oidc-provider.js';
import { Redis } from 'ioredis';

const prefix = uniquePrefix('dashboard-shared');

describe.skipIf(REDIS_MISSING !== undefined)(redisSuiteName('dashboard sessions and alert cooldowns shared through Redis'), () => {
  let a: TestGateway;
  let b: TestGateway;
  let idp: TestProvider;

  beforeAll(async () => {
    const port = await freePort();
    const redirect = `http://127.0.0.1:${port}/dashboard/oidc/callback`;
    idp = await startTestProvider({ clientId: 'warden-dashboard', redirectUri: redirect });
    const oidc = { issuer: idp.issuer, client_id: 'warden-dashboard', redirect_url: redirect };
    const gateway = { cache: { url: REDIS_URL, key_prefix: prefix, command_timeout_ms: 20_000 } };
    a = await startDashboardGateway({ port, gateway, dashboard: { oidc } });
    b = await startDashboardGateway({ gateway, dashboard: { oidc } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await idp?.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('knows a session started on the other replica, with its CSRF token, and ends it on both', async () => {
    const s = await signIn(a.app, { token: ADMIN_TOKEN });
    const onB = await b.app.inject({ method: 'GET', url: '/dashboard/api/session', headers: { cookie: s.cookie } });
    expect(onB.statusCode).toBe(200);
    expect(onB.json()).toMatchObject({ operator: { name: 'admin', tenant: null }, csrf: s.csrf });
    const change = await b.app.inject({ method: 'PUT', url: '/dashboard/api/kill-switches', headers: { cookie: s.cookie, 'x-warden-csrf': s.csrf }, payload: { scope: 'model', id: 'demo' } });
    expect(change.statusCode).toBe(200);
    await b.app.inject({ method: 'POST', url: '/dashboard/api/kill-switches/clear', headers: { cookie: s.cookie, 'x-warden-csrf': s.csrf }, payload: { scope: 'model', id: 'demo' } });
    // Redis holds the id's hash, never the cookie value.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}eph:dashboard:session:*`);
    redis.disconnect();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain(s.cookie.split('=')[1]);
    const out = await b.app.inject({ method: 'DELETE', url: '/dashboard/api/session', headers: { cookie: s.cookie, 'x-warden-csrf': s.csrf } });
    expect(out.statusCode).toBe(200);
    const afterOnA = await a.app.inject({ method: 'GET', url: '/dashboard/api/records', headers: { cookie: s.cookie } });
    expect(afterOnA.statusCode).toBe(401);
  });

  it('finishes on one replica an OIDC sign-in started on the other', async () => {
    const login = await fetch(`${a.url}/dashboard/oidc/login`, { redirect: 'manual' });
    const flowCookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const q = new URL(login.headers.get('location') ?? '').searchParams;
    const form = new URLSearchParams({ user: 'acme', redirect_uri: q.get('redirect_uri') ?? '', state: q.get('state') ?? '', nonce: q.get('nonce') ?? '', code_challenge: q.get('code_challenge') ?? '' });
    const back = await fetch(`${idp.issuer}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    const callback = new URL(back.headers.get('location') ?? '');
    const onB = new URL(`${b.url}${callback.pathname}${callback.search}`);
    const done = await fetch(onB, { redirect: 'manual', headers: { cookie: flowCookie } });
    expect(done.headers.get('location')).toBe('/dashboard/');
    const session = done.headers.getSetCookie().find((c) => c.startsWith('warden_dashboard='))?.split(';')[0] ?? '';
    const me = await a.app.inject({ method: 'GET', url: '/dashboard/api/session', headers: { cookie: session } });
    expect(me.json()).toMatchObject({ operator: { name: 'ops@acme.test', tenant: 'acme', via: 'oidc' } });
  });

  it('delivers an alert seen by both replicas once', async () => {
    const received: string[] = [];
    const hook = await listenLocal(async (req, res) => {
      received.push(await readBody(req));
      res.writeHead(200).end();
    });
    const config = alertsConfigFields.alerts.parse({ destinations: { hook: { url: `${hook.url}/hook`, retries: 0 } }, rules: [{ name: 'kills', type: 'kill_switch', cooldown_seconds: 300 }] });
    const alerter = (gw: TestGateway) =>
      new Alerter({ config, sources: { kills: gw.services.admin.killStore, approvals: gw.services.approvals, audit: gw.services.audit }, log: () => undefined, cooldowns: gw.services.ephemeral });
    const alerters = [alerter(a), alerter(b)];
    try {
      await Promise.all(alerters.map((x) => x.evaluate()));
      await a.services.admin.killStore.set('tenant', 'acme', 'drill', new Date());
      await Promise.all(alerters.map((x) => x.evaluate()));
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0] as string)).toMatchObject({ event: 'alert.fired', alert: { rule: 'kills', subject: expect.stringContaining('acme') } });
    } finally {
      await a.services.admin.killStore.clear('tenant', 'acme');
      await Promise.all(alerters.map((x) => x.close()));
      await hook.close();
    }
  });
});
