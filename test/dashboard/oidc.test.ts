/**
 * The OIDC browser sign-in (authorization code + PKCE) against a real local provider (oidc-provider.ts), over real
 * HTTP with redirects followed by hand: discovery, the redirect with state/nonce/challenge, the provider's sign-in,
 * the callback, the code exchange, ID token verification and the claims mapped to an operator. Refused: a wrong or
 * replayed state, a callback without this browser's flow cookie, a token signed by another key, an expired token,
 * a wrong nonce, a user with neither role nor tenant. The Chromium run is in e2e-oidc.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { freePort } from '../helpers/redis.js';
import { startDashboardGateway } from './helpers.js';
import { startTestProvider, type TestProvider } from './oidc-provider.js';

const CLIENT_ID = 'warden-dashboard';
const CLIENT_SECRET = 'idp-client-secret-0123456789';

interface Flow {
  /** The callback URL the provider sent the browser to, and the flow cookie the gateway set. */
  callback: URL;
  flowCookie: string;
  authorize: URL;
}

describe('dashboard OIDC sign-in (authorization code with PKCE)', () => {
  let gw: TestGateway;
  let idp: TestProvider;

  beforeAll(async () => {
    const port = await freePort();
    const redirect = `http://127.0.0.1:${port}/dashboard/oidc/callback`;
    idp = await startTestProvider({ clientId: CLIENT_ID, redirectUri: redirect, clientSecret: CLIENT_SECRET });
    process.env.WARDEN_TEST_OIDC_SECRET = CLIENT_SECRET;
    gw = await startDashboardGateway({
      port,
      dashboard: { oidc: { issuer: idp.issuer, client_id: CLIENT_ID, client_secret_env: 'WARDEN_TEST_OIDC_SECRET', redirect_url: redirect } },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await idp?.close();
  });

  /** What a browser does up to the provider's redirect back: start, sign in at the provider as `user`. */
  async function signInAtProvider(user: string): Promise<Flow> {
    const login = await fetch(`${gw.url}/dashboard/oidc/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const flowCookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const authorize = new URL(login.headers.get('location') ?? '');
    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    const q = authorize.searchParams;
    const form = new URLSearchParams({ user, redirect_uri: q.get('redirect_uri') ?? '', state: q.get('state') ?? '', nonce: q.get('nonce') ?? '', code_challenge: q.get('code_challenge') ?? '' });
    const back = await fetch(`${idp.issuer}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    expect(back.status).toBe(302);
    return { callback: new URL(back.headers.get('location') ?? ''), flowCookie, authorize };
  }

  async function callback(url: URL, cookie: string | undefined) {
    const res = await fetch(url, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie } });
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('warden_dashboard=') && !c.startsWith('warden_dashboard=;'));
    return { status: res.status, location: res.headers.get('location'), cookies, session: session?.split(';')[0] };
  }

  async function whoAmI(sessionCookie: string) {
    const r = await fetch(`${gw.url}/dashboard/api/session`, { headers: { cookie: sessionCookie } });
    return { status: r.status, body: (await r.json()) as { operator?: unknown; csrf?: string } };
  }

  it('offers the provider on the sign-in page, and sends the browser there with state, nonce and an S256 challenge', async () => {
    expect(await (await fetch(`${gw.url}/dashboard/api/sign-in`)).json()).toEqual({ oidcRedirect: true });
    const login = await fetch(`${gw.url}/dashboard/oidc/login`, { redirect: 'manual' });
    const to = new URL(login.headers.get('location') ?? '');
    expect(`${to.origin}${to.pathname}`).toBe(`${idp.issuer}/authorize`);
    const q = to.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('scope')?.split(' ')).toContain('openid');
    const cookie = login.headers.getSetCookie()[0] ?? '';
    expect(cookie.startsWith(`warden_oidc=${q.get('state')};`)).toBe(true);
    for (const attr of ['HttpOnly', 'SameSite=Lax', 'Path=/dashboard/oidc']) expect(cookie.split('; ')).toContain(attr);
  });

  it('signs in an admin (every tenant) and a tenant operator from their claims', async () => {
    const admin = await signInAtProvider('admin');
    const done = await callback(admin.callback, admin.flowCookie);
    expect(done.status).toBe(302);
    expect(done.location).toBe('/dashboard/');
    expect(done.cookies.some((c) => c.startsWith('warden_oidc=;') && c.includes('Max-Age=0'))).toBe(true);
    const sessionCookie = done.cookies.find((c) => c.startsWith('warden_dashboard=')) ?? '';
    for (const attr of ['HttpOnly', 'SameSite=Strict', 'Path=/dashboard']) expect(sessionCookie.split('; ')).toContain(attr);
    const me = await whoAmI(done.session as string);
    expect(me.status).toBe(200);
    expect(me.body.operator).toEqual({ name: 'root@example.test', tenant: null, via: 'oidc' });
    expect(idp.tokenRequests.at(-1)).toEqual({ ok: true });

    const acme = await signInAtProvider('acme');
    const acmeDone = await callback(acme.callback, acme.flowCookie);
    expect((await whoAmI(acmeDone.session as string)).body.operator).toEqual({ name: 'ops@acme.test', tenant: 'acme', via: 'oidc' });
    const recs = await gw.services.audit.query({ limit: 50 });
    expect(recs.some((r) => r.route === 'GET /dashboard/oidc/callback' && r.request.params?.['dashboardOperator'] !== undefined)).toBe(true);
  });

  it('refuses a wrong state, a replayed callback and a callback without the flow cookie, before any code exchange', async () => {
    const flow = await signInAtProvider('admin');
    const exchanges = idp.tokenRequests.length;
    const forged = new URL(flow.callback);
    forged.searchParams.set('state', 'A'.repeat(43));
    const wrong = await callback(forged, flow.flowCookie);
    expect(wrong.location).toBe('/dashboard/?signin_error=oidc_state');
    expect(wrong.session).toBeUndefined();
    // Another browser (an attacker's callback URL opened by a victim) has no flow cookie for this state.
    expect((await callback(flow.callback, undefined)).location).toBe('/dashboard/?signin_error=oidc_state');
    expect(idp.tokenRequests.length).toBe(exchanges);
    const ok = await callback(flow.callback, flow.flowCookie);
    expect(ok.location).toBe('/dashboard/');
    const replay = await callback(flow.callback, flow.flowCookie);
    expect(replay.location).toBe('/dashboard/?signin_error=oidc_state');
    expect(replay.session).toBeUndefined();
  });

  it('refuses an ID token signed by a key outside the JWKS, an expired one and one with another nonce', async () => {
    const cases = [
      { quirk: { rogueKey: true }, detail: /signature/i },
      { quirk: { expiresIn: -120 }, detail: /expired/i },
      { quirk: { nonce: 'N'.repeat(43) }, detail: /nonce/i },
    ];
    for (const c of cases) {
      const flow = await signInAtProvider('admin');
      idp.next = c.quirk;
      const r = await callback(flow.callback, flow.flowCookie);
      expect(idp.tokenRequests.at(-1)).toEqual({ ok: true });
      expect(r.location).toBe('/dashboard/?signin_error=oidc_token');
      expect(r.session).toBeUndefined();
      const recs = await gw.services.audit.query({ limit: 5 });
      const rec = recs.find((x) => x.route === 'GET /dashboard/oidc/callback');
      expect(rec?.request.params).toMatchObject({ change: 'dashboard.sign_in', refused: 'oidc_token' });
      expect(String(rec?.request.params?.['detail'])).toMatch(c.detail);
    }
  });

  it('refuses a user with neither the admin role nor a tenant', async () => {
    const flow = await signInAtProvider('nobody');
    expect((await callback(flow.callback, flow.flowCookie)).location).toBe('/dashboard/?signin_error=oidc_denied');
  });
});
