/**
 * /admin/approvals: list pending tool-call approvals and decide them. The admin token names no person, so a
 * decision names its approver in the body; the requester of a call is refused (self_approval). The admin
 * plugin's onSend hook audits every call, with the decision or the refused attempt as its change.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApprovalService, DecideOutcome } from '../approvals/service.js';
import { APPROVAL_STATUSES } from '../spec/approvals.js';
import { idParams, parse } from './admin-input.js';
import { GatewayError } from './errors.js';
import { withFields } from '../core/objects.js';

const listQuery = z.strictObject({
  status: z.enum(APPROVAL_STATUSES as [string, ...string[]]).optional(),
  tenant: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const decisionBody = z.strictObject({
  /** The person deciding, as the audit log should name them. */
  approver: z.string().min(1).max(200),
  reason: z.string().min(1).max(1000),
});

/** The catalogue error for a decision that did not take. */
export function decisionError(outcome: Exclude<DecideOutcome, { ok: true }>): GatewayError {
  if (outcome.code === 'not_found') return new GatewayError('not_found', outcome.message);
  return new GatewayError(outcome.code === 'self_approval' ? 'self_approval' : 'approval_not_pending', outcome.message);
}

export function approvalRoutes(app: FastifyInstance, approvals: ApprovalService, record: (req: FastifyRequest, change: Record<string, unknown>) => void): void {
  app.get('/admin/approvals', async (req) => {
    const q = parse(listQuery, req.query);
    return { approvals: await approvals.list({ status: q.status as (typeof APPROVAL_STATUSES)[number] | undefined, tenant: q.tenant, limit: q.limit }) };
  });
  app.get('/admin/approvals/:id', async (req) => {
    const rec = await approvals.get(parse(idParams, req.params).id);
    if (!rec) throw new GatewayError('not_found', 'No such approval.');
    return rec;
  });
  for (const verb of ['approve', 'deny'] as const) {
    app.post(`/admin/approvals/:id/${verb}`, async (req) => {
      const { id } = parse(idParams, req.params);
      const b = parse(decisionBody, req.body ?? {});
      const by = { name: b.approver, via: 'admin-token' as const };
      const outcome = await approvals.decide(id, { approve: verb === 'approve', by, reason: b.reason });
      const rec = outcome.record;
      const change = { change: `approval.${verb}`, approval: id, approver: by, reason: b.reason, tool: rec?.tool, argsHash: rec?.argsHash, requester: rec?.requester };
      record(req, outcome.ok ? change : withFields(change, { refused: outcome.code }));
      if (!outcome.ok) throw decisionError(outcome);
      return outcome.record;
    });
  }
}
