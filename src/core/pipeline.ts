/**
 * The synchronous scan cascade for one text: variants, detectors in cost order, policy application,
 * early stop on a decisive block, latency budget, and fail-closed error handling.
 */
import type {
  DetectorContext,
  DetectorError,
  Finding,
  RawFinding,
  ScanContext,
  Span,
  Variant,
} from '../spec/types.js';
import type { Step, StagePlan } from './compile.js';
import { SIZE_LIMIT_DETECTOR, SIZE_LIMIT_RULES } from './policy-schema.js';
import { evidenceFor } from './redact.js';
import { exceedsBytes } from './text.js';

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
}

export function newRunState(request: ScanContext, budgetMs: number): RunState {
  return { started: performance.now(), budgetMs, request, errors: [], skipped: new Set(), blocked: false };
}

const MAX_VARIANTS = 32;
const NO_VARIANTS: readonly Variant[] = [];

/** Scans one (well-formed) text with a plan; findings are returned, errors and skips go to state. */
export function scanText(plan: StagePlan, text: string, state: RunState, messageIndex?: number): ScanFinding[] {
  const findings: ScanFinding[] = [];
  if (text === '') return findings;
  if (exceedsBytes(text, plan.maxInputBytes)) {
    const f = sizeFinding(plan, SIZE_LIMIT_RULES.inputBytes, `text exceeds max_input_bytes (${plan.maxInputBytes} bytes); not scanned`);
    if (f) record(state, findings, messageIndex === undefined ? f : { ...f, messageIndex });
    return findings;
  }
  const seen = new Set<string>();
  let variants: readonly Variant[] | undefined;
  let tier = -1;
  const steps = plan.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    if (step.detector.cost !== tier) {
      if (state.blocked) return skipRest(state, steps, i, findings);
      tier = step.detector.cost;
    }
    if (performance.now() - state.started > state.budgetMs) {
      // Already blocked: the unscanned rest cannot change the outcome, so it is skipped, not an error.
      if (state.blocked) return skipRest(state, steps, i, findings);
      for (let j = i; j < steps.length; j++) {
        const id = (steps[j] as Step).detector.id;
        // One error per detector, however many messages it missed.
        if (!state.skipped.has(id)) fail(state, plan, id, `latency budget of ${state.budgetMs} ms exhausted before this detector ran`);
        state.skipped.add(id);
      }
      return findings;
    }
    const ctx: DetectorContext = { stage: plan.stage, settings: step.settings, request: state.request };
    try {
      apply(step, plan, text, step.detector.scan(text, ctx), undefined, seen, findings, state, messageIndex);
    } catch (err) {
      fail(state, plan, step.detector.id, `detector failed: ${errorText(err)}`);
      continue;
    }
    if (step.detector.scansVariants !== true) continue;
    variants ??= expand(plan, text, state);
    for (const v of variants) {
      try {
        apply(step, plan, v.text, step.detector.scan(v.text, ctx), v, seen, findings, state, messageIndex);
      } catch (err) {
        fail(state, plan, step.detector.id, `detector failed on ${v.kind} variant: ${errorText(err)}`);
        break;
      }
    }
  }
  return findings;
}

function skipRest(state: RunState, steps: readonly Step[], from: number, findings: ScanFinding[]): ScanFinding[] {
  for (let j = from; j < steps.length; j++) state.skipped.add((steps[j] as Step).detector.id);
  return findings;
}

/** Variants from every expanding detector, bounded in count and total size (4x the text + 8 KB, max 1 MB). */
function expand(plan: StagePlan, text: string, state: RunState): readonly Variant[] {
  if (plan.expanders.length === 0) return NO_VARIANTS;
  const out: Variant[] = [];
  let budget = Math.min(4 * text.length + 8192, 1_048_576);
  for (const step of plan.expanders) {
    const ctx: DetectorContext = { stage: plan.stage, settings: step.settings, request: state.request };
    let produced: Variant[];
    try {
      produced = step.detector.expand?.(text, ctx) ?? [];
    } catch (err) {
      fail(state, plan, step.detector.id, `variant expansion failed: ${errorText(err)}`);
      continue;
    }
    for (const v of produced) {
      if (out.length === MAX_VARIANTS || v.text.length > budget) break;
      if (!validSpan(v.source, text.length) || v.text === '') continue;
      budget -= v.text.length;
      out.push(v);
    }
  }
  return out;
}

function apply(
  step: Step,
  plan: StagePlan,
  scanned: string,
  raw: RawFinding[],
  variant: Variant | undefined,
  seen: Set<string>,
  findings: ScanFinding[],
  state: RunState,
  messageIndex: number | undefined,
): void {
  if (!Array.isArray(raw)) throw new Error('scan() did not return an array');
  for (const r of raw) {
    const override = step.rules?.get(r.ruleId);
    if (override?.enabled === false) continue;
    if (!(r.score >= (override?.threshold ?? step.threshold))) continue;
    const own = r.spans.filter((s) => validSpan(s, scanned.length));
    const spans: Span[] = variant ? [{ start: variant.source.start, end: variant.source.end }] : own;
    const key = `${r.ruleId}\u0000${spans[0]?.start ?? -1}\u0000${spans[0]?.end ?? -1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const redactType = r.redactable === true ? (r.entityType ?? defaultEntityType(r.ruleId)) : undefined;
    const finding: ScanFinding = {
      ...r,
      spans,
      detector: step.detector.id,
      stage: plan.stage,
      action: override?.action ?? step.action,
      mode: override?.mode ?? step.mode,
      evidence: evidenceFor(scanned, own, redactType),
    };
    if (variant) finding.via = variant.kind;
    if (messageIndex !== undefined) finding.messageIndex = messageIndex;
    record(state, findings, finding);
  }
}

function record(state: RunState, findings: ScanFinding[], f: ScanFinding): void {
  findings.push(f);
  if (f.mode === 'enforce' && f.action === 'block') state.blocked = true;
}

function fail(state: RunState, plan: StagePlan, detector: string, message: string): void {
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

function validSpan(s: Span | undefined, length: number): boolean {
  return (
    s !== undefined && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= length
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
