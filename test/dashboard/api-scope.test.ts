/** Dashboard API: a tenant-bound operator never sees or changes another tenant's records, approvals, keys or kill switches. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { ACME_TOKEN, ADMIN_TOKEN, ATTACK, chat, signIn, startDashboardGateway, tenantKey, type DashSession } from './helpers.js';

describe('tenant-scoped operators', () => {
  let gw: TestGateway;
  let acme: DashSession;
  let admin: DashSession;
  let acmeReq: string;
  let globexReq: string;
  let globexKeyId: string;
  let globexApproval: string;

  beforeAll(async () => {
    gw = await startDashboardGateway();
    acme = await signIn(gw.app, { token: ACME_TOKEN });
    admin = await signIn(gw.app, { token: ADMIN_TOKEN });
    acmeReq = (await chat(gw, await tenantKey(gw, 'acme'), ATTACK)).id;
    const globexKey = await tenantKey(gw, 'globex');
    globexReq = (await chat(gw, globexKey, ATTACK)).id;
    globexKeyId = (await gw.services.admin.keys.list({ tenant: 'globex' }))[0]?.id as string;
    const requester = { keyId: globexKeyId };
    globexApproval = (await gw.services.approvals.request({ tenant: 'globex', requester, tool: 'refund', args: { amount: 900 }, reason: 'large refund' })).id;
    await gw.services.approvals.request({ tenant: 'acme', requester: { keyId: 'k-acme' }, tool: 'refund', args: { amount: 150 }, reason: 'large refund' });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lists and opens only its own tenant\'s requests; another tenant\'s answers like a missing one', async () => {
    const mine = await acme.call('GET', '/records');
    expect((mine.body.records as Array<{ requestId: string; tenant: string }>).map((r) => r.tenant)).toEqual(['acme']);
    expect((await acme.call('GET', `/records/${acmeReq}`)).status).toBe(200);
    const theirs = await acme.call('GET', `/records/${globexReq}`);
    expect(theirs.status).toBe(404);
    expect(await acme.call('GET', '/records/no-such-request')).toEqual({ status: 404, body: theirs.body });
    expect((await acme.call('GET', `/records/${globexReq}/replay`)).status).toBe(404);
    expect((await acme.call('GET', '/records?tenant=globex')).body).toMatchObject({ error: { code: 'permission_denied' } });
    const all = await admin.call('GET', '/records');
    expect(new Set((all.body.records as Array<{ tenant: string }>).map((r) => r.tenant))).toEqual(new Set(['acme', 'globex']));
  });

  it('sees and decides only its own tenant\'s approvals', async () => {
    const list = await acme.call('GET', '/approvals');
    expect((list.body.approvals as Array<{ tenant: string }>).map((a) => a.tenant)).toEqual(['acme']);
    const r = await acme.call('POST', `/approvals/${globexApproval}/approve`, { reason: 'looks fine' });
    expect(r.status).toBe(404);
    expect((await gw.services.approvals.get(globexApproval))?.status).toBe('pending');
    expect((await admin.call('GET', '/approvals')).body.approvals).toHaveLength(2);
  });

  it('creates keys only in its tenant and cannot revoke another tenant\'s', async () => {
    const created = await acme.call('POST', '/keys', { tenant: 'globex', name: 'sneaky' });
    expect(created.body).toMatchObject({ error: { code: 'permission_denied' } });
    const own = await acme.call('POST', '/keys', { name: 'ci' });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ record: { tenant: 'acme', name: 'ci' } });
    expect(String(own.body.key)).toMatch(/^wdn_/);
    const listed = await acme.call('GET', '/keys');
    expect(new Set((listed.body.keys as Array<{ tenant: string; hash?: string }>).map((k) => k.tenant))).toEqual(new Set(['acme']));
    expect(JSON.stringify(listed.body)).not.toContain(String(own.body.key));
    expect((await acme.call('DELETE', `/keys/${globexKeyId}`)).status).toBe(404);
    expect((await gw.services.admin.keys.get(globexKeyId))?.revokedAt).toBeNull();
  });

  it('switches off only its own tenant and keys; global, model and tool switches are for all-tenant operators', async () => {
    expect((await acme.call('PUT', '/kill-switches', { scope: 'global' })).body).toMatchObject({ error: { code: 'permission_denied' } });
    expect((await acme.call('PUT', '/kill-switches', { scope: 'model', id: 'demo' })).status).toBe(403);
    expect((await acme.call('PUT', '/kill-switches', { scope: 'tenant', id: 'globex' })).status).toBe(404);
    expect((await acme.call('PUT', '/kill-switches', { scope: 'key', id: globexKeyId })).status).toBe(404);
    expect((await gw.services.admin.killStore.list()).length).toBe(0);
    expect((await admin.call('PUT', '/kill-switches', { scope: 'tenant', id: 'globex', reason: 'abuse' })).status).toBe(200);
    expect((await acme.call('GET', '/kill-switches')).body.switches).toEqual([]);
    expect((await acme.call('POST', '/kill-switches/clear', { scope: 'tenant', id: 'globex' })).status).toBe(404);
    expect((await admin.call('POST', '/kill-switches/clear', { scope: 'tenant', id: 'globex' })).status).toBe(200);
  });

  it('confines the overview, the policy, try-it and reports', async () => {
    const ov = await acme.call('GET', '/overview?window=1h');
    expect(ov.body).toMatchObject({ requests: 1, blocked: 1 });
    expect((await admin.call('GET', '/overview?window=1h')).body).toMatchObject({ requests: 2, blocked: 2 });
    expect((await acme.call('GET', '/overview?tenant=globex')).status).toBe(403);
    expect((await acme.call('POST', '/try', { text: ATTACK, tenant: 'globex' })).status).toBe(403);
    expect((await acme.call('POST', '/try', { text: ATTACK })).body).toMatchObject({ action: 'block' });
    expect((await acme.call('POST', '/policy/check', { yaml: 'version: 1' })).status).toBe(403);
    expect((await acme.call('GET', '/reports')).status).toBe(403);
  });
});
