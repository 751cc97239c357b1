/**
 * The tools section compiled per (tenant, use case): overlays merged the way the rest of the policy merges
 * (core/compile.ts PolicyCompiler), argument schemas compiled by ajv and CEL planned once, on first use of a
 * context. Unknown tenants and use cases fall back to the base, as for detectors.
 */
import type { ValidateFunction } from 'ajv';
import { z } from 'zod';
import { PolicyCompiler } from '../core/compile.js';
import type { LoadedPolicy } from '../core/policy-types.js';
import { compileExpression, type CompiledExpression } from './conditions.js';
import type { CompiledBudget } from './limits.js';
import { toolsSectionSchema, type ToolCondition, type ToolPolicy } from './policy-schema.js';
import { argsValidator } from './validate.js';

export interface CompiledCondition {
  name: string;
  condition: ToolCondition;
  expression: CompiledExpression;
}

export interface CompiledTool {
  name: string;
  policy: ToolPolicy;
  validate: ValidateFunction | undefined;
  conditions: readonly CompiledCondition[];
  budgets: readonly CompiledBudget[];
}

/** The tools of one context; `undefined` tools = no `tools:` section there (tool policy off). */
export interface ToolContext {
  tools: ReadonlyMap<string, CompiledTool> | undefined;
}

const layerTools = z.looseObject({ tools: toolsSectionSchema.optional() });

function compileTool(name: string, policy: ToolPolicy): CompiledTool {
  return {
    name,
    policy,
    validate: policy.args_schema ? argsValidator(policy.args_schema) : undefined,
    conditions: Object.entries(policy.conditions ?? {}).map(([n, condition]) => ({ name: n, condition, expression: compileExpression(condition.when) })),
    budgets: Object.entries(policy.limits?.budgets ?? {}).map(([n, budget]) => ({ name: n, budget, amount: compileExpression(budget.sum) })),
  };
}

export class ToolPolicyCompiler {
  private readonly layers: PolicyCompiler;
  /** Keyed by the core's compiled layer, which already folds unknown tenants and use cases into the base. */
  private readonly cache = new WeakMap<object, ToolContext>();

  constructor(loaded: LoadedPolicy) {
    this.layers = new PolicyCompiler(loaded, []);
  }

  forContext(tenant?: string, useCase?: string): ToolContext {
    const compiled = this.layers.forContext(tenant, useCase);
    let ctx = this.cache.get(compiled);
    if (ctx) return ctx;
    const section = layerTools.parse(compiled.layer).tools;
    ctx = { tools: section === undefined ? undefined : new Map(Object.entries(section).map(([n, p]) => [n, compileTool(n, p)])) };
    this.cache.set(compiled, ctx);
    return ctx;
  }
}
