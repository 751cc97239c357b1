/** /admin/approvals on real gateway services (SQLite), and the configured webhook hearing of each request. */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../src/gateway/admin.js';
import { gatewayErrorHandler } from '../../src/gateway/http-errors.js';
import type { GatewayServices } from '../../src/gateway/services.js';
import { services, tempDir } from '../gateway/identity/helpers.js';

const ENV = 'WARDEN_TEST_APPROVALS_ADMIN_' + process.pid;
const admin = { authorization: 'Bearer approvals-admin-token-0123' };
const call = { tenant: 'acme', requester: { keyId: 'agentkey', userId: 'alice' }, tool: 'send_email', args: { to: 'ceo@example.com', body: 'hi' }, reason: 'recipient not typed by the user' };

describe('admin API: approvals', () => {
  const tmp = tempDir();
  const hooked: string[] = [];
  let receiver: Server;
  let svc: GatewayServices;
  let app: FastifyInstance;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hooked.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/approvals`;
    process.env[ENV] = admin.authorization.slice('Bearer '.length);
    svc = await services(tmp.dir, { admin: { token_env: ENV }, approvals: { timeout_seconds: 300, webhook: { url, retries: 0 } } });
    app = Fastify({ genReqId: () => randomUUID() });
    app.setErrorHandler(gatewayErrorHandler());
    app.register(adminRoutes, svc.admin);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await svc.close();
    await new Promise((r) => receiver.close(r));
    tmp.dispose();
    delete process.env[ENV];
  });

  it('notifies the configured webhook, lists and shows the request, and decides it once, by someone else', async () => {
    const rec = await svc.approvals.request(call);
    await expect.poll(() => hooked.length).toBe(1);
    expect(JSON.parse(hooked[0] ?? '')).toMatchObject({ event: 'approval.requested', approval: { id: rec.id, tool: 'send_email', args: call.args } });

    expect((await app.inject({ method: 'GET', url: '/admin/approvals' })).statusCode).toBe(401);
    const list = await app.inject({ method: 'GET', url: '/admin/approvals?status=pending&tenant=acme', headers: admin });
    expect(list.json().approvals.map((a: { id: string }) => a.id)).toEqual([rec.id]);
    expect((await app.inject({ method: 'GET', url: `/admin/approvals/${rec.id}`, headers: admin })).json()).toMatchObject({ id: rec.id, args: rec.args });
    expect((await app.inject({ method: 'GET', url: '/admin/approvals?status=maybe', headers: admin })).statusCode).toBe(400);

    const waiting = svc.approvals.waitFor(rec.id);
    const self = await app.inject({ method: 'POST', url: `/admin/approvals/${rec.id}/approve`, headers: admin, payload: { approver: 'alice', reason: 'mine' } });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('self_approval');
    const noReason = await app.inject({ method: 'POST', url: `/admin/approvals/${rec.id}/approve`, headers: admin, payload: { approver: 'bob' } });
    expect(noReason.statusCode).toBe(400);

    const ok = await app.inject({ method: 'POST', url: `/admin/approvals/${rec.id}/deny`, headers: admin, payload: { approver: 'bob', reason: 'not a known recipient' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'denied', decidedBy: { name: 'bob', via: 'admin-token' } });
    expect(await waiting).toMatchObject({ status: 'denied' });

    const late = await app.inject({ method: 'POST', url: `/admin/approvals/${rec.id}/approve`, headers: admin, payload: { approver: 'carol', reason: 'overrule' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('approval_not_pending');
    expect((await app.inject({ method: 'POST', url: '/admin/approvals/apr_none/approve', headers: admin, payload: { approver: 'bob', reason: 'x' } })).statusCode).toBe(404);
  });

  it('audits every decision and every refused attempt with the approver named', async () => {
    const records = await svc.audit.query({ limit: 100 });
    const decisions = records
      .filter((r) => /approve|deny/.test(r.route) && r.status !== 401)
      .map((r) => ({ route: r.route, status: r.status, approver: r.request.params?.['approver'], refused: r.request.params?.['refused'] }))
      .reverse();
    expect(decisions).toEqual([
      { route: 'POST /admin/approvals/:id/approve', status: 403, approver: { name: 'alice', via: 'admin-token' }, refused: 'self_approval' },
      { route: 'POST /admin/approvals/:id/approve', status: 400, approver: undefined, refused: undefined },
      { route: 'POST /admin/approvals/:id/deny', status: 200, approver: { name: 'bob', via: 'admin-token' }, refused: undefined },
      { route: 'POST /admin/approvals/:id/approve', status: 409, approver: { name: 'carol', via: 'admin-token' }, refused: 'not_pending' },
      { route: 'POST /admin/approvals/:id/approve', status: 404, approver: { name: 'bob', via: 'admin-token' }, refused: 'not_found' },
    ]);
  });
});
