/**
 * Audit records of the MCP proxy, in the gateway's `AuditEntry` shape and written to the same store: one per
 * tools/call (decision, approval, upstream outcome, result scan) and one per catalog event (pin written,
 * definition changed or poisoned, server unreachable).
 */
import { randomUUID } from 'node:crypto';
import type { Refusal } from '../gateway/errors.js';
import type { AuditEntry, Identity } from '../spec/gateway.js';
import type { ToolDecision, ToolDefinition } from '../spec/tools.js';
import type { Action, Finding } from '../spec/types.js';
import type { CatalogEvent } from './catalog.js';

/** Results are kept in the record up to this many characters (the rest is counted, not stored). */
const MAX_OUTPUT_CHARS = 65_536;

/** How one call ended, from the proxy's point of view. */
export interface CallOutcome {
  action: Action | 'error';
  /** The rule that refused or changed the call; absent when it went through unchanged. */
  ruleId?: string;
  reason?: string;
  status: number;
  errorCode?: string;
  output: string | null;
}

export interface CallRecord {
  callId: string;
  caller: Identity;
  tool: string;
  server: string | null;
  definition?: ToolDefinition;
  args: unknown;
  decision?: ToolDecision;
  approvalId?: string;
  /** Findings of the `tool_call` scan of the arguments. */
  argumentFindings?: Finding[];
  resultFindings: Finding[];
  outcome: CallOutcome;
  totalMs: number;
  upstreamMs?: number;
}

function identityOf(id: Identity): AuditEntry['identity'] {
  return { keyId: id.keyId, tenant: id.tenant, roles: [...id.roles], authMethod: id.authMethod, ...(id.userId !== undefined ? { userId: id.userId } : {}), ...(id.userIdSource ? { userIdSource: id.userIdSource } : {}) };
}

export function boundedOutput(text: string): string {
  return text.length <= MAX_OUTPUT_CHARS ? text : `${text.slice(0, MAX_OUTPUT_CHARS)}… [${text.length - MAX_OUTPUT_CHARS} more characters not stored]`;
}

export function callEntry(r: CallRecord): AuditEntry {
  const d = r.decision;
  return {
    requestId: r.callId,
    ts: new Date().toISOString(),
    route: 'mcp:tools/call',
    identity: identityOf(r.caller),
    model: null,
    upstream: r.server,
    request: {
      messages: [],
      ...(r.definition ? { tools: [r.definition] } : {}),
      params: {
        tool: r.tool,
        args: r.args,
        ...(d ? { decision: { action: d.action, ruleId: d.ruleId, reason: d.reason, evidence: d.evidence } } : {}),
        ...(r.approvalId !== undefined ? { approvalId: r.approvalId } : {}),
        ...(r.outcome.reason !== undefined ? { reason: r.outcome.reason } : {}),
      },
    },
    inputFindings: r.argumentFindings ?? [],
    outputFindings: r.resultFindings,
    action: r.outcome.action,
    ...(r.outcome.ruleId !== undefined ? { decidingRule: r.outcome.ruleId } : {}),
    status: r.outcome.status,
    ...(r.outcome.errorCode !== undefined ? { errorCode: r.outcome.errorCode } : {}),
    output: r.outcome.output === null ? null : boundedOutput(r.outcome.output),
    latency: { totalMs: r.totalMs, ...(r.upstreamMs !== undefined ? { upstreamMs: r.upstreamMs } : {}) },
    streamed: false,
  };
}

/** A catalog event: who triggered the refresh is the caller, or null at start-up. */
export function catalogEntry(e: CatalogEvent, caller: Identity | null, definition?: ToolDefinition): AuditEntry {
  return {
    requestId: `mcp-${randomUUID()}`,
    ts: new Date().toISOString(),
    route: 'mcp:tools/list',
    identity: caller ? identityOf(caller) : null,
    model: null,
    upstream: e.server,
    request: { messages: [], ...(definition ? { tools: [definition] } : {}), params: { ...(e.tool !== undefined ? { tool: e.tool } : {}), event: e.ruleId, message: e.message } },
    inputFindings: e.findings,
    outputFindings: [],
    action: e.action,
    decidingRule: e.ruleId,
    status: e.action === 'block' ? 403 : 200,
    output: null,
    latency: { totalMs: 0 },
    streamed: false,
  };
}

/** An HTTP request refused before any MCP message was read: authentication, kill switch, limit, bad body. */
export function refusedEntry(r: Pick<Refusal, 'code' | 'status' | 'message'>, caller: Identity | null): AuditEntry {
  return {
    requestId: `mcp-${randomUUID()}`,
    ts: new Date().toISOString(),
    route: 'mcp:http',
    identity: caller ? identityOf(caller) : null,
    model: null,
    upstream: null,
    request: { messages: [], params: { message: r.message } },
    inputFindings: [],
    outputFindings: [],
    action: 'block',
    status: r.status,
    errorCode: r.code,
    output: null,
    latency: { totalMs: 0 },
    streamed: false,
  };
}
