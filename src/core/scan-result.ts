/** The pieces of a scan that are not detectors: the budget, the guard refusal of the sync API, the result object. */
import type { ScanContext, ScanResult } from '../spec/types.js';
import type { StagePlan } from './compile.js';
import type { decide } from './decision.js';
import { WardenInputError } from './errors.js';
import type { RunState, ScanFinding } from './pipeline.js';

/** The result of scanInput: findings say which message they came from. */
export interface InputScanResultBase extends ScanResult {
  findings: ScanFinding[];
}

/** The request's budget: ctx.budgetMs when given (must be a positive number), else the policy's. */
export function budgetOf(ctx: ScanContext, plan: StagePlan): number {
  const b = ctx.budgetMs;
  if (b === undefined) return plan.budgetMs;
  if (typeof b !== 'number' || !(b > 0)) {
    throw new WardenInputError('invalid_input', `ctx.budgetMs must be a positive number of milliseconds, got ${String(b)}`);
  }
  return b;
}

/** The synchronous API cannot wait for guards: a plan with any is a caller error, named before anything runs. */
export function refuseGuards(plans: readonly StagePlan[], from: number, method: string): void {
  let found = false;
  for (let i = from; i < plans.length && !found; i++) found = (plans[i] as StagePlan).guards.length > 0;
  if (!found) return;
  const withGuards = plans.slice(from).filter((p) => p.guards.length > 0);
  const ids = new Set(withGuards.flatMap((p) => p.guards.map((g) => g.guard.id)));
  const stages = new Set(withGuards.map((p) => p.stage));
  throw new WardenInputError(
    'async_required',
    `the policy runs async guards (${[...ids].join(', ')}) at stage ${[...stages].join(', ')}; call ${method}Async() instead of ${method}()`,
  );
}


export function finish(
  state: RunState,
  decision: ReturnType<typeof decide>,
  findings: ScanFinding[],
  text: string,
  vault: ScanResult['vault'],
): InputScanResultBase {
  const result: InputScanResultBase = {
    action: decision.action,
    findings,
    text,
    monitorAction: decision.monitorAction,
    errors: state.errors,
    latencyMs: Math.round((performance.now() - state.started) * 1000) / 1000,
    vault,
    skipped: [...state.skipped],
  };
  if (decision.decidingRule !== undefined) result.decidingRule = decision.decidingRule;
  return result;
}
