/** The library door's wait for a human: request, wait (expiry or abort = deny), then use the approval once. */
import type { ToolDecision, ToolIdentity } from '../spec/tools.js';
import type { ToolGuardOptions } from './tool-types.js';

export type ApprovalWait = { ok: true; approvalId: string } | { ok: false; decision: ToolDecision; approvalId?: string };

export async function awaitApproval(opts: ToolGuardOptions, decision: ToolDecision, identity: ToolIdentity, callId: string, signal?: AbortSignal): Promise<ApprovalWait> {
  const deny = (reason: string, approvalId?: string): ApprovalWait => ({ ok: false, decision: { ...decision, action: 'deny', reason, evidence: [...decision.evidence, reason] }, approvalId });
  if (opts.approvals === undefined) return deny(`${decision.reason}; approval is required but no approval service is configured`);
  const requester = identity.userId === undefined ? { keyId: identity.keyId } : { keyId: identity.keyId, userId: identity.userId };
  const rec = await opts.approvals.request({
    tenant: identity.tenant,
    requester,
    tool: decision.tool,
    args: decision.args,
    reason: decision.reason,
    ruleId: decision.ruleId,
    requestId: callId,
    ttlMs: opts.approvalTimeoutMs,
  });
  opts.onApprovalRequested?.(rec);
  let final;
  try {
    final = await opts.approvals.waitFor(rec.id, signal);
  } catch (err) {
    return deny(`stopped waiting for approval ${rec.id}: ${err instanceof Error ? err.message : String(err)}`, rec.id);
  }
  if (final.status !== 'approved') {
    const why = final.status === 'expired' ? 'no one decided in time' : `denied by ${final.decidedBy?.name ?? 'an approver'}${final.decisionReason ? `: ${final.decisionReason}` : ''}`;
    return deny(`approval ${rec.id} ${final.status} (${why})`, rec.id);
  }
  // Bound to these exact arguments and used once: a second run of the same approval is refused here.
  if (!(await opts.approvals.consume(rec.id, decision.tool, decision.args))) return deny(`approval ${rec.id} was already used`, rec.id);
  return { ok: true, approvalId: rec.id };
}
