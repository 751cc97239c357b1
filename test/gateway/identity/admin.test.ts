import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServices } from '../../../src/gateway/services.js';
import { makeEntry } from '../audit/fixtures.js';
import { bearer, createKey, req, services, tempDir } from './helpers.js';
import { adminRoutes } from '../../../src/gateway/admin.js';
import { gatewayErrorHandler } from '../../../src/gateway/http-errors.js';

const ENV = 'WARDEN_TEST_ADMIN_TOKEN_' + process.pid;
const TOKEN = 'admin-secret-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };

describe('admin API and tenant-scoped audit read', () => {
  const tmp = tempDir();
  let svc: GatewayServices;
  let app: FastifyInstance;
  beforeAll(async () => {
    svc = await services(tmp.dir, { admin: { token_env: ENV } });
    // Request ids as the gateway makes them: fastify's default `req-N` would collide with the fixtures' ids.
    app = Fastify({ genReqId: () => randomUUID() });
    app.setErrorHandler(gatewayErrorHandler());
    app.register(adminRoutes, svc.admin);
    await app.ready();
    await Promise.all([1, 2, 3, 4].map((i) => svc.audit.append(makeEntry(i))));
  });
  afterAll(async () => {
    await app.close();
    await svc.close();
    tmp.dispose();
    delete process.env[ENV];
  });

  it('is disabled (403) until the admin token env var is set, then needs that exact token', async () => {
    delete process.env[ENV];
    const off = await app.inject({ method: 'GET', url: '/admin/keys', headers: admin });
    expect(off.statusCode).toBe(403);
    expect(off.json().error.code).toBe('admin_disabled');
    expect(off.json().error.message).toContain(ENV);
    process.env[ENV] = TOKEN;
    expect((await app.inject({ method: 'GET', url: '/admin/keys', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/admin/keys' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/admin/keys', headers: admin })).statusCode).toBe(200);
  });

  it('creates, lists, reads and revokes keys; the secret appears only in the create response', async () => {
    process.env[ENV] = TOKEN;
    const created = await app.inject({ method: 'POST', url: '/admin/keys', headers: admin, payload: { tenant: 'acme', models: ['gpt-4o-mini'], expires: '30d', name: 'ci', limits: { requests_per_minute: 7 } } });
    expect(created.statusCode).toBe(201);
    const { key, record } = created.json() as { key: string; record: { id: string; hash?: string } };
    expect(record.hash).toBeUndefined();
    expect((await svc.admit(req(bearer(key)))).ok).toBe(true);
    const list = await app.inject({ method: 'GET', url: '/admin/keys?tenant=acme', headers: admin });
    expect(list.json().keys.map((k: { id: string }) => k.id)).toContain(record.id);
    expect(list.body).not.toContain(key.slice(4));
    expect((await app.inject({ method: 'GET', url: `/admin/keys/${record.id}`, headers: admin })).json()).toMatchObject({
      id: record.id,
      name: 'ci',
      limits: { requests_per_minute: 7 },
    });
    expect((await app.inject({ method: 'DELETE', url: `/admin/keys/${record.id}`, headers: admin })).statusCode).toBe(200);
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ status: 401, code: 'key_revoked' });
    expect((await app.inject({ method: 'DELETE', url: `/admin/keys/${record.id}`, headers: admin })).statusCode).toBe(404);
  });

  it('validates bodies with actionable 400s', async () => {
    process.env[ENV] = TOKEN;
    const bad = await app.inject({ method: 'POST', url: '/admin/keys', headers: admin, payload: { tenant: 'acme', expires: 'soon' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('invalid expiry');
    const unknown = await app.inject({ method: 'POST', url: '/admin/keys', headers: admin, payload: { tenant: 'acme', tennant: 'x' } });
    expect(unknown.statusCode).toBe(400);
    const noId = await app.inject({ method: 'PUT', url: '/admin/kill-switches', headers: admin, payload: { scope: 'tenant' } });
    expect(noId.statusCode).toBe(400);
    expect(noId.json().error.message).toContain('needs an id');
  });

  it('sets and clears kill switches that apply to the next request', async () => {
    process.env[ENV] = TOKEN;
    const { key } = await createKey(tmp.dir, { tenant: 'initech' });
    const put = await app.inject({ method: 'PUT', url: '/admin/kill-switches', headers: admin, payload: { scope: 'tenant', id: 'initech', reason: 'abuse' } });
    expect(put.statusCode).toBe(200);
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ ok: false, code: 'kill_switch_active' });
    expect((await app.inject({ method: 'GET', url: '/admin/kill-switches', headers: admin })).json().switches).toHaveLength(1);
    expect((await app.inject({ method: 'DELETE', url: '/admin/kill-switches/tenant/initech', headers: admin })).statusCode).toBe(200);
    expect((await svc.admit(req(bearer(key)))).ok).toBe(true);
    await app.inject({ method: 'PUT', url: '/admin/kill-switches', headers: admin, payload: { scope: 'global' } });
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ status: 503 });
    expect((await app.inject({ method: 'DELETE', url: '/admin/kill-switches/global', headers: admin })).statusCode).toBe(200);
  });

  it('queries, reads and verifies audit records', async () => {
    process.env[ENV] = TOKEN;
    const q = await app.inject({ method: 'GET', url: '/admin/audit?tenant=acme&limit=10', headers: admin });
    expect(q.json().records.map((r: { requestId: string }) => r.requestId)).toEqual(['req-4', 'req-2']);
    expect((await app.inject({ method: 'GET', url: '/admin/audit/req-3', headers: admin })).json()).toMatchObject({ requestId: 'req-3', seq: 3 });
    expect((await app.inject({ method: 'GET', url: '/admin/audit/verify', headers: admin })).json()).toMatchObject({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/admin/audit?since=yesterday', headers: admin })).statusCode).toBe(400);
  });

  it('pages audit queries with next_cursor until it is null', async () => {
    process.env[ENV] = TOKEN;
    const page = async (query: string) => (await app.inject({ method: 'GET', url: `/admin/audit?tenant=acme&limit=1${query}`, headers: admin })).json();
    const first = await page('');
    expect(first).toMatchObject({ records: [{ requestId: 'req-4' }], next_cursor: '4' });
    const second = await page(`&cursor=${first.next_cursor}`);
    expect(second).toMatchObject({ records: [{ requestId: 'req-2' }], next_cursor: '2' });
    expect(await page(`&cursor=${second.next_cursor}`)).toEqual({ records: [], next_cursor: null });
    expect((await app.inject({ method: 'GET', url: '/admin/audit?cursor=abc', headers: admin })).statusCode).toBe(400);
  });

  it('records every admin change in the audit log, never the key secret', async () => {
    process.env[ENV] = TOKEN;
    const created = await app.inject({ method: 'POST', url: '/admin/keys', headers: admin, payload: { tenant: 'umbrella' } });
    const { key, record } = created.json() as { key: string; record: { id: string } };
    await app.inject({ method: 'DELETE', url: `/admin/keys/${record.id}`, headers: admin });
    const all = (await app.inject({ method: 'GET', url: '/admin/audit?limit=1000', headers: admin })).json().records as Array<{
      route: string;
      identity: unknown;
      request: { params?: Record<string, unknown> };
    }>;
    const changes = all.filter((r) => r.route.includes('/admin/')).map((r) => r.request.params);
    expect(changes).toContainEqual(expect.objectContaining({ operator: 'admin-api', change: 'key.revoke', keyId: record.id }));
    expect(changes).toContainEqual(expect.objectContaining({ change: 'key.create', key: expect.objectContaining({ id: record.id, tenant: 'umbrella' }) }));
    expect(changes).toContainEqual(expect.objectContaining({ change: 'kill.set', scope: 'tenant', id: 'initech', reason: 'abuse' }));
    expect(JSON.stringify(all)).not.toContain(key.slice(4));
    expect(all.filter((r) => r.route.includes('/admin/')).every((r) => r.identity === null)).toBe(true);
  });

  it('lets an auditor key read only its own tenant, answering 404 for other tenants', async () => {
    const auditor = await createKey(tmp.dir, { tenant: 'acme', roles: ['auditor'] });
    const dev = await createKey(tmp.dir, { tenant: 'acme' });
    const own = await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(auditor.key) });
    expect(own.statusCode).toBe(200);
    expect(own.json().records.every((r: { identity: { tenant: string } }) => r.identity.tenant === 'acme')).toBe(true);
    expect(own.json().records).toHaveLength(2);
    expect(own.json().next_cursor).toBeNull();
    const newest = (await app.inject({ method: 'GET', url: '/v1/audit?limit=1', headers: bearer(auditor.key) })).json();
    expect(newest.next_cursor).toBe(String(newest.records[0].seq));
    const older = (await app.inject({ method: 'GET', url: `/v1/audit?limit=1&cursor=${newest.next_cursor}`, headers: bearer(auditor.key) })).json();
    expect(older.records[0].seq).toBeLessThan(newest.records[0].seq);
    expect(older.records[0].identity.tenant).toBe('acme');
    const spoof = await app.inject({ method: 'GET', url: '/v1/audit?tenant=globex', headers: bearer(auditor.key) });
    expect(spoof.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/audit/req-2', headers: bearer(auditor.key) })).statusCode).toBe(200);
    const foreign = await app.inject({ method: 'GET', url: '/v1/audit/req-1', headers: bearer(auditor.key) });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('globex');
    expect((await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(dev.key) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/v1/audit' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/admin/audit', headers: bearer(auditor.key) })).statusCode).toBe(401);
  });
});
