/** Admin calls that fail inside the gateway answer 500 with a generic message; the internal one goes to the log with the request id. */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../src/gateway/admin.js';
import { gatewayErrorHandler } from '../../../src/gateway/http-errors.js';
import type { GatewayServices } from '../../../src/gateway/services.js';
import { services, tempDir } from './helpers.js';

const ENV = 'WARDEN_TEST_ADMIN_ERRORS_' + process.pid;
const TOKEN = 'admin-secret-token-0123456789';
const headers = { authorization: `Bearer ${TOKEN}` };
const INTERNAL = 'SQLITE_IOERR: disk I/O error reading /srv/warden/secret-volume/warden.db';

describe('admin API internal errors', () => {
  const tmp = tempDir();
  const log: string[] = [];
  let svc: GatewayServices;
  let app: FastifyInstance;
  beforeAll(async () => {
    process.env[ENV] = TOKEN;
    svc = await services(tmp.dir, { admin: { token_env: ENV } });
    const failing = () => Promise.reject(new Error(INTERNAL));
    // The real SQLite stores, with a disk failure in the key store's reads and writes.
    const keys = { ...svc.admin.keys, list: failing, insert: failing };
    app = Fastify({ genReqId: () => randomUUID(), logger: { level: 'error', stream: { write: (line: string) => log.push(line) } } });
    app.addHook('onRequest', async (req, reply) => {
      reply.header('x-warden-request-id', req.id);
    });
    app.setErrorHandler(gatewayErrorHandler());
    app.register(adminRoutes, { ...svc.admin, keys });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await svc.close();
    tmp.dispose();
    delete process.env[ENV];
  });

  it('answers a store failure with 500 and a generic message, and logs the internal one with the request id', async () => {
    for (const res of [
      await app.inject({ method: 'GET', url: '/admin/keys', headers }),
      await app.inject({ method: 'POST', url: '/admin/keys', headers, payload: { tenant: 'acme' } }),
    ]) {
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { message: 'Internal gateway error; see the gateway log for the request id.', type: 'api_error', code: 'internal_error' } });
      expect(res.body).not.toContain('SQLITE');
      expect(res.body).not.toContain('/srv/warden');
      const id = res.headers['x-warden-request-id'];
      expect(typeof id).toBe('string');
      expect(log.some((l) => l.includes(INTERNAL) && l.includes(`"requestId":"${String(id)}"`))).toBe(true);
    }
  });

  it('still answers a bad key attribute with 400 and its message', async () => {
    const res = await app.inject({ method: 'POST', url: '/admin/keys', headers, payload: { tenant: 'acme', expires: 'next tuesday' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_request', type: 'invalid_request_error' });
    expect(res.json().error.message).toContain('invalid expiry "next tuesday"');
  });

  it('records the failed calls in the audit log with their status and code', async () => {
    const records = (await svc.audit.query({ limit: 1000 })).filter((r) => r.status === 500);
    expect(records.length).toBe(2);
    expect(records.every((r) => r.errorCode === 'internal_error' && r.admin?.caller === 'admin-token')).toBe(true);
  });
});
