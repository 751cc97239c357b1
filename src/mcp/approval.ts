/**
 * A call the tool policy holds for a human: an approval request bound to the exact arguments (the approval
 * service on main), then a wait of at most approval_timeout_ms. No service, no decision in time, a denial,
 * or an approval that cannot be consumed (used already, other arguments): each is a deny.
 */
import type { ApprovalService } from '../approvals/service.js';
import type { ToolDecision } from '../spec/tools.js';
import type { McpCaller } from './identity.js';

export type ApprovalOutcome = { approved: true; id: string } | { approved: false; id?: string; ruleId: string; reason: string };

export interface ApprovalAsk {
  caller: McpCaller;
  tool: string;
  args: unknown;
  decision: ToolDecision;
  callId: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function awaitApproval(service: ApprovalService | undefined, ask: ApprovalAsk): Promise<ApprovalOutcome> {
  const { decision } = ask;
  if (service === undefined) {
    return { approved: false, ruleId: decision.ruleId, reason: `${decision.reason} (needs approval, and no approval service is configured)` };
  }
  const { identity } = ask.caller;
  const rec = await service.request({
    tenant: identity.tenant,
    requester: { keyId: identity.keyId, ...(identity.userId !== undefined ? { userId: identity.userId } : {}) },
    tool: ask.tool,
    args: ask.args,
    reason: decision.reason,
    ruleId: decision.ruleId,
    requestId: ask.callId,
    // Expiry is the deny: the record says `expired` once the caller has stopped waiting.
    ttlMs: ask.timeoutMs,
  });
  const signals = [AbortSignal.timeout(ask.timeoutMs + 1_000), ...(ask.signal ? [ask.signal] : [])];
  let status: string;
  try {
    status = (await service.waitFor(rec.id, AbortSignal.any(signals))).status;
  } catch {
    status = 'expired';
  }
  if (status === 'approved' && (await service.consume(rec.id, ask.tool, ask.args))) return { approved: true, id: rec.id };
  const why: Record<string, string> = {
    approved: 'was approved but could not be used for this call',
    denied: 'was denied by the approver',
    expired: `was not decided within ${ask.timeoutMs} ms`,
  };
  return { approved: false, id: rec.id, ruleId: `${decision.ruleId}/approval-${status === 'approved' ? 'unusable' : status}`, reason: `approval ${rec.id} ${why[status] ?? status}: ${decision.reason}` };
}
