/**
 * Tool rate limits and cumulative budgets on the gateway's limit store (src/spec/tools.ts ToolLimitStore).
 * Rates are token buckets; budgets add what each call spends (a CEL expression such as `args.amount`) to a
 * total per fixed window (`1d` is a UTC day) and refuse a call that would take the total over `max`.
 * Limits run last, only for calls every other check let through, so a refused call spends nothing.
 */
import type { ToolDecisionRequest, ToolLimitStore } from '../spec/tools.js';
import type { CompiledExpression, ConditionInput } from './conditions.js';
import { windowMs, type Budget, type LimitSubject, type RateLimit } from './policy-schema.js';

export interface CompiledBudget {
  name: string;
  budget: Budget;
  amount: CompiledExpression;
}

export type LimitOutcome = { ok: true; evidence: string[] } | { ok: false; rule: string; reason: string; evidence: string[] };

function subjectKey(per: LimitSubject, req: ToolDecisionRequest): string {
  const id = req.identity;
  switch (per) {
    case 'key':
      return `${id.tenant}\u0000k:${id.keyId}`;
    case 'user':
      return `${id.tenant}\u0000${id.userId !== undefined ? `u:${id.userId}` : `k:${id.keyId}`}`;
    case 'tenant':
      return id.tenant;
    case 'tool':
      return '*';
  }
}

function amountOf(b: CompiledBudget, input: ConditionInput, req: ToolDecisionRequest): { ok: true; amount: number } | { ok: false; error: string } {
  const r = b.amount.evaluate(input, req.context ?? []);
  if (!r.ok) return { ok: false, error: r.error };
  const n = typeof r.value === 'bigint' ? Number(r.value) : r.value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return { ok: false, error: `"${b.budget.sum}" did not give a number` };
  if (n < 0) return { ok: false, error: `"${b.budget.sum}" gave a negative amount (${n})` };
  return { ok: true, amount: n };
}

/** Checks the rates, then spends the budgets; the first refusal decides. */
export async function applyLimits(
  store: ToolLimitStore,
  tool: string,
  rates: readonly RateLimit[],
  budgets: readonly CompiledBudget[],
  input: ConditionInput,
  req: ToolDecisionRequest,
  now: number,
): Promise<LimitOutcome> {
  const amounts: number[] = [];
  for (const b of budgets) {
    const a = amountOf(b, input, req);
    if (!a.ok) return { ok: false, rule: `tools/${tool}/budget/${b.name}`, reason: `budget "${b.name}" could not be computed: ${a.error}`, evidence: [] };
    amounts.push(a.amount);
  }
  for (const [i, r] of rates.entries()) {
    const wait = await store.hit(`tool-rate\u0000${tool}\u0000${i}\u0000${subjectKey(r.per, req)}`, r.max, windowMs(r.window), now);
    if (wait > 0) {
      return {
        ok: false,
        rule: `tools/${tool}/rate-limit`,
        reason: `rate limit of ${r.max} calls per ${r.window} per ${r.per} reached; retry in ${Math.ceil(wait / 1000)} s`,
        evidence: [`per ${r.per}: ${r.max}/${r.window}`],
      };
    }
  }
  const evidence: string[] = [];
  for (const [i, b] of budgets.entries()) {
    const amount = amounts[i] ?? 0;
    const ms = windowMs(b.budget.window);
    const offset = store.clockOffsetMs?.() ?? 0;
    const bucket = Math.floor((now + offset) / ms);
    const key = `tool-budget\u0000${tool}\u0000${b.name}\u0000${bucket}\u0000${subjectKey(b.budget.per, req)}`;
    const r = await store.consume(key, amount, b.budget.max, (bucket + 1) * ms - offset, now);
    const line = `budget ${b.name}: ${r.total}${r.ok ? '' : ` + ${amount}`} of ${b.budget.max} per ${b.budget.per} per ${b.budget.window}`;
    if (!r.ok) {
      return { ok: false, rule: `tools/${tool}/budget/${b.name}`, reason: `budget "${b.name}" exceeded: ${r.total} spent, ${amount} more would pass ${b.budget.max}`, evidence: [line] };
    }
    evidence.push(line);
  }
  return { ok: true, evidence };
}
