/** Adapters from a Warden to the evaluators: the same scan entry points the gateway uses. */
import type { LoadedPolicy } from '../../core/index.js';
import type { ScanResult, Stage } from '../../spec/types.js';
import type { Warden } from '../../warden.js';
import type { Predictor } from './classification.js';
import type { SpanPredictor, TypedSpan } from './pii.js';

export function scanAt(warden: Warden, text: string, stage: Stage): ScanResult {
  return stage === 'input' ? warden.scanInput(text) : warden.scan(text, stage);
}

/** A text counts as detected when the enforced verdict is anything but allow. */
export function wardenPredictor(warden: Warden, stage: Stage): Predictor {
  return (text) => scanAt(warden, text, stage).action !== 'allow';
}

/** Spans of every finding that carries an entity type (pii and secrets), in UTF-16 offsets. */
export function wardenSpanPredictor(warden: Warden, stage: Stage): SpanPredictor {
  return (text) => {
    const spans: TypedSpan[] = [];
    for (const f of scanAt(warden, text, stage).findings) {
      if (f.entityType === undefined) continue;
      for (const s of f.spans) spans.push({ start: s.start, end: s.end, type: f.entityType });
    }
    return spans;
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
