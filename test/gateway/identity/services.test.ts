import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayServices } from '../../../src/gateway/services.js';
import { asCli, bearer, clock, createKey, req, services, tempDir } from './helpers.js';

describe('gateway services: authentication and scopes', () => {
  let tmp: ReturnType<typeof tempDir>;
  let svc: GatewayServices;
  const c = clock();
  beforeEach(async () => {
    tmp = tempDir();
    svc = await services(tmp.dir, {}, { now: c.now, openKey: 'trial-key-123456' });
  });
  afterEach(async () => {
    await svc.close();
    tmp.dispose();
  });

  it('admits a virtual key by Authorization: Bearer and by x-api-key', async () => {
    const { key, id } = await createKey(tmp.dir, { tenant: 'acme', roles: ['dev'] });
    expect(key).toMatch(/^wdn_[0-9A-Za-z]{44}$/);
    const a = await svc.admit(req(bearer(key)));
    expect(a).toMatchObject({ ok: true, identity: { keyId: id, tenant: 'acme', roles: ['dev'], models: ['*'], authMethod: 'api-key' } });
    const b = await svc.admit(req({ 'x-api-key': key }));
    expect(b.ok).toBe(true);
  });

  it('rejects missing, malformed and unknown keys with 401 and a clear message', async () => {
    const { key } = await createKey(tmp.dir, { tenant: 'acme' });
    const forged = key.slice(0, -4) + (key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const [headers, code] of [
      [{}, 'missing_api_key'],
      [bearer('sk-not-ours'), 'invalid_api_key'],
      [bearer('wdn_short'), 'invalid_api_key'],
      [bearer(forged), 'invalid_api_key'],
      [{ authorization: `Basic ${key}` }, 'missing_api_key'],
    ] as const) {
      const r = await svc.admit(req(headers));
      expect(r).toMatchObject({ ok: false, status: 401, code });
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it('stores only a peppered hash, never the key', async () => {
    const { key, id } = await createKey(tmp.dir, { tenant: 'acme' });
    const rec = await asCli(tmp.dir, (s) => s.keys.get(id));
    expect(JSON.stringify(rec)).not.toContain(key.slice(4));
    expect(rec?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a key revoked from another connection (the CLI) on the next request', async () => {
    const { key, id } = await createKey(tmp.dir, { tenant: 'acme' });
    expect((await svc.admit(req(bearer(key)))).ok).toBe(true);
    await asCli(tmp.dir, (s) => s.keys.revoke(id, new Date(c.now())));
    const r = await svc.admit(req(bearer(key)));
    expect(r).toMatchObject({ ok: false, status: 401, code: 'key_revoked' });
    if (!r.ok) expect(r.message).toContain(id);
  });

  it('rejects an expired key', async () => {
    const { key } = await createKey(tmp.dir, { tenant: 'acme', expiresAt: new Date(c.now() + 60_000) }, new Date(c.now()));
    expect((await svc.admit(req(bearer(key)))).ok).toBe(true);
    c.advance(61_000);
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ ok: false, status: 401, code: 'key_expired' });
  });

  it('enforces model scope with 403 and tool scope through toolRefusal', async () => {
    const { key } = await createKey(tmp.dir, { tenant: 'acme', models: ['gpt-4o-mini'], tools: ['search'] });
    expect((await svc.admit(req(bearer(key), { model: 'gpt-4o-mini' }))).ok).toBe(true);
    const r = await svc.admit(req(bearer(key), { model: 'gpt-4o' }));
    expect(r).toMatchObject({ ok: false, status: 403, code: 'model_not_allowed', identity: { tenant: 'acme' } });
    const ok = await svc.admit(req(bearer(key)));
    if (!ok.ok) throw new Error('expected admission');
    expect(svc.toolRefusal(ok.identity, 'search')).toBeUndefined();
    expect(svc.toolRefusal(ok.identity, 'shell')).toBe('not_allowed');
  });

  it('trusts the end-user header only for keys that allow it', async () => {
    const trusted = await createKey(tmp.dir, { tenant: 'acme', trustUserHeader: true });
    const plain = await createKey(tmp.dir, { tenant: 'acme' });
    const a = await svc.admit(req({ ...bearer(trusted.key), 'x-warden-user': 'alice' }));
    const b = await svc.admit(req({ ...bearer(plain.key), 'x-warden-user': 'alice' }));
    expect(a.ok && a.identity.userId).toBe('alice');
    expect(b.ok && b.identity.userId).toBeUndefined();
  });

  it('accepts the open-mode key as tenant default', async () => {
    const r = await svc.admit(req(bearer('trial-key-123456')));
    expect(r).toMatchObject({ ok: true, identity: { keyId: 'open', tenant: 'default', authMethod: 'open' } });
    expect((await svc.admit(req(bearer('trial-key-123457')))).ok).toBe(false);
  });
});

describe('gateway services: kill switches', () => {
  let tmp: ReturnType<typeof tempDir>;
  let svc: GatewayServices;
  beforeEach(async () => {
    tmp = tempDir();
    svc = await services(tmp.dir);
  });
  afterEach(async () => {
    await svc.close();
    tmp.dispose();
  });

  it('applies switches set and cleared from the CLI connection on the next request', async () => {
    const acme = await createKey(tmp.dir, { tenant: 'acme' });
    const globex = await createKey(tmp.dir, { tenant: 'globex' });
    const set = (scope: 'global' | 'tenant' | 'key' | 'model' | 'tool', id: string, reason: string | null = null) =>
      asCli(tmp.dir, (s) => s.killStore.set(scope, id, reason, new Date()));
    const clear = (scope: 'global' | 'tenant' | 'key' | 'model' | 'tool', id: string) => asCli(tmp.dir, (s) => s.killStore.clear(scope, id));

    await set('tenant', 'acme', 'incident 42');
    const r = await svc.admit(req(bearer(acme.key)));
    expect(r).toMatchObject({ ok: false, status: 403, code: 'kill_switch_active' });
    if (!r.ok) expect(r.message).toContain('incident 42');
    expect((await svc.admit(req(bearer(globex.key)))).ok).toBe(true);
    await clear('tenant', 'acme');
    expect((await svc.admit(req(bearer(acme.key)))).ok).toBe(true);

    await set('key', globex.id);
    expect(await svc.admit(req(bearer(globex.key)))).toMatchObject({ ok: false, code: 'kill_switch_active' });
    expect((await svc.admit(req(bearer(acme.key)))).ok).toBe(true);
    await clear('key', globex.id);

    await set('model', 'gpt-4o');
    expect(await svc.admit(req(bearer(acme.key), { model: 'gpt-4o' }))).toMatchObject({ ok: false, status: 503 });
    expect((await svc.admit(req(bearer(acme.key), { model: 'gpt-4o-mini' }))).ok).toBe(true);

    await set('tool', 'shell');
    const ok = await svc.admit(req(bearer(acme.key)));
    if (!ok.ok) throw new Error('expected admission');
    expect(svc.toolRefusal(ok.identity, 'shell')).toBe('killed');
    expect(svc.toolRefusal(ok.identity, 'search')).toBeUndefined();

    await set('global', '*', 'maintenance');
    expect(await svc.admit(req(bearer(globex.key)))).toMatchObject({ ok: false, status: 503, code: 'kill_switch_active' });
    await clear('global', '*');
    expect((await svc.admit(req(bearer(globex.key)))).ok).toBe(true);
  });
});
