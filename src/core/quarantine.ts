/**
 * Quarantine of untrusted segments (policy `quarantine.<stage>`): a retrieved document or tool result whose own
 * findings would block the request is dropped, neutralised or flagged instead, and the rest of the request goes on.
 * Its blocking findings are recorded as `flag` with the segment listed in ScanResult.quarantined.
 */
import type { QuarantinedSegment, UntrustedStage } from '../spec/context.js';
import type { Span } from '../spec/types.js';
import type { StagePlan } from './compile.js';
import type { ScanFinding } from './pipeline.js';
import { withFields } from './objects.js';

export const NEUTRALISED = '[neutralised by Warden]';

export interface Quarantine {
  segment: QuarantinedSegment;
  findings: ScanFinding[];
  /** The segment's text as the model gets it; undefined: unchanged (flag), so redaction still applies. */
  content?: string;
}

/** Whether blocks at this plan's stage are quarantined rather than refusing the request. */
export function quarantines(plan: StagePlan): boolean {
  return plan.quarantine !== 'block';
}

function dropNotice(stage: UntrustedStage, rules: readonly string[]): string {
  const what = stage === 'retrieved' ? 'document' : 'tool result';
  return `[Warden withheld this ${what}: it was quarantined by ${rules.join(', ')}]`;
}

/** The text with the spans rewritten to NEUTRALISED (overlapping and touching spans merge). */
function neutralise(text: string, spans: readonly Span[]): string {
  const merged: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else if (s.end > s.start) merged.push({ start: s.start, end: s.end });
  }
  let out = '';
  let cursor = 0;
  for (const s of merged) {
    out += text.slice(cursor, s.start) + NEUTRALISED;
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

/**
 * The quarantine of message `index` scanned under `plan`, or undefined when none of its findings blocks. Neutralising
 * needs every blocking finding to say where its evidence is; one without spans (a whole-text verdict) drops the
 * segment instead. Spans of enforced redactions are neutralised with it (the segment's text is rewritten once).
 */
export function quarantineMessage(index: number, plan: StagePlan, content: string, findings: readonly ScanFinding[]): Quarantine | undefined {
  const blocks = (f: ScanFinding) => f.mode === 'enforce' && f.action === 'block';
  const blocking = findings.filter(blocks);
  if (blocking.length === 0 || plan.quarantine === 'block') return undefined;
  const rules = [...new Set(blocking.map((f) => f.ruleId))];
  const stage = plan.stage as UntrustedStage;
  const localised = blocking.every((f) => f.spans.some((s) => s.end > s.start));
  const action = plan.quarantine === 'neutralise' && !localised ? 'drop' : plan.quarantine;
  const out: Quarantine = {
    segment: { messageIndex: index, stage, action, rules },
    findings: findings.map((f) => (blocks(f) ? withFields(f, { action: 'flag' as const }) : f)),
  };
  if (action === 'drop') out.content = dropNotice(stage, rules);
  if (action === 'neutralise') {
    const spans = findings.filter((f) => blocks(f) || (f.mode === 'enforce' && f.action === 'redact' && f.redactable === true)).flatMap((f) => f.spans);
    out.content = neutralise(content, spans);
  }
  return out;
}
