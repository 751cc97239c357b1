/** Output-side enforcement shared by streaming and non-streaming answers. */
import type { Identity } from '../../spec/gateway.js';
import type { Action, Finding, ScanContext, ScanOptions } from '../../spec/types.js';
import { policyBlockMessage } from '../errors.js';
import type { ToolCall, ToolRefusal } from '../../spec/tools.js';
import type { ChatResult, Reasoning } from '../upstreams/types.js';
import type { GatewayRuntime } from './runtime.js';
import { withFields } from '../../core/objects.js';
import { blockingRules, maxAction } from '../../core/decision.js';
import { toolDecider } from './tool-decisions.js';
import type { ToolSession } from './tool-session.js';

/** The two refusals of a tool call before any scan, told apart in the client notice and the audit. */
export const TOOL_REFUSAL_RULES: Readonly<Record<ToolRefusal, string>> = {
  killed: 'gateway/tool-killed',
  not_allowed: 'gateway/tool-not-allowed',
};

export interface OutputVerdict {
  action: Action;
  findings: Finding[];
  blockedBy?: string[];
}

/** Tool calls withheld by the tool policy: what the client is told instead (the answer ends as a policy block). */
export interface Withheld {
  notice: string;
}

/** The audited finding for a refused call; the tool name comes from the model, so it is quoted and cut short. */
function refusalFinding(refusal: ToolRefusal, identity: Identity, tool: string): Finding {
  const name = JSON.stringify(tool.slice(0, 64));
  const message = refusal === 'killed' ? `Tool ${name} is disabled by a kill switch` : `Key ${identity.keyId} is not scoped to tool ${name}`;
  return { ruleId: TOOL_REFUSAL_RULES[refusal], detector: 'gateway', stage: 'tool_call', score: 1, spans: [], message, action: 'block', mode: 'enforce', evidence: [] };
}

/**
 * Calls the model proposes: kill switches and key scope first, then the tool policy (src/tools/; a call it
 * denies or holds for approval withholds every call of the answer), then the `tool_call` scan of the
 * arguments (redact in place or block).
 */
export async function checkToolCalls(
  rt: GatewayRuntime,
  identity: Identity,
  calls: ToolCall[],
  ctx: ScanContext,
  restore: (s: string) => string,
  session: ToolSession,
  opts?: ScanOptions,
): Promise<OutputVerdict & { calls: ToolCall[]; withheld?: Withheld }> {
  const findings: Finding[] = [];
  let action: Action = 'allow';
  const out: ToolCall[] = [];
  const decide = toolDecider(rt, identity, session, restore);
  const notices: string[] = [];
  const withheldBy: string[] = [];
  for (const call of calls) {
    const refusal = rt.services.toolRefusal(identity, call.name);
    if (refusal !== undefined) {
      findings.push(refusalFinding(refusal, identity, call.name));
      return { action: 'block', findings, blockedBy: [TOOL_REFUSAL_RULES[refusal]], calls: [] };
    }
    const args = restore(call.arguments);
    const verdict = await decide(withFields(call, { arguments: args }));
    if (verdict.finding) findings.push(verdict.finding);
    if (verdict.kind !== 'allow') {
      notices.push(verdict.notice);
      withheldBy.push(verdict.decision.ruleId);
      continue;
    }
    const r = await rt.warden.scanAsync(args, 'tool_call', ctx, opts);
    findings.push(...r.findings);
    if (r.action === 'block') return { action: 'block', findings, blockedBy: blockingRules(r), calls: [] };
    action = maxAction(action, r.action);
    out.push(withFields(call, { arguments: r.text }));
  }
  if (notices.length > 0) {
    const withheld: Withheld = { notice: notices.join('\n') };
    return { action: 'block', findings, blockedBy: withheldBy, calls: [], withheld };
  }
  return { action, findings, calls: out };
}

export function blockedNotice(rules: readonly string[]): string {
  return `[${policyBlockMessage(rules).replace('Request', 'Response')}]`;
}

function blockedResult(result: ChatResult, rules: readonly string[]): ChatResult {
  return withFields(result, { content: blockedNotice(rules), toolCalls: [], finishReason: 'content_filter', reasoning: [] });
}

/** Thinking text is output the client reads: each block is scanned like the answer and redacted in place (its signature kept as sent). */
async function checkReasoning(
  rt: GatewayRuntime,
  reasoning: readonly Reasoning[],
  ctx: ScanContext,
  restore: (s: string) => string,
  opts?: ScanOptions,
): Promise<OutputVerdict & { reasoning: Reasoning[] }> {
  const findings: Finding[] = [];
  let action: Action = 'allow';
  const out: Reasoning[] = [];
  for (const r of reasoning) {
    if (r.type !== 'thinking') {
      out.push(r);
      continue;
    }
    const scanned = await rt.warden.scanOutputAsync(restore(r.text), ctx, opts);
    findings.push(...scanned.findings);
    if (scanned.action === 'block') return { action: 'block', findings, blockedBy: blockingRules(scanned), reasoning: [] };
    action = maxAction(action, scanned.action);
    out.push(withFields(r, { text: scanned.text }));
  }
  return { action, findings, reasoning: out };
}

/** The answer's own text (already scanned) stays; the withheld calls are replaced by the notice. */
function withheldResult(result: ChatResult, text: string, w: Withheld): ChatResult {
  return withFields(result, { content: `${text}${text === '' ? '' : '\n\n'}${w.notice}`, toolCalls: [], finishReason: 'content_filter' });
}

/** Non-streaming answer: restore input placeholders, scan, then redact or replace with a policy notice. */
export async function enforceOutput(
  rt: GatewayRuntime,
  identity: Identity,
  result: ChatResult,
  ctx: ScanContext,
  restore: (s: string) => string,
  session: ToolSession,
  opts?: ScanOptions,
): Promise<OutputVerdict & { result: ChatResult }> {
  const thinking = await checkReasoning(rt, result.reasoning ?? [], ctx, restore, opts);
  if (thinking.blockedBy) {
    return { action: 'block', findings: thinking.findings, blockedBy: thinking.blockedBy, result: blockedResult(result, thinking.blockedBy) };
  }
  const content = restore(result.content);
  const r = await rt.warden.scanOutputAsync(content, ctx, opts);
  if (r.action === 'block') {
    const rules = blockingRules(r);
    return { action: 'block', findings: [...thinking.findings, ...r.findings], blockedBy: rules, result: blockedResult(result, rules) };
  }
  const tools = await checkToolCalls(rt, identity, result.toolCalls, ctx, restore, session, opts);
  const findings = [...thinking.findings, ...r.findings, ...tools.findings];
  if (tools.withheld && tools.blockedBy) {
    return { action: 'block', findings, blockedBy: tools.blockedBy, result: withheldResult(result, r.text, tools.withheld) };
  }
  if (tools.blockedBy) {
    return { action: 'block', findings, blockedBy: tools.blockedBy, result: blockedResult(result, tools.blockedBy) };
  }
  const action = maxAction(maxAction(thinking.action, r.action), tools.action);
  return { action, findings, result: withFields(result, { content: r.text, toolCalls: tools.calls, reasoning: thinking.reasoning }) };
}
