/** The state of one scan request shared by the scans of its messages, and the error and size findings it records. */
import type { DetectorError, Finding, ScanContext, ScanSpan, ScanTrace } from '../spec/types.js';
import type { StagePlan } from './compile.js';
import { SIZE_LIMIT_DETECTOR } from './policy-schema.js';

/** A finding plus, for scanInput, the index of the message it was found in (spans are relative to it). */
export type ScanFinding = Finding & { messageIndex?: number };

/** Mutable state of one request, shared by the scans of all its messages. */
export interface RunState {
  readonly started: number;
  readonly budgetMs: number;
  readonly request: ScanContext;
  readonly errors: DetectorError[];
  readonly skipped: Set<string>;
  /** Set once an enforce-mode block was seen; later tiers and messages are skipped. */
  blocked: boolean;
  /** Where the scan's stages are reported (ScanOptions.trace); absent, nothing is measured for it. */
  readonly trace?: ScanTrace;
  /** The span of the text being scanned, parent of its tiers' spans. */
  textSpan?: ScanSpan;
}

export function newRunState(request: ScanContext, budgetMs: number, trace?: ScanTrace): RunState {
  return { started: performance.now(), budgetMs, request, errors: [], skipped: new Set(), blocked: false, trace, textSpan: undefined };
}

export function fail(state: RunState, plan: StagePlan, detector: string, message: string): void {
  state.errors.push({ detector, message, action: plan.onError });
  if (plan.onError === 'block') state.blocked = true;
}

/** A size-limit finding (action block unless `rules:` overrides it), or undefined when the rule is disabled. */
export function sizeFinding(plan: StagePlan, ruleId: string, message: string): Finding | undefined {
  const override = plan.sizeRules.get(ruleId);
  if (override?.enabled === false) return undefined;
  return {
    ruleId,
    score: 1,
    spans: [],
    message,
    detector: SIZE_LIMIT_DETECTOR,
    stage: plan.stage,
    action: override?.action ?? 'block',
    mode: override?.mode ?? 'enforce',
    evidence: [],
  };
}

/** `secrets/aws-access-key` -> `AWS_ACCESS_KEY`: the placeholder type when a detector gives no entityType. */
export function defaultEntityType(ruleId: string): string {
  return ruleId.slice(ruleId.indexOf('/') + 1);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
