/**
 * One tools/call through the proxy: the tool must be in the catalog and not blocked, no kill switch set, the
 * tool policy's decision (the one engine, src/tools/decide.ts) must allow it or a human approve it in time;
 * then the upstream runs it under a deadline and its result is scanned before the client sees it. Every
 * outcome, refusals and upstream failures included, is a tool result for the client and one audit record.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { WardenEngine } from '../core/index.js';
import type { ApprovalService } from '../approvals/service.js';
import { refusal, type ErrorCode } from '../gateway/errors.js';
import type { AuditEntry, Identity } from '../spec/gateway.js';
import type { ToolDecision, ToolHistoryEntry, ToolRefusal } from '../spec/tools.js';
import type { ToolPolicyEngine } from '../tools/decide.js';
import { callEntry, type CallOutcome, type CallRecord } from './audit.js';
import type { Catalog, CatalogTool } from './catalog.js';
import type { McpSection } from './config.js';
import type { McpCaller } from './identity.js';
import { awaitApproval } from './approval.js';
import { scanResult } from './result-scan.js';
import type { Upstream, UpstreamFailureKind } from './upstream.js';

export interface CallDeps {
  catalog: Catalog;
  upstreams: ReadonlyMap<string, Upstream>;
  engine: ToolPolicyEngine;
  warden: WardenEngine;
  approvals?: ApprovalService;
  /** Tool kill switches and key scopes (the gateway's services); none = no kill switches. */
  toolRefusal?: (identity: Identity, tool: string) => ToolRefusal | undefined;
  audit: (entry: AuditEntry) => void;
  config: Pick<McpSection, 'call_timeout_ms' | 'max_result_bytes' | 'allow_binary_results' | 'approval_timeout_ms'>;
}

/** Per client session: the tool calls so far, for the policy's `history`. */
export interface CallSession {
  caller: McpCaller;
  history: ToolHistoryEntry[];
}

const MAX_HISTORY = 200;
const UPSTREAM_CODES: Readonly<Record<UpstreamFailureKind, ErrorCode>> = {
  timeout: 'upstream_timeout',
  unavailable: 'upstream_unavailable',
  'invalid-result': 'upstream_bad_response',
  error: 'upstream_error',
};

/** What the client (and through it the model) is told instead of a result: machine-readable, with the reason. */
export function refusalResult(code: string, ruleId: string, reason: string, extra: Record<string, string> = {}): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: code, rule: ruleId, reason, ...extra }) }] };
}

