/**
 * What operators act on: pending tool-call approvals (decided through the approval service, which wakes the
 * waiting caller), kill switches, and virtual keys (the secret shown once, at creation). Every handler confines
 * itself to the operator's tenant before it reads or changes anything.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { decisionError } from '../gateway/admin-approvals.js';
import { idParams, parse } from '../gateway/admin-input.js';
import { GatewayError } from '../gateway/errors.js';
import { createVirtualKey, publicKey } from '../gateway/identity/key-admin.js';
import { parseExpiry } from '../gateway/identity/keys.js';
import { keyInput } from '../gateway/admin.js';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../spec/approvals.js';
import { KILL_SCOPES, type KillScope, type KillSwitch } from '../store/interfaces.js';
import type { DashboardDeps } from './deps.js';
import { operatorOf, recordChange } from './request-state.js';
import { listTenant, requireAllTenants, sees, visibleOr404 } from './scope.js';
import type { Operator } from './session.js';

const approvalList = z.strictObject({ status: z.enum(APPROVAL_STATUSES as [ApprovalStatus, ...ApprovalStatus[]]).default('pending'), tenant: z.string().min(1).optional() });
const decision = z.strictObject({ reason: z.string().trim().min(1, 'a decision needs a reason').max(1000) });
const killBody = z.strictObject({
  scope: z.enum(KILL_SCOPES as [KillScope, ...KillScope[]]),
  id: z.string().min(1).max(256).optional(),
  reason: z.string().max(1000).optional(),
});
const names = z.array(z.string().min(1).max(256)).max(100).optional();
const keyBody = z.strictObject({
  tenant: z.string().min(1).max(256).optional(),
  name: z.string().min(1).max(200).optional(),
  roles: names,
  models: names,
  tools: names,
  expires: z.string().min(1).max(64).optional(),
});

export function operationRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  const { approvals, keys, killStore, pepper, now } = deps.admin;

  /** The tenant a kill switch belongs to (a key's is its key's), or null for switches over every tenant. */
  const killTenant = async (scope: KillScope, id: string): Promise<string | null> => {
    if (scope === 'tenant') return id;
    if (scope === 'key') return (await keys.get(id))?.tenant ?? null;
    return null;
  };
  const mayTouchKill = async (op: Operator, scope: KillScope, id: string): Promise<void> => {
    if (scope === 'global' || scope === 'model' || scope === 'tool') return requireAllTenants(op, `A ${scope} kill switch`);
    if (!sees(op, await killTenant(scope, id))) throw new GatewayError('not_found', `No ${scope} ${id} in this operator's tenant.`);
  };

  app.get('/dashboard/api/approvals', async (req) => {
    const q = parse(approvalList, req.query);
    return { approvals: await approvals.list({ status: q.status, tenant: listTenant(operatorOf(req), q.tenant), limit: 200 }) };
  });
  for (const verb of ['approve', 'deny'] as const) {
    app.post(`/dashboard/api/approvals/:id/${verb}`, async (req) => {
      const op = operatorOf(req);
      const { id } = parse(idParams, req.params);
      const { reason } = parse(decision, req.body ?? {});
      const rec = visibleOr404(op, await approvals.get(id), (a) => a.tenant, 'approval');
      const by = { name: op.name, via: 'dashboard' as const };
      const outcome = await approvals.decide(id, { approve: verb === 'approve', by, reason });
      recordChange(req, { change: `approval.${verb}`, approval: id, approver: by, reason, tool: rec.tool, argsHash: rec.argsHash, requester: rec.requester, ...(outcome.ok ? {} : { refused: outcome.code }) });
      if (!outcome.ok) throw decisionError(outcome);
      return outcome.record;
    });
  }

  app.get('/dashboard/api/kill-switches', async (req) => {
    const op = operatorOf(req);
    const all = await killStore.list();
    const shown: KillSwitch[] = [];
    for (const sw of all) if (sees(op, await killTenant(sw.scope, sw.id))) shown.push(sw);
    return { switches: shown };
  });
  app.put('/dashboard/api/kill-switches', async (req) => {
    const op = operatorOf(req);
    const b = parse(killBody, req.body ?? {});
    const id = b.scope === 'global' ? '*' : b.id;
    if (id === undefined) throw new GatewayError('invalid_request', `Kill switch scope "${b.scope}" needs an id.`);
    await mayTouchKill(op, b.scope, id);
    const sw = await killStore.set(b.scope, id, b.reason ?? null, new Date(now()));
    recordChange(req, { change: 'kill.set', scope: sw.scope, id: sw.id, reason: sw.reason });
    return sw;
  });
  app.post('/dashboard/api/kill-switches/clear', async (req) => {
    const op = operatorOf(req);
    const b = parse(killBody.omit({ reason: true }), req.body ?? {});
    const id = b.scope === 'global' ? '*' : b.id;
    if (id === undefined) throw new GatewayError('invalid_request', `Kill switch scope "${b.scope}" needs an id.`);
    await mayTouchKill(op, b.scope, id);
    if (!(await killStore.clear(b.scope, id))) throw new GatewayError('not_found', `No kill switch ${b.scope}/${id}.`);
    recordChange(req, { change: 'kill.clear', scope: b.scope, id });
    return { scope: b.scope, id, cleared: true };
  });

  app.get('/dashboard/api/keys', async (req: FastifyRequest) => {
    const q = parse(z.strictObject({ tenant: z.string().min(1).optional() }), req.query);
    return { keys: (await keys.list({ tenant: listTenant(operatorOf(req), q.tenant) })).map(publicKey) };
  });
  app.post('/dashboard/api/keys', async (req, reply) => {
    const op = operatorOf(req);
    const b = parse(keyBody, req.body ?? {});
    const tenant = listTenant(op, b.tenant);
    if (tenant === undefined) throw new GatewayError('invalid_request', 'A key needs a tenant.');
    const at = new Date(now());
    const expiresAt = b.expires === undefined ? null : await keyInput(() => parseExpiry(b.expires as string, at));
    const created = await keyInput(() => createVirtualKey(keys, pepper, { ...b, tenant, expiresAt }, at));
    recordChange(req, { change: 'key.create', key: created.record });
    reply.code(201);
    return created;
  });
  app.delete('/dashboard/api/keys/:id', async (req) => {
    const op = operatorOf(req);
    const { id } = parse(idParams, req.params);
    visibleOr404(op, await keys.get(id), (k) => k.tenant, 'key');
    if (!(await keys.revoke(id, new Date(now())))) throw new GatewayError('not_found', `No active key ${id}.`);
    recordChange(req, { change: 'key.revoke', keyId: id });
    return { id, revoked: true };
  });
}
