/** Adapters from a Warden to the evaluators: the same scan entry points the gateway uses. */
import type { LoadedPolicy } from '../../core/index.js';
import type { ScanContext, ScanResult, Stage } from '../../spec/types.js';
import type { Warden } from '../../warden.js';
import type { Predictor } from './classification.js';
import type { SpanPredictor, TypedSpan } from './pii.js';

export function scanAt(warden: Warden, text: string, stage: Stage, ctx?: ScanContext): ScanResult {
  return stage === 'input' ? warden.scanInput(text, ctx) : warden.scan(text, stage, ctx);
}

/**
 * A text counts as detected when the enforced verdict is anything but allow, or with blockOnly only when it
 * is block (flag and redact are data-protection outcomes, e.g. PII on a benign text, rather than attack verdicts).
 */
export function wardenPredictor(warden: Warden, stage: Stage, blockOnly = false, ctx?: ScanContext): Predictor {
  return (text) => {
    const r = scanAt(warden, text, stage, ctx);
    const detected = blockOnly ? r.action === 'block' : r.action !== 'allow';
    return r.decidingRule === undefined ? { detected } : { detected, rule: r.decidingRule };
  };
}

/**
 * Spans of every finding that carries an entity type (pii and secrets), in UTF-16 offsets. Findings made
 * on a derived variant (`via`) carry the variant's whole source span, so they count only when no direct
 * finding of the same type overlaps them (then they are a new detection, e.g. inside decoded base64).
 */
export function wardenSpanPredictor(warden: Warden, stage: Stage, ctx?: ScanContext): SpanPredictor {
  return (text) => {
    const direct: TypedSpan[] = [];
    const viaVariant: TypedSpan[] = [];
    for (const f of scanAt(warden, text, stage, ctx).findings) {
      if (f.entityType === undefined) continue;
      for (const s of f.spans) (f.via === undefined ? direct : viaVariant).push({ start: s.start, end: s.end, type: f.entityType });
    }
    const overlapsDirect = (v: TypedSpan) => direct.some((d) => d.type === v.type && d.start < v.end && v.start < d.end);
    const unique = new Map<string, TypedSpan>();
    for (const s of [...direct, ...viaVariant.filter((v) => !overlapsDirect(v))]) unique.set(`${s.start}:${s.end}:${s.type}`, s);
    return [...unique.values()];
  };
}

/**
 * The policy with only `detectorId` enabled (its own settings and threshold kept), every other detector
 * off and tenant/use-case overlays dropped, to measure one detector alone.
 */
export function singleDetectorPolicy(policy: LoadedPolicy, detectorId: string, knownIds: readonly string[]): LoadedPolicy {
  if (!knownIds.includes(detectorId)) throw new Error(`unknown detector "${detectorId}"; known: ${knownIds.join(', ')}`);
  const { tenants: _t, use_cases: _u, ...doc } = policy.document;
  const entry = doc.detectors?.[detectorId] ?? {};
  return { ...policy, document: { ...doc, detectors: { [detectorId]: { ...entry, enabled: true } } } };
}
