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
}

const summary = (f: Finding): FindingSummary => ({
  stage: f.stage,
  ruleId: f.ruleId,
  action: f.action,
  spans: f.spans.map((s) => `${s.start}-${s.end}`).join(','),
});
const keyOf = (f: FindingSummary) => `${f.stage}|${f.ruleId}|${f.spans}`;

/**
 * Re-runs a recorded request (messages, then the recorded output) through a Warden built from the current
 * policy, and reports the decision then and now with the findings added and removed. Records stored
 * with redact-at-rest replay their redacted text, so PII findings will show as removed.
 */
export function replayRecord(record: AuditRecord, warden: Warden): ReplayReport {
  const ctx = { tenant: record.identity?.tenant, userId: record.identity?.userId };
  const input = warden.scanInput(record.request.messages, ctx);
  const output = record.output === null ? undefined : warden.scanOutput(record.output, withFields(ctx, { vault: input.vault }));
  const decisive = output && ACTION_SEVERITY[output.action] > ACTION_SEVERITY[input.action] ? output : input;
  const nowFindings = [...input.findings, ...(output?.findings ?? [])].map(summary);
  const thenFindings = [...record.inputFindings, ...record.outputFindings].map(summary);
  const thenKeys = new Set(thenFindings.map(keyOf));
  const nowKeys = new Set(nowFindings.map(keyOf));
  const added = nowFindings.filter((f) => !thenKeys.has(keyOf(f)));
  const removed = thenFindings.filter((f) => !nowKeys.has(keyOf(f)));
  return {
    requestId: record.requestId,
    then: { action: record.action, decidingRule: record.decidingRule, findings: thenFindings.length },
    now: { action: decisive.action, decidingRule: decisive.decidingRule, findings: nowFindings.length },
    changed: record.action !== decisive.action || added.length > 0 || removed.length > 0,
    added,
    removed,
  };
}
