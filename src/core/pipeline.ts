/**
 * The synchronous scan cascade for one text: variants, detectors in cost order, policy application,
 * early stop on a decisive block, latency budget, and fail-closed error handling. The async guard tier
 * (guard-tier.ts) runs after it and judges its findings here too (judgeFindings).
 */
import type {
  DetectorContext,
  RawFinding,
  ScanSpan,
  ScanTrace,
  Span,
  Variant,
} from '../spec/types.js';
import type { Step, StagePlan, StepPolicy } from './compile.js';
import { SIZE_LIMIT_RULES } from './policy-schema.js';
import { evidenceFor, type RedactionTarget } from './redact.js';
import { exceedsBytes } from './text.js';
import { withFields } from './objects.js';
import { fail, errorText, defaultEntityType, sizeFinding, type RunState, type ScanFinding } from './run-state.js';

export { newRunState, fail, errorText, sizeFinding, defaultEntityType, type RunState, type ScanFinding } from './run-state.js';

const MAX_VARIANTS = 32;
const NO_VARIANTS: readonly Variant[] = [];

/**
 * Variant kinds that re-render the whole text (Unicode normalization, smuggled tag characters) instead
 * of decoding one segment: their offsets do not map back to the original, so a redactable finding on
 * them cannot be rewritten in place (see applyVariant). Chained kinds are judged by their first link.
 */
export const RERENDERED_KINDS: ReadonlySet<string> = new Set(['normalized', 'tag-chars', 'nfkc', 'invisible-stripped', 'leet', 'homoglyph']);

/** One text the detectors scanned (the original or a variant): its redactable spans mask every excerpt from it. */
interface Scanned {
  readonly text: string;
  readonly variant: Variant | undefined;
  readonly masks: RedactionTarget[];
}

/** A finding whose evidence is rendered once every detector has reported its redactable spans. */
interface Pending {
  readonly finding: ScanFinding;
  readonly on: Scanned;
  readonly spans: readonly Span[];
}

/** Per-text scan state: findings, dedupe keys, and what evidence still has to be rendered. */
interface Scope {
  readonly plan: StagePlan;
  readonly state: RunState;
  readonly messageIndex: number | undefined;
  readonly findings: ScanFinding[];
  /** Created with the first finding: most scans have none. */
  seen?: Set<string>;
  readonly pending: Pending[];
  /** `ruleId \0 value` of redactable values found in the original text, to drop re-finds on re-rendered variants. */
  originalValues?: Set<string>;
}

/** Scans one (well-formed) text with a plan; findings are returned, errors and skips go to state. */
export function scanText(plan: StagePlan, text: string, state: RunState, messageIndex?: number): ScanFinding[] {
  const findings: ScanFinding[] = [];
  if (text === '') return findings;
  if (exceedsBytes(text, plan.maxInputBytes)) {
    const f = sizeFinding(plan, SIZE_LIMIT_RULES.inputBytes, `text exceeds max_input_bytes (${plan.maxInputBytes} bytes); not scanned`);
    if (f) record(state, findings, messageIndex === undefined ? f : withFields(f, { messageIndex }));
    return findings;
  }
  const scope: Scope = { plan, state, messageIndex, findings, pending: [] };
  const tiers = state.trace === undefined ? undefined : new TierSpans(state.trace, state, findings);
  cascade(scope, text, tiers);
  tiers?.end();
  renderEvidence(scope);
  return findings;
}

/** The span of each cost tier of detectors a text went through (`warden.scan.detectors`), for a traced scan. */
class TierSpans {
  private span: ScanSpan | undefined;
  private detectors: string[] = [];
  private findingsBefore = 0;

  constructor(
    private readonly trace: ScanTrace,
    private readonly state: RunState,
    private readonly findings: readonly ScanFinding[],
  ) {}

  next(tier: number): void {
    this.end();
    this.findingsBefore = this.findings.length;
    this.span = this.trace.start('warden.scan.detectors', { 'warden.tier': tier }, this.state.textSpan);
  }

  ran(detector: string): void {
    this.detectors.push(detector);
  }

  end(): void {
    if (this.span === undefined) return;
    this.span.end({ 'warden.detectors': this.detectors, 'warden.findings': this.findings.length - this.findingsBefore, 'warden.blocked': this.state.blocked });
    this.span = undefined;
    this.detectors = [];
  }
}

/** Applies the policy to what one guard reported on a text: the same thresholds, overrides and evidence as a detector's. */
export function judgeFindings(
  plan: StagePlan,
  text: string,
  state: RunState,
  messageIndex: number | undefined,
  id: string,
  step: StepPolicy,
  raw: RawFinding[],
): ScanFinding[] {
  const findings: ScanFinding[] = [];
  const scope: Scope = { plan, state, messageIndex, findings, pending: [] };
  apply(scope, id, step, { text, variant: undefined, masks: [] }, raw);
  renderEvidence(scope);
  return findings;
}

function renderEvidence(scope: Scope): void {
  const sorted = new Set<Scanned>();
  for (const p of scope.pending) {
    if (!sorted.has(p.on)) p.on.masks.sort((a, b) => a.start - b.start || b.end - a.end);
    sorted.add(p.on);
    p.finding.evidence = evidenceFor(p.on.text, p.spans, p.on.masks);
  }
}

