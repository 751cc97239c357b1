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
import type { AuditEntry } from '../spec/gateway.js';
import type { ToolDecision, ToolHistoryEntry } from '../spec/tools.js';
import type { Finding } from '../spec/types.js';
import type { ToolBreakers } from '../tools/breakers.js';
import type { ToolPolicyEngine } from '../tools/decide.js';
import { callEntry, type CallOutcome, type CallRecord } from './audit.js';
import type { CallGate } from './call-gate.js';
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
  /** Kill switches and key scopes; none = no kill switches. */
  gate?: CallGate;
  /** One circuit breaker per tool: a tool whose upstream keeps failing is refused for a cooldown. */
  breakers?: ToolBreakers;
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
  await deps.gate?.refresh();
  const gated = deps.gate?.refusal(identity, name);
  if (gated !== undefined) return refuse(gated.entry, gated.entry === 'permission_denied' ? 'mcp/not-in-key-scope' : 'mcp/kill-switch', gated.message);
  const argsText = JSON.stringify(args ?? {});
  const decisionRequest = { call: { id: callId, name, arguments: argsText }, identity: session.caller.tool, history: session.history };
  const decision: ToolDecision = await deps.engine.decide(decisionRequest);
  record.decision = decision;
  const remember = (action: ToolDecision['action']) => {
    session.history.push({ name, args: decision.args ?? args ?? {}, action });
    if (session.history.length > MAX_HISTORY) session.history.splice(0, session.history.length - MAX_HISTORY);
  };
  if (decision.action === 'deny') {
    remember('deny');
    return refuse('permission_denied', decision.ruleId, decision.reason);
  }
  const argsScan = await scanArguments(deps.warden, argsText, session, signal);
  record.argumentFindings = argsScan.findings;
  if (argsScan.blockedBy !== undefined) {
    remember('deny');
    return refuse('content_filter', argsScan.blockedBy, `the arguments were blocked by ${argsScan.blockedBy}`);
  }
  if (decision.action === 'require_approval') {
    const approval = await awaitApproval(deps.approvals, { caller: session.caller, tool: name, args: decision.args ?? args ?? {}, decision, callId, timeoutMs: deps.config.approval_timeout_ms, signal });
    record.approvalId = approval.id;
    if (!approval.approved) {
      remember('deny');
      return refuse('permission_denied', approval.ruleId, approval.reason, approval.id !== undefined ? { approval_id: approval.id } : {});
    }
    // Rates and budgets are spent once a human approved, and may still refuse the call.
    const spent = await deps.engine.approved(decisionRequest, decision);
    if (spent.action === 'deny') {
      remember('deny');
      return refuse('permission_denied', spent.ruleId, spent.reason, { approval_id: approval.id });
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
  const admission = deps.breakers?.acquire(entry.exposed);
  if (admission !== undefined && !admission.ok) return refuse('upstream_unavailable', 'mcp/breaker-open', `${admission.message}; retry in ${admission.retryAfterSec} s`);
  const t0 = performance.now();
  const answer = await upstream.callTool(entry.upstreamName, args, deps.config.call_timeout_ms, signal);
  record.upstreamMs = Number((performance.now() - t0).toFixed(3));
  if (admission?.ok) {
    if (answer.ok) admission.permit.success();
    else admission.permit.failure();
  }
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

/** The `tool_call` scan of the arguments (secrets, exfiltration): only a block refuses, as in the library door. */
async function scanArguments(warden: WardenEngine, text: string, session: CallSession, signal?: AbortSignal): Promise<{ findings: Finding[]; blockedBy?: string }> {
  const { identity } = session.caller;
  try {
    const r = await warden.scanAsync(text, 'tool_call', { tenant: identity.tenant, ...(identity.userId !== undefined ? { userId: identity.userId } : {}) }, signal ? { signal } : {});
    return r.action === 'block' ? { findings: r.findings, blockedBy: r.decidingRule ?? 'tool_call scan' } : { findings: r.findings };
  } catch (err) {
    return { findings: [], blockedBy: `mcp/argument-scan-error (${err instanceof Error ? err.message.slice(0, 200) : 'unknown'})` };
  }
}
