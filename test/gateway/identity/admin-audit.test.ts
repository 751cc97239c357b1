/** Every admin API call, audit-log read and failed admin login leaves one audit record naming the caller. */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../src/spec/gateway.js';
import type { GatewayServices } from '../../../src/gateway/services.js';
import { makeEntry } from '../audit/fixtures.js';
import { bearer, createKey, services, tempDir } from './helpers.js';
import { adminRoutes } from '../../../src/gateway/admin.js';
import { gatewayErrorHandler } from '../../../src/gateway/http-errors.js';

const ENV = 'WARDEN_TEST_ADMIN_AUDIT_TOKEN_' + process.pid;
const TOKEN = 'admin-secret-token-for-audit-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };

describe('auditing admin calls and audit reads', () => {
  const tmp = tempDir();
  let svc: GatewayServices;
  let app: FastifyInstance;
  let auditor: { key: string; id: string };
  let dev: { key: string; id: string };

  /** Sends a request and returns the response with the audit records written under its request id. */
  const call = async (opts: InjectOptions) => {
    const res = await app.inject(opts);
    const id = String(res.headers['x-warden-request-id']);
    const records = (await svc.audit.query({ limit: 1000 })).filter((r) => r.requestId === id);
    return { res, records, record: records[0] as AuditRecord };
  };

  beforeAll(async () => {
    svc = await services(tmp.dir, { admin: { token_env: ENV } });
    app = Fastify({ genReqId: () => randomUUID() });
    app.addHook('onRequest', async (req, reply) => {
      reply.header('x-warden-request-id', req.id);
    });
    app.setErrorHandler(gatewayErrorHandler());
    app.register(adminRoutes, svc.admin);
    await app.ready();
    await svc.audit.append(makeEntry(2));
    auditor = await createKey(tmp.dir, { tenant: 'acme', roles: ['auditor'] });
    dev = await createKey(tmp.dir, { tenant: 'acme' });
  });
  afterAll(async () => {
    await app.close();
    await svc.close();
    tmp.dispose();
    delete process.env[ENV];
  });
  beforeEach(() => {
    process.env[ENV] = TOKEN;
  });

  it('records each successful admin call once, as the admin, without the created key secret', async () => {
    const created = await call({ method: 'POST', url: '/admin/keys', headers: admin, payload: { tenant: 'umbrella' } });
    expect(created.res.statusCode).toBe(201);
    const secret = (created.res.json() as { key: string }).key;
    expect(created.records).toHaveLength(1);
    expect(created.record).toMatchObject({
      route: 'POST /admin/keys',
      identity: null,
      status: 201,
      action: 'allow',
      admin: { caller: 'admin-token', remoteAddress: '127.0.0.1' },
      request: { params: { operator: 'admin-api', change: 'key.create' } },
    });
    const keyId = (created.res.json() as { record: { id: string } }).record.id;
    for (const opts of [
      { method: 'GET', url: '/admin/keys?tenant=umbrella', route: 'GET /admin/keys' },
      { method: 'GET', url: `/admin/keys/${keyId}`, route: 'GET /admin/keys/:id' },
      { method: 'DELETE', url: `/admin/keys/${keyId}`, route: 'DELETE /admin/keys/:id' },
      { method: 'GET', url: '/admin/audit?tenant=acme', route: 'GET /admin/audit' },
      { method: 'GET', url: '/admin/audit/verify', route: 'GET /admin/audit/verify' },
      { method: 'GET', url: '/admin/kill-switches', route: 'GET /admin/kill-switches' },
    ] as const) {
      const c = await call({ method: opts.method, url: opts.url, headers: admin });
      expect(c.res.statusCode, opts.url).toBe(200);
      expect(c.records, opts.url).toHaveLength(1);
      expect(c.record, opts.url).toMatchObject({ route: opts.route, status: 200, action: 'allow', identity: null, admin: { caller: 'admin-token' } });
    }
    const read = await call({ method: 'GET', url: '/admin/audit?tenant=acme&limit=5', headers: admin });
    expect(read.record.request.params).toMatchObject({ operator: 'admin-api', query: { tenant: 'acme', limit: '5' } });
    const all = JSON.stringify(await svc.audit.query({ limit: 1000 }));
    expect(all).not.toContain(secret.slice(4));
    expect(all).not.toContain(TOKEN);
  });

  it('records failed admin logins with what is known, never the presented secret', async () => {
    const wrong = await call({ method: 'GET', url: '/admin/keys', headers: { authorization: 'Bearer guessed-admin-token-123' } });
    expect(wrong.res.statusCode).toBe(401);
    expect(wrong.records).toHaveLength(1);
    expect(wrong.record).toMatchObject({
      route: 'GET /admin/keys',
      identity: null,
      status: 401,
      action: 'error',
      errorCode: 'invalid_admin_token',
      admin: { caller: 'unauthenticated', remoteAddress: '127.0.0.1' },
    });
    expect(JSON.stringify(wrong.record)).not.toContain('guessed-admin-token-123');
    // A tenant key sent to the admin API: its public id is recorded, not the key.
    const tenantKey = await call({ method: 'DELETE', url: '/admin/kill-switches/global', headers: bearer(dev.key) });
    expect(tenantKey.record).toMatchObject({ status: 401, admin: { caller: 'unauthenticated', presentedKeyId: dev.id } });
    expect(JSON.stringify(tenantKey.record)).not.toContain(dev.key);
    const none = await call({ method: 'PUT', url: '/admin/kill-switches', payload: { scope: 'global' } });
    expect(none.record).toMatchObject({ status: 401, admin: { caller: 'unauthenticated' } });
    expect(await svc.audit.query({ limit: 1000 }).then((r) => r.filter((x) => x.request.params?.change === 'kill.set'))).toHaveLength(0);
    delete process.env[ENV];
    const disabled = await call({ method: 'GET', url: '/admin/keys', headers: admin });
    expect(disabled.record).toMatchObject({ status: 403, errorCode: 'admin_disabled', admin: { caller: 'unauthenticated' } });
  });

  it('records rejected admin calls of the admin too (bad input, missing records)', async () => {
    const bad = await call({ method: 'POST', url: '/admin/keys', headers: admin, payload: { tenant: 'acme', expires: 'soon' } });
    expect(bad.record).toMatchObject({ status: 400, action: 'error', errorCode: 'invalid_request', admin: { caller: 'admin-token' } });
    const missing = await call({ method: 'DELETE', url: '/admin/keys/nosuchkey123', headers: admin });
    expect(missing.record).toMatchObject({ status: 404, errorCode: 'not_found', request: { params: { params: { id: 'nosuchkey123' } } } });
  });

  it('records /v1/audit reads with the reading key, allowed or refused', async () => {
    const list = await call({ method: 'GET', url: '/v1/audit?limit=10', headers: bearer(auditor.key) });
    expect(list.res.statusCode).toBe(200);
    expect(list.records).toHaveLength(1);
    expect(list.record).toMatchObject({
      route: 'GET /v1/audit',
      status: 200,
      action: 'allow',
      identity: { keyId: auditor.id, tenant: 'acme', roles: ['auditor'], authMethod: 'api-key' },
      admin: { caller: 'tenant' },
      request: { params: { operator: 'audit-api', query: { limit: '10' } } },
    });
    const one = await call({ method: 'GET', url: '/v1/audit/req-2', headers: bearer(auditor.key) });
    expect(one.record).toMatchObject({ route: 'GET /v1/audit/:id', status: 200, identity: { keyId: auditor.id } });
    const noRole = await call({ method: 'GET', url: '/v1/audit', headers: bearer(dev.key) });
    expect(noRole.record).toMatchObject({ status: 403, errorCode: 'permission_denied', identity: { keyId: dev.id }, admin: { caller: 'tenant' } });
    const badKey = await call({ method: 'GET', url: '/v1/audit', headers: bearer(`wdn_${auditor.id}${'x'.repeat(32)}`) });
    expect(badKey.record).toMatchObject({ status: 401, identity: null, admin: { caller: 'unauthenticated', presentedKeyId: auditor.id } });
    expect(JSON.stringify(badKey.record)).not.toContain('x'.repeat(32));
  });

  it('keeps the chain verifiable with the new records', async () => {
    const v = await call({ method: 'GET', url: '/admin/audit/verify', headers: admin });
    expect(v.res.json()).toMatchObject({ ok: true, altered: [], removed: [], reordered: [] });
    expect((await svc.audit.verify()).ok).toBe(true);
  });
});
