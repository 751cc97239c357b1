/** The audit record of one guarded call: the decision, the approval, the scans, in the gateway's AuditEntry shape. */
import type { AuditEntry } from '../spec/gateway.js';
import type { ToolDefinition, ToolIdentity } from '../spec/tools.js';
import type { Finding } from '../spec/types.js';
import type { ToolOutcome } from './tool-types.js';

const STATUS: Readonly<Record<ToolOutcome['status'], number>> = { ok: 200, denied: 403, blocked: 403, error: 500 };

export interface ToolCallRecord {
  callId: string;
  definition: ToolDefinition;
  identity: ToolIdentity;
  outcome: ToolOutcome;
  inputFindings: Finding[];
  outputFindings: Finding[];
  totalMs: number;
}

export function toolCallEntry(r: ToolCallRecord): AuditEntry {
  const { outcome: o, identity: id } = r;
  const d = o.decision;
  const action = o.status === 'ok' ? 'allow' : o.status === 'error' ? 'error' : 'block';
  return {
    requestId: r.callId,
    ts: new Date().toISOString(),
    route: `library:tool ${r.definition.name}`,
    identity: { keyId: id.keyId, tenant: id.tenant, userId: id.userId, roles: [...id.roles], authMethod: 'library' },
    model: null,
    upstream: null,
    request: {
      messages: [],
      tools: [r.definition],
      // Content (redacted at rest by default): the arguments and the error of a failed run.
      params: { args: d.args, error: o.status === 'error' ? o.error : undefined },
    },
    toolCalls: [{ tool: d.tool, callId: r.callId, action: d.action, ruleId: d.ruleId, reason: d.reason, evidence: d.evidence, approvalId: o.approvalId, outcome: o.status }],
    inputFindings: r.inputFindings,
    outputFindings: r.outputFindings,
    action,
    decidingRule: o.status === 'ok' ? undefined : o.status === 'blocked' ? o.blockedBy : d.ruleId,
    status: STATUS[o.status],
    output: o.output,
    latency: { totalMs: r.totalMs },
    streamed: false,
  };
}
