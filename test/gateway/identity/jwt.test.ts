import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySectionSchema } from '../../../src/gateway/config.js';
import type { GatewayServices } from '../../../src/gateway/services.js';
import { bearer, req, services, tempDir } from './helpers.js';

describe('gateway services: JWT bearer tokens', () => {
  const tmp = tempDir();
  let svc: GatewayServices;
  let signKey: CryptoKey;
  let otherKey: CryptoKey;
  let jwks = '';
  /** `exp: null` leaves the claim out; `iat: null` too. */
  const sign = (claims: Record<string, unknown>, o: { iss?: string; aud?: string; exp?: string | number | null; iat?: number | null; key?: CryptoKey } = {}) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(o.iss ?? 'https://idp.example.com')
      .setAudience(o.aud ?? 'warden')
      .setSubject('user-7');
    if (o.iat !== null) jwt.setIssuedAt(o.iat);
    if (o.exp !== null) jwt.setExpirationTime(o.exp ?? '5m');
    return jwt.sign(o.key ?? signKey);
  };
  const nowS = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const file = join(tmp.dir, 'jwks.json');
    jwks = JSON.stringify({ keys: [jwk] });
    writeFileSync(file, jwks);
    svc = await services(tmp.dir, {
      auth: { jwt: { jwks_file: file, issuer: 'https://idp.example.com', audience: 'warden', claims: { tenant: 'org.id', roles: 'groups' } } },
    });
  });
  afterAll(async () => {
    await svc.close();
    tmp.dispose();
  });

  it('maps verified claims (dotted paths) to tenant, user and roles', async () => {
    const token = await sign({ org: { id: 'acme' }, groups: ['auditor', 'dev'], models: 'gpt-4o-mini' });
    const r = await svc.admit(req(bearer(token), { model: 'gpt-4o-mini' }));
    expect(r).toMatchObject({
      ok: true,
      identity: { keyId: 'jwt:user-7', tenant: 'acme', userId: 'user-7', userIdSource: 'token', roles: ['auditor', 'dev'], models: ['gpt-4o-mini'], authMethod: 'jwt', trustUserHeader: false },
    });
    expect(await svc.admit(req(bearer(token), { model: 'gpt-4o' }))).toMatchObject({ status: 403, code: 'model_not_allowed' });
  });

  it('ignores the end-user header for JWT callers: the user comes from the token', async () => {
    const token = await sign({ org: { id: 'acme' } });
    const r = await svc.admit(req({ ...bearer(token), 'x-warden-user': 'mallory' }));
    expect(r.ok && r.identity.userId).toBe('user-7');
  });

  it('rejects wrong issuer, wrong audience, foreign signature, expiry and a missing tenant claim', async () => {
    const cases = [
      await sign({ org: { id: 'acme' } }, { iss: 'https://evil.example.com' }),
      await sign({ org: { id: 'acme' } }, { aud: 'someone-else' }),
      await sign({ org: { id: 'acme' } }, { key: otherKey }),
      await sign({ org: { id: 'acme' } }, { exp: Math.floor(Date.now() / 1000) - 600 }),
      await sign({}),
    ];
    for (const token of cases) {
      const r = await svc.admit(req(bearer(token)));
      expect(r).toMatchObject({ ok: false, status: 401, code: 'invalid_token' });
      if (!r.ok) expect(r.message).toMatch(/^Invalid bearer token: /);
    }
  });

  it('rejects a token without exp: it would never expire', async () => {
    const r = await svc.admit(req(bearer(await sign({ org: { id: 'acme' } }, { exp: null }))));
    expect(r).toMatchObject({ ok: false, status: 401, code: 'invalid_token' });
    if (!r.ok) expect(r.message).toContain('"exp"');
  });

  it('rejects a token valid for longer than the maximum lifetime (default 24 h), from iat or from now', async () => {
    const tooLong = [
      await sign({ org: { id: 'acme' } }, { exp: '25h' }),
      await sign({ org: { id: 'acme' } }, { exp: nowS() + 25 * 3600, iat: null }),
      // Issued 30 h ago, 1 h left: lived 31 h.
      await sign({ org: { id: 'acme' } }, { exp: nowS() + 3600, iat: nowS() - 30 * 3600 }),
    ];
    for (const token of tooLong) {
      const r = await svc.admit(req(bearer(token)));
      expect(r).toMatchObject({ ok: false, status: 401, code: 'invalid_token' });
      if (!r.ok) expect(r.message).toContain('max_lifetime_s');
    }
    expect((await svc.admit(req(bearer(await sign({ org: { id: 'acme' } }, { exp: '23h' }))))).ok).toBe(true);
    expect((await svc.admit(req(bearer(await sign({ org: { id: 'acme' } }, { exp: nowS() + 3600, iat: null }))))).ok).toBe(true);
  });

  it('takes the maximum lifetime from gateway.auth.jwt.max_lifetime_s', async () => {
    const dir = tempDir();
    const short = await services(dir.dir, {
      auth: { jwt: { jwks_file: join(tmp.dir, 'jwks.json'), issuer: 'https://idp.example.com', audience: 'warden', max_lifetime_s: 600 } },
    });
    try {
      expect((await short.admit(req(bearer(await sign({ tenant: 'acme' }, { exp: '5m' }))))).ok).toBe(true);
      expect(await short.admit(req(bearer(await sign({ tenant: 'acme' }, { exp: '1h' }))))).toMatchObject({ ok: false, code: 'invalid_token' });
    } finally {
      await short.close();
      dir.dispose();
    }
  });

  it('validates max_lifetime_s: a positive whole number of seconds, at most 30 days', () => {
    const base = { jwks_file: 'a', issuer: 'x', audience: 'y' };
    for (const bad of [0, -1, 1.5, '3600', 31 * 86_400]) {
      const r = gatewaySectionSchema.safeParse({ auth: { jwt: { ...base, max_lifetime_s: bad } } });
      expect(r.success, String(bad)).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain('max_lifetime_s');
    }
    expect(gatewaySectionSchema.parse({ auth: { jwt: base } }).auth.jwt?.max_lifetime_s).toBe(86_400);
  });

  it('fetches the JWKS from jwks_url', async () => {
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    const dir = tempDir();
    const remote = await services(dir.dir, { auth: { jwt: { jwks_url: url, issuer: 'https://idp.example.com', audience: ['warden', 'other'] } } });
    const r = await remote.admit(req(bearer(await sign({ tenant: 'acme' }))));
    expect(r).toMatchObject({ ok: true, identity: { tenant: 'acme', authMethod: 'jwt' } });
    expect((await remote.admit(req(bearer(await sign({ tenant: 'acme' }, { key: otherKey }))))).ok).toBe(false);
    expect(fetches).toBeGreaterThanOrEqual(1);
    await remote.close();
    dir.dispose();
    await new Promise((r) => server.close(r));
  });

  it('rejects a config with both or neither JWKS source', () => {
    const base = { issuer: 'x', audience: 'y' };
    expect(gatewaySectionSchema.safeParse({ auth: { jwt: base } }).success).toBe(false);
    expect(gatewaySectionSchema.safeParse({ auth: { jwt: { ...base, jwks_file: 'a', jwks_url: 'https://b.example/jwks' } } }).success).toBe(false);
    expect(gatewaySectionSchema.safeParse({ auth: { jwt: { ...base, jwks_file: 'a' } } }).success).toBe(true);
  });
});
