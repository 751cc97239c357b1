/** Dashboard API: sign-in (admin token, operator token, OIDC with a local JWKS), the session cookie, CSRF, throttling, audit. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { ACME_TOKEN, ADMIN_TOKEN, signIn, startDashboardGateway } from './helpers.js';

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'warden-dashboard';

describe('dashboard sign-in, session and CSRF', () => {
  let gw: TestGateway;
  let dir: string;
  let sign: (claims: Record<string, unknown>, opts?: { issuer?: string; expiresIn?: string }) => Promise<string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-oidc-'));
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }));
    sign = (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(opts.issuer ?? ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('u-1')
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? '10m')
        .sign(privateKey);
    gw = await startDashboardGateway({ dashboard: { secure_cookie: true, oidc: { issuer: ISSUER, audience: AUDIENCE, jwks_file: join(dir, 'jwks.json') } } });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a wrong token and sets an HttpOnly, SameSite=Strict, Secure cookie for the admin token', async () => {
    const wrong = await gw.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { token: 'not-the-token' }, remoteAddress: '10.0.0.1' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'invalid_admin_token' } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const ok = await gw.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { token: ADMIN_TOKEN } });
    expect(ok.statusCode).toBe(200);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/^warden_dashboard=[A-Za-z0-9_-]{43}; /);
    for (const attr of ['HttpOnly', 'SameSite=Strict', 'Secure', 'Path=/dashboard']) expect(cookie.split('; ')).toContain(attr);
    expect(ok.json()).toMatchObject({ operator: { name: 'admin', tenant: null, via: 'admin-token' } });
  });

  it('needs a session for every API call, and ends it on sign-out', async () => {
    expect((await gw.app.inject({ method: 'GET', url: '/dashboard/api/records' })).json()).toMatchObject({ error: { code: 'session_required' } });
    const forged = await gw.app.inject({ method: 'GET', url: '/dashboard/api/records', headers: { cookie: `warden_dashboard=${'A'.repeat(43)}` } });
    expect(forged.statusCode).toBe(401);
    const s = await signIn(gw.app, { token: ADMIN_TOKEN });
    expect((await s.call('GET', '/records')).status).toBe(200);
    expect((await s.call('DELETE', '/session')).status).toBe(200);
    expect((await s.call('GET', '/records')).status).toBe(401);
  });

  it('refuses every change without the session CSRF token, or with a forged one', async () => {
    const s = await signIn(gw.app, { token: ADMIN_TOKEN });
    const other = await signIn(gw.app, { token: ADMIN_TOKEN });
    const put = (csrf?: string) =>
      gw.app.inject({ method: 'PUT', url: '/dashboard/api/kill-switches', headers: { cookie: s.cookie, ...(csrf === undefined ? {} : { 'x-warden-csrf': csrf }) }, payload: { scope: 'model', id: 'demo' } });
    for (const csrf of [undefined, '', 'forged', other.csrf]) {
      const r = await put(csrf);
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ error: { code: 'csrf_invalid' } });
    }
    expect((await gw.services.admin.killStore.list()).length).toBe(0);
    expect((await put(s.csrf)).statusCode).toBe(200);
    expect(await gw.services.admin.killStore.list()).toMatchObject([{ scope: 'model', id: 'demo' }]);
    expect((await s.call('POST', '/kill-switches/clear', { scope: 'model', id: 'demo' })).status).toBe(200);
  });

  it('audits changes and sign-in attempts, naming the operator', async () => {
    const s = await signIn(gw.app, { token: ACME_TOKEN });
    const set = await s.call('PUT', '/kill-switches', { scope: 'tenant', id: 'acme', reason: 'incident 7' });
    expect(set.status).toBe(200);
    const recs = await gw.services.audit.query({ limit: 20 });
    const change = recs.find((r) => r.route === 'PUT /dashboard/api/kill-switches');
    expect(change).toMatchObject({ admin: { caller: 'dashboard' }, request: { params: { operator: 'dashboard', change: 'kill.set', scope: 'tenant', id: 'acme', dashboardOperator: { name: 'acme-ops', tenant: 'acme' } } } });
    expect(recs.some((r) => r.route === 'POST /dashboard/api/session' && r.status === 401 && r.admin?.caller === 'unauthenticated')).toBe(true);
    expect(JSON.stringify(recs)).not.toContain(ADMIN_TOKEN);
    await s.call('POST', '/kill-switches/clear', { scope: 'tenant', id: 'acme' });
  });

  it('signs in with an OIDC ID token: a tenant claim scopes the operator, the admin role opens every tenant', async () => {
    const tenantOp = await gw.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { id_token: await sign({ tenant: 'acme', email: 'ann@acme.test' }) } });
    expect(tenantOp.json()).toMatchObject({ operator: { name: 'ann@acme.test', tenant: 'acme', via: 'oidc' } });
    const admin = await gw.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { id_token: await sign({ roles: ['warden-admin'] }) } });
    expect(admin.json()).toMatchObject({ operator: { name: 'u-1', tenant: null, via: 'oidc' } });
    for (const bad of [await sign({ tenant: 'acme' }, { issuer: 'https://evil.test/' }), await sign({ tenant: 'acme' }, { expiresIn: '-1m' }), await sign({ email: 'x@y' })]) {
      const r = await gw.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { id_token: bad } });
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ error: { code: 'invalid_token' } });
    }
  });

  it('throttles repeated failed sign-ins from one address', async () => {
    const attempt = () => gw.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { token: 'guess' }, remoteAddress: '10.9.9.9' });
    for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).toBe(401);
    const r = await attempt();
    expect(r.statusCode).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    const fromElsewhere = await gw.app.inject({ method: 'POST', url: '/dashboard/api/session', payload: { token: ADMIN_TOKEN }, remoteAddress: '10.9.9.10' });
    expect(fromElsewhere.statusCode).toBe(200);
  });

  it('serves the page and the libraries from the package under a self-only CSP', async () => {
    const page = await gw.app.inject({ method: 'GET', url: '/dashboard/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self';/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).not.toMatch(/https?:\/\//);
    const hooks = await gw.app.inject({ method: 'GET', url: '/dashboard/vendor/hooks.mjs' });
    expect(hooks.body).toContain('from"./preact.mjs"');
    expect(hooks.body).not.toContain('from"preact"');
    for (const f of ['preact.mjs', 'htm.mjs', 'uPlot.esm.js', 'uPlot.min.css']) expect((await gw.app.inject({ method: 'GET', url: `/dashboard/vendor/${f}` })).statusCode).toBe(200);
    expect((await gw.app.inject({ method: 'GET', url: '/dashboard/app/../../../package.json' })).statusCode).toBe(404);
  });
});
