import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesConfigSchema, type GatewayServices } from '../../../src/gateway/services.js';
import { bearer, req, services, tempDir } from './helpers.js';

describe('gateway services: JWT bearer tokens', () => {
  const tmp = tempDir();
  let svc: GatewayServices;
  let signKey: CryptoKey;
  let otherKey: CryptoKey;
  let jwks = '';
  const sign = (claims: Record<string, unknown>, o: { iss?: string; aud?: string; exp?: string | number; key?: CryptoKey } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(o.iss ?? 'https://idp.example.com')
      .setAudience(o.aud ?? 'warden')
      .setSubject('user-7')
      .setIssuedAt()
      .setExpirationTime(o.exp ?? '5m')
      .sign(o.key ?? signKey);

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
      identity: { keyId: 'jwt:user-7', tenant: 'acme', userId: 'user-7', roles: ['auditor', 'dev'], models: ['gpt-4o-mini'], authMethod: 'jwt', trustUserHeader: false },
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
    expect(servicesConfigSchema.safeParse({ auth: { jwt: base } }).success).toBe(false);
    expect(servicesConfigSchema.safeParse({ auth: { jwt: { ...base, jwks_file: 'a', jwks_url: 'https://b.example/jwks' } } }).success).toBe(false);
    expect(servicesConfigSchema.safeParse({ auth: { jwt: { ...base, jwks_file: 'a' } } }).success).toBe(true);
  });
});
