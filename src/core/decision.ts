/** Turning findings and errors into the request's action, and applying redaction. */
import { ACTION_SEVERITY, type Action, type DetectorError, type Finding, type RedactionMode, type ScanResult, type Vault } from '../spec/types.js';
import { defaultEntityType } from './pipeline.js';
import { redactText, type RedactionTarget } from './redact.js';

export interface Decision {
  action: Action;
  monitorAction: Action;
  decidingRule?: string;
}

/** Enforced action = most severe enforce-mode finding or error; monitorAction also counts monitor-mode findings. */
export function decide(findings: readonly Finding[], errors: readonly DetectorError[]): Decision {
  let action: Action = 'allow';
  let monitorAction: Action = 'allow';
  let decidingRule: string | undefined;
  for (const f of findings) {
    const sev = ACTION_SEVERITY[f.action];
    if (sev > ACTION_SEVERITY[monitorAction]) monitorAction = f.action;
    if (f.mode === 'enforce' && sev > ACTION_SEVERITY[action]) {
      action = f.action;
      decidingRule = f.ruleId;
    }
  }
  for (const e of errors) {
    const sev = ACTION_SEVERITY[e.action];
    if (sev > ACTION_SEVERITY[monitorAction]) monitorAction = e.action;
    if (sev > ACTION_SEVERITY[action]) {
      action = e.action;
      decidingRule = `error:${e.detector}`;
    }
  }
  return decidingRule === undefined ? { action, monitorAction } : { action, monitorAction, decidingRule };
}

/** The more severe of two actions; an error stays an error whatever is found later. */
export function maxAction<A extends Action | 'error'>(a: A, b: Action): A | Action {
  if (a === 'error') return a;
  return ACTION_SEVERITY[b] > ACTION_SEVERITY[a as Action] ? b : a;
}

/** Rule ids that made a result block, for the client message. */
export function blockingRules(r: Pick<ScanResult, 'findings' | 'decidingRule'>): string[] {
  const rules = new Set(r.findings.filter((f) => f.mode === 'enforce' && f.action === 'block').map((f) => f.ruleId));
  if (rules.size === 0 && r.decidingRule !== undefined) rules.add(r.decidingRule);
  return [...rules];
}

/** Rewrites the spans of enforce-mode, redact-action, redactable findings; flag-only findings never change text. */
export function applyRedaction(text: string, findings: readonly Finding[], mode: RedactionMode, vault: Vault): string {
  const targets: RedactionTarget[] = [];
  for (const f of findings) {
    if (f.mode !== 'enforce' || f.action !== 'redact' || f.redactable !== true) continue;
    const type = f.entityType ?? defaultEntityType(f.ruleId);
    for (const s of f.spans) if (s.end > s.start) targets.push({ start: s.start, end: s.end, type });
  }
  return redactText(text, targets, mode, vault);
}
