/**
 * Which finished requests go to the human review queue, from their audit record alone: a rule in monitor mode fired
 * (what enforcing it would have done needs a person's judgement before it is switched on), or a verdict acted on a
 * finding whose score cleared its threshold by less than the configured band (the detector was barely sure).
 */
import type { AuditEntry } from '../spec/gateway.js';
import type { ReviewReason } from '../spec/review.js';
import type { Finding } from '../spec/types.js';

export interface TriageSettings {
  /** A finding that acted with `score - threshold` under this is low-confidence; 0 turns the reason off. */
  lowConfidenceBand: number;
  /** Whether monitor-mode findings are queued. */
  monitor: boolean;
}

export interface TriageResult {
  reasons: ReviewReason[];
  /** The rules behind the reasons, first seen first. */
  ruleIds: string[];
}

/** True when the finding made (or, in monitor mode, would have made) the verdict act and cleared its threshold narrowly. */
export function lowConfidence(f: Finding, band: number): boolean {
  return f.action !== 'allow' && f.threshold !== undefined && f.score - f.threshold < band;
}

/** Why this record needs review; undefined for none. Operator calls and records without a tenant are never queued. */
export function triage(entry: AuditEntry, s: TriageSettings): TriageResult | undefined {
  if (entry.admin !== undefined || entry.identity === null) return undefined;
  const reasons = new Set<ReviewReason>();
  const rules = new Set<string>();
  for (const f of [...entry.inputFindings, ...entry.outputFindings]) {
    const monitored = s.monitor && f.mode === 'monitor' && f.action !== 'allow';
    const unsure = s.lowConfidenceBand > 0 && lowConfidence(f, s.lowConfidenceBand);
    if (monitored) reasons.add('monitor');
    if (unsure) reasons.add('low_confidence');
    if (monitored || unsure) rules.add(f.ruleId);
  }
  return reasons.size === 0 ? undefined : { reasons: [...reasons], ruleIds: [...rules] };
}
