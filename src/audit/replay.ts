import type { AuditRecord } from '../spec/gateway.js';
import { ACTION_SEVERITY, type Action, type Finding, type Warden } from '../spec/types.js';
import { withFields } from '../core/objects.js';

export interface FindingSummary {
  stage: string;
  ruleId: string;
  action: Action;
  spans: string;
}

export interface ReplayReport {
  requestId: string;
  then: { action: Action | 'error'; decidingRule?: string; findings: number };
  now: { action: Action; decidingRule?: string; findings: number };
  changed: boolean;
  added: FindingSummary[];
  removed: FindingSummary[];
  /** PII and secrets findings of a record stored redacted: their text is gone, so they cannot be re-checked. */
  redacted: FindingSummary[];
}

/** Detectors whose findings redact-at-rest removes from the stored text (see detector-redactor.ts). */
const REDACTED_DETECTORS = new Set(['pii', 'secrets']);

const summary = (f: Finding): FindingSummary => ({
  stage: f.stage,
  ruleId: f.ruleId,
  action: f.action,
  spans: f.spans.map((s) => `${s.start}-${s.end}`).join(','),
});
const withSpans = (f: FindingSummary) => `${f.stage}|${f.ruleId}|${f.spans}`;
// Placeholders change the text's length, so spans of a redacted record no longer line up.
const withoutSpans = (f: FindingSummary) => `${f.stage}|${f.ruleId}`;

/**
 * Re-runs a recorded request (messages, then the recorded output) through a Warden built from the current
 * policy, and reports the decision then and now with the findings added and removed. Records stored
 * with redact-at-rest replay their redacted text: findings are matched by rule (not span), and their PII
 * and secrets findings are listed as `redacted` rather than removed.
 */
export function replayRecord(record: AuditRecord, warden: Warden): ReplayReport {
  const ctx = { tenant: record.identity?.tenant, userId: record.identity?.userId };
  const input = warden.scanInput(record.request.messages, ctx);
  const output = record.output === null ? undefined : warden.scanOutput(record.output, withFields(ctx, { vault: input.vault }));
  const decisive = output && ACTION_SEVERITY[output.action] > ACTION_SEVERITY[input.action] ? output : input;
  const nowFindings = [...input.findings, ...(output?.findings ?? [])].map(summary);
  const then = [...record.inputFindings, ...record.outputFindings];
  const thenFindings = then.map(summary);
  const redactedAtRest = record.redactedAtRest === true;
  const keyOf = redactedAtRest ? withoutSpans : withSpans;
  const thenKeys = new Set(thenFindings.map(keyOf));
  const nowKeys = new Set(nowFindings.map(keyOf));
  const added = nowFindings.filter((f) => !thenKeys.has(keyOf(f)));
  const gone = then.filter((f) => !nowKeys.has(keyOf(summary(f))));
  const unverifiable = (f: Finding) => redactedAtRest && REDACTED_DETECTORS.has(f.detector);
  const removed = gone.filter((f) => !unverifiable(f)).map(summary);
  const redacted = gone.filter(unverifiable).map(summary);
  // A decision made by a finding whose text is no longer stored cannot be reproduced; that is not a policy change.
  const decidedByRedacted = redactedAtRest && REDACTED_DETECTORS.has(record.decidingRule?.split('/')[0] ?? '');
  return {
    requestId: record.requestId,
    then: { action: record.action, decidingRule: record.decidingRule, findings: thenFindings.length },
    now: { action: decisive.action, decidingRule: decisive.decidingRule, findings: nowFindings.length },
    changed: (record.action !== decisive.action && !decidedByRedacted) || added.length > 0 || removed.length > 0,
    added,
    removed,
    redacted,
  };
}
