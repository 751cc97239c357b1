/**
 * The tool decision engine: one `decide()` for every front door (gateway, library, MCP proxy). The model
 * proposes, the policy disposes: unknown tool -> deny; then who may call it, the arguments (size, depth,
 * JSON, schema, hardening), the CEL conditions (strictest matching action wins, an erroring one denies),
 * and last the rate limits and budgets. Every decision names its rule and evidence.
 */
import type { LoadedPolicy } from '../core/policy-types.js';
import type { ToolAction, ToolDecision, ToolDecisionRequest, ToolLimitStore } from '../spec/tools.js';
import { authorizationFailure } from './authorize.js';
import { ToolPolicyCompiler, type CompiledTool } from './compile.js';
import type { ConditionInput } from './conditions.js';
import { hardeningFailure } from './harden.js';
import { applyLimits } from './limits.js';
import { parseArguments, schemaViolation } from './validate.js';

export interface ToolPolicyOptions {
  /** Counters for rate limits and budgets; a tool with limits is refused when none is given. */
  limits?: ToolLimitStore;
}

/** Rule of a call when the context has no `tools:` section: the tool policy is off there. */
export const NO_TOOL_POLICY = 'tools/no-policy';
export const UNKNOWN_TOOL = 'tools/unknown-tool';

const STRICTNESS: Readonly<Record<ToolAction, number>> = { allow: 0, require_approval: 1, deny: 2 };
const MAX_SHOWN_NAME = 64;

export class ToolPolicyEngine {
  private readonly compiler: ToolPolicyCompiler;

  constructor(loaded: LoadedPolicy, private readonly options: ToolPolicyOptions = {}) {
    this.compiler = new ToolPolicyCompiler(loaded);
  }

  /** Whether the tool policy is on for a tenant and use case (their merged policy has a `tools:` section). */
  enabledFor(tenant?: string, useCase?: string): boolean {
    return this.compiler.forContext(tenant, useCase).tools !== undefined;
  }

  /** Decides one call; never throws for anything the call or the policy's expressions contain. */
  async decide(req: ToolDecisionRequest): Promise<ToolDecision> {
    const { call } = req;
    const base = { tool: call.name, callId: call.id };
    const deny = (ruleId: string, reason: string, evidence: string[] = [], args?: unknown): ToolDecision => ({
      ...base,
      action: 'deny',
      ruleId,
      reason,
      evidence,
      ...(args !== undefined ? { args } : {}),
    });
    const tools = this.compiler.forContext(req.identity.tenant, req.request?.useCase).tools;
    if (tools === undefined) return { ...base, action: 'allow', ruleId: NO_TOOL_POLICY, reason: 'no tool policy applies', evidence: [] };
    const tool = tools.get(call.name);
    if (tool === undefined || !tool.policy.enabled) {
      const shown = JSON.stringify(call.name.slice(0, MAX_SHOWN_NAME));
      return deny(UNKNOWN_TOOL, `tool ${shown} is not allowed by the tool policy`, [`tool ${shown} is ${tool ? 'disabled' : 'not named'} in tools:`]);
    }
    const rule = (name: string) => `tools/${tool.name}/${name}`;
    const who = authorizationFailure(tool.policy.allow, req.identity);
    if (who !== undefined) return deny(rule('not-authorized'), `not authorized to call ${tool.name}: ${who}`, [`key ${req.identity.keyId}`]);
    const parsed = parseArguments(call.arguments, tool.policy.max_argument_bytes, tool.policy.max_depth);
    if (!parsed.ok) return deny(rule('invalid-arguments'), parsed.error);
    const args = parsed.args;
    const violation = tool.validate ? schemaViolation(tool.validate, args) : undefined;
    if (violation !== undefined) return deny(rule('args-schema'), `arguments do not match the schema: ${violation}`, [violation], args);
    const hardening = hardeningFailure(args, tool.policy.harden);
    if (hardening !== undefined) return deny(rule('harden'), `argument refused: ${hardening}`, [hardening], args);
    return this.judge(tool, req, args);
  }

