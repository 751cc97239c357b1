/** The short form of an audit record that the feed and the request list show (the full context is fetched on demand). */
import type { AuditRecord } from '../spec/gateway.js';

export interface RecordSummary {
  requestId: string;
  seq: number;
  ts: string;
  route: string;
  tenant: string | null;
  keyId: string | null;
  model: string | null;
  action: AuditRecord['action'];
  decidingRule: string | null;
  status: number;
  errorCode: string | null;
  /** Every rule with a finding, input and output. */
  rules: string[];
  totalMs: number;
  /** The start of the last message, cut to PREVIEW_CHARS: a 1 MB line never travels in the feed. */
  preview: string;
}

export const PREVIEW_CHARS = 240;

export function summarize(rec: AuditRecord): RecordSummary {
  const last = rec.request.messages.at(-1);
  const text = typeof last?.content === 'string' ? last.content : '';
  return {
    requestId: rec.requestId,
    seq: rec.seq,
    ts: rec.ts,
    route: rec.route,
    tenant: rec.identity?.tenant ?? null,
    keyId: rec.identity?.keyId ?? null,
    model: rec.model,
    action: rec.action,
    decidingRule: rec.decidingRule ?? null,
    status: rec.status,
    errorCode: rec.errorCode ?? null,
    rules: [...new Set([...rec.inputFindings, ...rec.outputFindings].map((f) => f.ruleId))],
    totalMs: rec.latency.totalMs,
    preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text,
  };
}

/** The feed's and list's filters; each is an exact match, `rule` matches any finding's rule or the deciding rule. */
export interface RecordFilter {
  tenant?: string;
  key?: string;
  rule?: string;
  action?: string;
}

/** Model API requests only: operator calls (admin API, CLI, dashboard) are not traffic. */
export function isTraffic(rec: AuditRecord): boolean {
  return rec.admin === undefined;
}

export function matches(s: RecordSummary, f: RecordFilter): boolean {
  if (f.tenant !== undefined && s.tenant !== f.tenant) return false;
  if (f.key !== undefined && s.keyId !== f.key) return false;
  if (f.action !== undefined && s.action !== f.action) return false;
  if (f.rule !== undefined && s.decidingRule !== f.rule && !s.rules.includes(f.rule)) return false;
  return true;
}