export async function handleCall(deps: CallDeps, session: CallSession, name: string, args: Record<string, unknown> | undefined, signal?: AbortSignal): Promise<CallToolResult> {
  const started = performance.now();
  const callId = `mcp-${randomUUID()}`;
  const { identity } = session.caller;
  const entry = deps.catalog.get(name);
  const record: CallRecord = { callId, caller: identity, tool: name, server: entry?.server ?? null, args: args ?? {}, resultFindings: [], outcome: { action: 'allow', status: 200, output: null }, totalMs: 0 };
  if (entry) record.definition = { name: entry.exposed, ...(entry.tool.description !== undefined ? { description: entry.tool.description } : {}), parameters: entry.tool.inputSchema };
  const finish = (outcome: CallOutcome, result: CallToolResult): CallToolResult => {
    record.outcome = outcome;
    record.totalMs = Number((performance.now() - started).toFixed(3));
    deps.audit(callEntry(record));
    return result;
  };
  const refuse = (code: ErrorCode, ruleId: string, reason: string, extra: Record<string, string> = {}): CallToolResult => {
    const r = refusal(code, reason);
    const result = refusalResult(r.code, ruleId, reason, extra);
    const action = r.status >= 500 ? 'error' : 'block';
    return finish({ action, ruleId, reason, status: r.status, errorCode: r.code, output: (result.content[0] as { text: string }).text }, result);
  };

  if (entry === undefined) return refuse('permission_denied', 'mcp/unlisted-tool', `tool ${JSON.stringify(name.slice(0, 64))} is not offered by any upstream server`);
  if (entry.blocked) return refuse('permission_denied', entry.blocked.ruleId, entry.blocked.reason);
  const killed = deps.toolRefusal?.(identity, name);
  if (killed !== undefined) {
    return killed === 'killed' ? refuse('kill_switch_active', 'kill-switch/tool', `tool ${name} is switched off`) : refuse('permission_denied', 'tools/not-in-key-scope', `this key may not call ${name}`);
  }
  const argsText = JSON.stringify(args ?? {});
  const decision: ToolDecision = await deps.engine.decide({ call: { id: callId, name, arguments: argsText }, identity: session.caller.tool, history: session.history });
  record.decision = decision;
  const remember = (action: ToolDecision['action']) => {
    session.history.push({ name, args: decision.args ?? args ?? {}, action });
    if (session.history.length > MAX_HISTORY) session.history.splice(0, session.history.length - MAX_HISTORY);
  };
  if (decision.action === 'deny') {
    remember('deny');
    return refuse('permission_denied', decision.ruleId, decision.reason);
  }
  if (decision.action === 'require_approval') {
    const approval = await awaitApproval(deps.approvals, { caller: session.caller, tool: name, args: decision.args ?? args ?? {}, decision, callId, timeoutMs: deps.config.approval_timeout_ms, signal });
    record.approvalId = approval.id;
    if (!approval.approved) {
      remember('deny');
      return refuse('permission_denied', approval.ruleId, approval.reason, approval.id !== undefined ? { approval_id: approval.id } : {});
    }
  }
  remember(decision.action);
  return forward(deps, session, entry, args ?? {}, record, refuse, finish, signal);
}

async function forward(
  deps: CallDeps,
  session: CallSession,
  entry: CatalogTool,
  args: Record<string, unknown>,
  record: CallRecord,
  refuse: (code: ErrorCode, ruleId: string, reason: string) => CallToolResult,
  finish: (o: CallOutcome, r: CallToolResult) => CallToolResult,
  signal?: AbortSignal,
): Promise<CallToolResult> {
  const upstream = deps.upstreams.get(entry.server);
  if (upstream === undefined) return refuse('upstream_unavailable', 'mcp/upstream-unavailable', `MCP server "${entry.server}" is not configured`);
  const t0 = performance.now();
  const answer = await upstream.callTool(entry.upstreamName, args, deps.config.call_timeout_ms, signal);
  record.upstreamMs = Number((performance.now() - t0).toFixed(3));
  if (!answer.ok) {
    const what = answer.kind === 'timeout' ? `did not answer within ${deps.config.call_timeout_ms} ms` : answer.kind === 'invalid-result' ? 'sent an invalid result' : 'failed';
    return refuse(UPSTREAM_CODES[answer.kind], `mcp/upstream-${answer.kind}`, `MCP server "${entry.server}" ${what}: ${answer.message}`);
  }
  const verdict = await scanResult(deps.warden, answer.result, {
    maxBytes: deps.config.max_result_bytes,
    allowBinary: deps.config.allow_binary_results,
    tenant: session.caller.identity.tenant,
    ...(session.caller.identity.userId !== undefined ? { userId: session.caller.identity.userId } : {}),
    ...(signal ? { signal } : {}),
  });
  if (!verdict.ok) {
    record.resultFindings = verdict.findings;
    const code: ErrorCode = verdict.ruleId === 'mcp/result-too-large' || verdict.ruleId === 'mcp/unscannable-result' ? 'upstream_bad_response' : 'content_filter';
    return refuse(code, verdict.ruleId, verdict.reason);
  }
  record.resultFindings = verdict.findings;
  const output = JSON.stringify(verdict.result.content);
  return finish({ action: verdict.action, ...(verdict.action === 'redact' ? { ruleId: verdict.findings.find((f) => f.action === 'redact')?.ruleId ?? 'redact' } : {}), status: 200, output }, verdict.result);
}