  private async judge(tool: CompiledTool, req: ToolDecisionRequest, args: unknown): Promise<ToolDecision> {
    const input: ConditionInput = { args, identity: identityView(req), request: requestView(req), history: req.history ?? [] };
    const context = req.context ?? [];
    let action: ToolAction = tool.policy.default;
    let ruleId = `tools/${tool.name}/default`;
    let reason = `no condition matched; the default for ${tool.name} is ${action}`;
    let matchedAny = false;
    const evidence: string[] = [];
    for (const c of tool.conditions) {
      const r = c.expression.evaluate(input, context);
      const id = `tools/${tool.name}/${c.name}`;
      if (!r.ok || typeof r.value !== 'boolean') {
        const why = r.ok ? `returned ${typeof r.value}, not a boolean` : r.error;
        return { tool: tool.name, callId: req.call.id, action: 'deny', ruleId: id, reason: `condition "${c.name}" could not be evaluated (${why}); denied`, evidence: [`when: ${c.condition.when}`], args };
      }
      if (!r.value) continue;
      evidence.push(`${id} matched (${c.condition.action})`);
      if (!matchedAny || STRICTNESS[c.condition.action] > STRICTNESS[action]) {
        action = c.condition.action;
        ruleId = id;
        reason = c.condition.reason;
      }
      matchedAny = true;
    }
    const decided: ToolDecision = { tool: tool.name, callId: req.call.id, action, ruleId, reason, evidence, args };
    // A held call spends its limits when a human has approved it (see approved()), not while it waits.
    return action === 'allow' ? this.limited(tool, req, input, decided) : decided;
  }

  /**
   * The decision for a call a human approved after `decide()` held it: its rates and budgets still apply
   * (they are spent now), and a tool the policy no longer allows is refused.
   */
  async approved(req: ToolDecisionRequest, held: ToolDecision): Promise<ToolDecision> {
    const tool = this.compiler.forContext(req.identity.tenant, req.request?.useCase).tools?.get(held.tool);
    if (tool === undefined || !tool.policy.enabled) return { ...held, action: 'deny', ruleId: UNKNOWN_TOOL, reason: `tool ${JSON.stringify(held.tool)} is no longer allowed by the tool policy` };
    const input: ConditionInput = { args: held.args, identity: identityView(req), request: requestView(req), history: req.history ?? [] };
    return this.limited(tool, req, input, { ...held, action: 'allow', evidence: [...held.evidence] });
  }

  private async limited(tool: CompiledTool, req: ToolDecisionRequest, input: ConditionInput, d: ToolDecision): Promise<ToolDecision> {
    const rates = tool.policy.limits?.rate ?? [];
    if (rates.length === 0 && tool.budgets.length === 0) return d;
    if (!this.options.limits) {
      return { ...d, action: 'deny', ruleId: `tools/${tool.name}/limits`, reason: 'tool limits are configured but no limit store is available' };
    }
    const limits = await applyLimits(this.options.limits, tool.name, rates, tool.budgets, input, req, req.now ?? Date.now());
    if (!limits.ok) return { ...d, action: 'deny', ruleId: limits.rule, reason: limits.reason, evidence: [...d.evidence, ...limits.evidence] };
    return { ...d, evidence: [...d.evidence, ...limits.evidence] };
  }
}

function identityView(req: ToolDecisionRequest): Record<string, unknown> {
  const id = req.identity;
  return { key_id: id.keyId, tenant: id.tenant, roles: id.roles, attributes: id.attributes, ...(id.userId !== undefined ? { user_id: id.userId } : {}) };
}

function requestView(req: ToolDecisionRequest): Record<string, unknown> {
  const r = req.request ?? {};
  return {
    ...(r.model !== undefined ? { model: r.model } : {}),
    ...(r.user !== undefined ? { user: r.user } : {}),
    ...(r.useCase !== undefined ? { use_case: r.useCase } : {}),
  };
}
