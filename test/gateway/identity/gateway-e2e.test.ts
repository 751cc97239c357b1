/** Identity, limits, kill switches and audit through the real gateway (HTTP, policy, SQLite). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_KEY, type TestGateway } from '../helpers/gateway.js';
import { asCli, createKey } from './helpers.js';

const ADMIN_ENV = `WARDEN_E2E_ADMIN_${process.pid}`;

describe('gateway end to end: identity and audit', () => {
  let gw: TestGateway;
  let acme: { key: string; id: string };
  let auditor: { key: string; id: string };
  let globex: { key: string; id: string };
  const chat = (headers: Record<string, string>, model = 'gpt-test', content = 'Hello there') =>
    fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    });

  beforeAll(async () => {
    gw = await startTestGateway({ gateway: { limits: { per_key: { requests_per_minute: 5 } }, admin: { token_env: ADMIN_ENV } } });
    acme = await createKey(gw.dataDir, { tenant: 'acme', models: ['gpt-test', 'claude-test'], trustUserHeader: true });
    auditor = await createKey(gw.dataDir, { tenant: 'acme', roles: ['auditor'] });
    globex = await createKey(gw.dataDir, { tenant: 'globex' });
  });
  afterAll(async () => {
    await gw.close();
    delete process.env[ADMIN_ENV];
  });

  it('admits a virtual key and records who called in the audit log', async () => {
    const res = await chat({ authorization: `Bearer ${acme.key}`, 'x-warden-user': 'alice' });
    expect(res.status).toBe(200);
    const rec = await gw.audit(res.headers.get('x-warden-request-id'));
    expect(rec.identity).toMatchObject({ keyId: acme.id, tenant: 'acme', userId: 'alice', authMethod: 'api-key' });
    expect(JSON.stringify(rec)).not.toContain(acme.key);
  });

  it('marks a user id taken from the x-warden-user header as client-asserted, in open mode too', async () => {
    const open = await chat({ authorization: `Bearer ${TEST_KEY}`, 'x-warden-user': 'ceo@example.com' });
    expect(open.status).toBe(200);
    expect((await gw.audit(open.headers.get('x-warden-request-id'))).identity).toMatchObject({ keyId: 'open', userId: 'ceo@example.com', userIdSource: 'header' });
    const trusted = await chat({ authorization: `Bearer ${acme.key}`, 'x-warden-user': 'alice' });
    expect((await gw.audit(trusted.headers.get('x-warden-request-id'))).identity).toMatchObject({ userId: 'alice', userIdSource: 'header' });
    const none = await chat({ authorization: `Bearer ${auditor.key}`, 'x-warden-user': 'alice' });
    const rec = await gw.audit(none.headers.get('x-warden-request-id'));
    expect(rec.identity?.userId).toBeUndefined();
    expect(rec.identity?.userIdSource).toBeUndefined();
  });

  it('accepts x-api-key on the Anthropic route', async () => {
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': acme.key, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(res.status).toBe(200);
  });

  it('answers 401 in the OpenAI error shape for a missing key, and audits the rejection', async () => {
    const res = await chat({});
    expect(res.status).toBe(401);
    expect((await res.json()) as unknown).toMatchObject({ error: { code: 'missing_api_key' } });
    const rec = await gw.audit(res.headers.get('x-warden-request-id'));
    expect(rec).toMatchObject({ status: 401, identity: null });
  });

  it('refuses a model outside the key scope with 403', async () => {
    const res = await chat({ authorization: `Bearer ${acme.key}` }, 'demo');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('model_not_allowed');
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    const codes: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const res = await chat({ authorization: `Bearer ${globex.key}` });
      codes.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('applies a kill switch set from the CLI to the next request, then lifts it', async () => {
    await asCli(gw.dataDir, (s) => s.killStore.set('model', 'gpt-test', 'provider incident', new Date()));
    const res = await chat({ authorization: `Bearer ${auditor.key}` });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('provider incident');
    await asCli(gw.dataDir, (s) => s.killStore.clear('model', 'gpt-test'));
    expect((await chat({ authorization: `Bearer ${auditor.key}` })).status).toBe(200);
  });

  it('lets an auditor read only its tenant through /v1/audit and the admin read everything', async () => {
    const own = await fetch(`${gw.url}/v1/audit?limit=100`, { headers: { authorization: `Bearer ${auditor.key}` } });
    expect(own.status).toBe(200);
    const records = ((await own.json()) as { records: Array<{ requestId: string; identity: { tenant: string } | null }> }).records;
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.identity?.tenant === 'acme')).toBe(true);
    // The read itself is audited once, under its request id, with the reading key.
    const readId = own.headers.get('x-warden-request-id');
    const reads = (await gw.services.audit.query({ limit: 1000 })).filter((r) => r.requestId === readId);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ route: 'GET /v1/audit', identity: { keyId: auditor.id }, admin: { caller: 'tenant' } });
    const globexRes = await chat({ authorization: `Bearer ${globex.key}` });
    const globexId = globexRes.headers.get('x-warden-request-id') ?? '';
    await gw.audit(globexId);
    expect((await fetch(`${gw.url}/v1/audit/${globexId}`, { headers: { authorization: `Bearer ${auditor.key}` } })).status).toBe(404);
    process.env[ADMIN_ENV] = 'e2e-admin-token-0123456789';
    const admin = await fetch(`${gw.url}/admin/audit/${globexId}`, { headers: { authorization: 'Bearer e2e-admin-token-0123456789' } });
    expect(admin.status).toBe(200);
    const verify = await fetch(`${gw.url}/admin/audit/verify`, { headers: { authorization: 'Bearer e2e-admin-token-0123456789' } });
    expect((await verify.json()) as unknown).toMatchObject({ ok: true });
  });
});
