/** Output-side enforcement shared by streaming and non-streaming answers. */
import type { Identity } from '../../spec/gateway.js';
import type { Action, Finding, ScanContext, ScanOptions } from '../../spec/types.js';
import { policyBlockMessage } from '../errors.js';
import type { ChatResult, ToolCall } from '../upstreams/types.js';
import type { GatewayRuntime } from './runtime.js';
import { withFields } from '../../core/objects.js';
import { blockingRules, maxAction } from '../../core/decision.js';

export const TOOL_KILLED_RULE = 'gateway/tool-killed';

export interface OutputVerdict {
  action: Action;
  findings: Finding[];
  blockedBy?: string[];
}

/** Tool-call arguments are model output: kill switches first, then the output scan (redact in place or block). */
export async function checkToolCalls(
  rt: GatewayRuntime,
  identity: Identity,
  calls: ToolCall[],
  ctx: ScanContext,
  restore: (s: string) => string,
  opts?: ScanOptions,
): Promise<OutputVerdict & { calls: ToolCall[] }> {
  const findings: Finding[] = [];
  let action: Action = 'allow';
  const out: ToolCall[] = [];
  for (const call of calls) {
    if (rt.services.isToolKilled(identity, call.name)) return { action: 'block', findings, blockedBy: [TOOL_KILLED_RULE], calls: [] };
    const args = restore(call.arguments);
    const r = await rt.warden.scanOutputAsync(args, ctx, opts);
    findings.push(...r.findings);
    if (r.action === 'block') return { action: 'block', findings, blockedBy: blockingRules(r), calls: [] };
    action = maxAction(action, r.action);
    out.push(withFields(call, { arguments: r.text }));
  }
  return { action, findings, calls: out };
}

export function blockedNotice(rules: readonly string[]): string {
  return `[${policyBlockMessage(rules).replace('Request', 'Response')}]`;
}

function blockedResult(result: ChatResult, rules: readonly string[]): ChatResult {
  return withFields(result, { content: blockedNotice(rules), toolCalls: [], finishReason: 'content_filter' });
}

/** Non-streaming answer: restore input placeholders, scan, then redact or replace with a policy notice. */
export async function enforceOutput(
  rt: GatewayRuntime,
  identity: Identity,
  result: ChatResult,
  ctx: ScanContext,
  restore: (s: string) => string,
  opts?: ScanOptions,
): Promise<OutputVerdict & { result: ChatResult }> {
  const content = restore(result.content);
  const r = await rt.warden.scanOutputAsync(content, ctx, opts);
  if (r.action === 'block') {
    const rules = blockingRules(r);
    return { action: 'block', findings: r.findings, blockedBy: rules, result: blockedResult(result, rules) };
  }
  const tools = await checkToolCalls(rt, identity, result.toolCalls, ctx, restore, opts);
  const findings = [...r.findings, ...tools.findings];
  if (tools.blockedBy) {
    return { action: 'block', findings, blockedBy: tools.blockedBy, result: blockedResult(result, tools.blockedBy) };
  }
  const action = maxAction(r.action, tools.action);
  return { action, findings, result: withFields(result, { content: r.text, toolCalls: tools.calls }) };
}
