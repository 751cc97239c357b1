import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServices } from '../../../src/gateway/services.js';
import { bearer, req, services, tempDir } from './helpers.js';

describe('gateway services: JWT bearer tokens', () => {
  const tmp = tempDir();
  let svc: GatewayServices;
  let signKey: CryptoKey;
  let otherKey: CryptoKey;
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
    writeFileSync(file, JSON.stringify({ keys: [jwk] }));
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
});