function cascade(scope: Scope, text: string, tiers: TierSpans | undefined): void {
  const { plan, state } = scope;
  const original: Scanned = { text, variant: undefined, masks: [] };
  let variants: Scanned[] | undefined;
  let tier = -1;
  const steps = plan.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    if (step.detector.cost !== tier) {
      if (state.blocked) return skipRest(state, steps, i);
      tier = step.detector.cost;
      tiers?.next(tier);
    }
    if (performance.now() - state.started > state.budgetMs) {
      // Already blocked: the unscanned rest cannot change the outcome, so it is skipped, not an error.
      if (state.blocked) return skipRest(state, steps, i);
      for (let j = i; j < steps.length; j++) {
        const id = (steps[j] as Step).detector.id;
        // One error per detector, however many messages it missed.
        if (!state.skipped.has(id)) fail(state, plan, id, `latency budget of ${state.budgetMs} ms exhausted before this detector ran`);
        state.skipped.add(id);
      }
      return;
    }
    const ctx: DetectorContext = { stage: plan.stage, settings: step.settings, request: state.request, scanId: state };
    tiers?.ran(step.detector.id);
    try {
      apply(scope, step.detector.id, step, original, step.detector.scan(text, ctx));
    } catch (err) {
      fail(state, plan, step.detector.id, `detector failed: ${errorText(err)}`);
      continue;
    }
    if (step.detector.scansVariants !== true) continue;
    variants ??= expand(plan, text, state).map((v) => ({ text: v.text, variant: v, masks: [] }));
    for (const v of variants) {
      try {
        apply(scope, step.detector.id, step, v, step.detector.scan(v.text, ctx));
      } catch (err) {
        fail(state, plan, step.detector.id, `detector failed on ${v.variant?.kind ?? 'a'} variant: ${errorText(err)}`);
        break;
      }
    }
  }
}

function skipRest(state: RunState, steps: readonly Step[], from: number): void {
  for (let j = from; j < steps.length; j++) state.skipped.add((steps[j] as Step).detector.id);
}

/** Variants from every expanding detector, bounded in count and total size (4x the text + 8 KB, max 1 MB). */
function expand(plan: StagePlan, text: string, state: RunState): readonly Variant[] {
  if (plan.expanders.length === 0) return NO_VARIANTS;
  const out: Variant[] = [];
  let budget = Math.min(4 * text.length + 8192, 1_048_576);
  for (const step of plan.expanders) {
    const ctx: DetectorContext = { stage: plan.stage, settings: step.settings, request: state.request, scanId: state };
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

function apply(scope: Scope, id: string, step: StepPolicy, on: Scanned, raw: RawFinding[]): void {
  if (!Array.isArray(raw)) throw new Error('scan() did not return an array');
  // Nothing to apply (most detectors on most texts): no iterator, no work.
  if (raw.length === 0) return;
  const variant = on.variant;
  const rerendered = variant !== undefined && RERENDERED_KINDS.has(variant.kind.slice(0, (variant.kind + '>').indexOf('>')));
  for (const r of raw) {
    const own = r.spans.filter((s) => validSpan(s, on.text.length));
    const redactType = r.redactable === true ? (r.entityType ?? defaultEntityType(r.ruleId)) : undefined;
    // Masked in every excerpt, even when this finding itself is dropped below.
    if (redactType !== undefined) for (const s of own) if (s.end > s.start) on.masks.push({ start: s.start, end: s.end, type: redactType });
    const override = step.rules?.get(r.ruleId);
    if (override?.enabled === false) continue;
    const threshold = override?.threshold ?? step.threshold;
    if (!(r.score >= threshold)) continue;
    if (redactType !== undefined && !variant) for (const s of own) (scope.originalValues ??= new Set()).add(`${r.ruleId}\u0000${on.text.slice(s.start, s.end)}`);
    // The same value already found in the original text: the re-rendered copy adds nothing.
    if (rerendered && redactType !== undefined && own.length > 0 && own.every((s) => scope.originalValues?.has(`${r.ruleId}\u0000${on.text.slice(s.start, s.end)}`))) continue;
    const spans: Span[] = variant ? [{ start: variant.source.start, end: variant.source.end }] : own;
    const key = `${r.ruleId}\u0000${spans[0]?.start ?? -1}\u0000${spans[0]?.end ?? -1}`;
    const seen = (scope.seen ??= new Set());
    if (seen.has(key)) continue;
    seen.add(key);
    const finding: ScanFinding = withFields(r, {
      spans,
      detector: id,
      stage: scope.plan.stage,
      action: override?.action ?? step.action,
      mode: override?.mode ?? step.mode,
      threshold,
      evidence: [],
    });
    if (variant) finding.via = variant.kind;
    if (rerendered && redactType !== undefined) unmappable(finding);
    if (scope.messageIndex !== undefined) finding.messageIndex = scope.messageIndex;
    scope.pending.push({ finding, on, spans: own });
    record(scope.state, scope.findings, finding);
  }
}

/**
 * A redactable value that only appears once the text is re-rendered was disguised on purpose, and its
 * characters cannot be located in the original: rewriting the variant's source would replace the
 * whole text. It becomes non-redactable and a `redact` action escalates to `block`.
 */
function unmappable(f: ScanFinding): void {
  f.redactable = false;
  f.message = `${f.message} (only found in the ${f.via ?? 'variant'} text, so it cannot be redacted in place)`;
  if (f.action === 'redact') f.action = 'block';
}

function record(state: RunState, findings: ScanFinding[], f: ScanFinding): void {
  findings.push(f);
  if (f.mode === 'enforce' && f.action === 'block') state.blocked = true;
}

function validSpan(s: Span | undefined, length: number): boolean {
  return (
    s !== undefined && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= length
  );
}
