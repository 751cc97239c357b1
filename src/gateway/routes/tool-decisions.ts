/**
 * Door 1 of the tool policy: each call a model proposes is decided before the client sees it. A denied call
 * is withheld; a call that needs approval is withheld and stored as a pending approval, unless the client
 * presents an approval of exactly that call (`x-warden-approval`), which is then used up. Every decision
 * becomes an audited finding at the `tool_call` stage. The client-visible form is in docs/gateway.md.
 */
import type { Identity } from '../../spec/gateway.js';
import type { ToolCall, ToolDecision, ToolDecisionRequest } from '../../spec/tools.js';
import type { Action, Finding } from '../../spec/types.js';
import type { GatewayRuntime } from './runtime.js';
import { APPROVAL_HEADER, contextTexts, toolIdentity, type ToolSession } from './tool-session.js';

export type ToolVerdict =
  | { kind: 'allow'; finding?: Finding }
  | { kind: 'deny' | 'held'; decision: ToolDecision; finding: Finding; notice: string };

const FINDING_ACTION: Readonly<Record<ToolVerdict['kind'], Action>> = { allow: 'allow', deny: 'block', held: 'flag' };

function finding(d: ToolDecision, kind: ToolVerdict['kind'], extra: readonly string[] = []): Finding {
  return {
    ruleId: d.ruleId,
    detector: 'tools',
    stage: 'tool_call',
    score: 1,
    spans: [],
    message: `${d.action}: ${d.reason}`,
    action: FINDING_ACTION[kind],
    mode: 'enforce',
    evidence: [...d.evidence, ...extra].map((e) => e.slice(0, 200)),
  };
}

/** The tool name comes from the model: quoted and cut short wherever it is shown. */
function shown(tool: string): string {
  return JSON.stringify(tool.slice(0, 64));
}

function denied(d: ToolDecision): ToolVerdict {
  return { kind: 'deny', decision: d, finding: finding(d, 'deny'), notice: `[Warden denied tool call ${shown(d.tool)} (${d.ruleId}): ${d.reason}]` };
}

function failed(call: ToolCall, ruleId: string, reason: string): ToolDecision {
  return { tool: call.name, callId: call.id, action: 'deny', ruleId, reason, evidence: [] };
}

/** Decides calls for one response; the context texts are restored once, on the first call. */
export function toolDecider(rt: GatewayRuntime, identity: Identity, session: ToolSession, restore: (s: string) => string) {
  let context: ReturnType<typeof contextTexts> | undefined;
  const who = toolIdentity(identity);

  const held = async (req: ToolDecisionRequest, d: ToolDecision): Promise<ToolVerdict> => {
    for (const id of session.approvalIds) {
      if (!(await rt.services.approvals.consume(id, d.tool, d.args ?? {}))) continue;
      const ok = await rt.tools.approved(req, d);
      return ok.action === 'allow' ? { kind: 'allow', finding: finding(ok, 'allow', [`approved: ${id}`]) } : denied(ok);
    }
    const rec = await rt.services.approvals.request({
      tenant: identity.tenant,
      requester: { keyId: identity.keyId, ...(identity.userId !== undefined ? { userId: identity.userId } : {}) },
      tool: d.tool,
      args: d.args ?? {},
      reason: d.reason,
      ruleId: d.ruleId,
      requestId: session.requestId,
    });
    const notice = `[Warden held tool call ${shown(d.tool)} for approval ${rec.id} (${d.ruleId}): ${d.reason}. Once it is approved, send the request again with the header ${APPROVAL_HEADER}: ${rec.id}]`;
    return { kind: 'held', decision: d, finding: finding(d, 'held', [`approval ${rec.id}`]), notice };
  };

  return async (call: ToolCall): Promise<ToolVerdict> => {
    let d: ToolDecision;
    try {
      // Without a `tools:` section the tool policy is off: kill switches, key scope and the scan still apply.
      if (!rt.tools.enabledFor(identity.tenant, session.request.useCase)) return { kind: 'allow' };
      context ??= contextTexts(session.messages, restore);
      const req: ToolDecisionRequest = { call, identity: who, request: session.request, history: session.history, context };
      d = await rt.tools.decide(req);
      if (d.action === 'require_approval') return await held(req, d);
    } catch (err) {
      // A store that fails (limits, approvals) never lets a call through.
      d = failed(call, 'tools/unavailable', `the tool policy could not decide (${err instanceof Error ? err.message.slice(0, 120) : 'error'})`);
    }
    return d.action === 'allow' ? { kind: 'allow', finding: finding(d, 'allow') } : denied(d);
  };
}
