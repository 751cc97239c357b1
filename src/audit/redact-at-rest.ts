import type { AuditEntry } from '../spec/gateway.js';
import type { Stage } from '../spec/types.js';
import { withFields } from '../core/objects.js';

/** Rewrites one text with its PII and secrets replaced (in the gateway: createWarden with a redact-only policy). */
export type TextRedactor = (text: string, stage: Stage) => string;

const MAX_DEPTH = 32;

function redactLeaves(v: unknown, redact: TextRedactor, depth: number): unknown {
  if (typeof v === 'string') return redact(v, 'input');
  if (depth >= MAX_DEPTH || typeof v !== 'object' || v === null) return depth >= MAX_DEPTH ? '[truncated]' : v;
  if (Array.isArray(v)) return v.map((x: unknown) => redactLeaves(x, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = redactLeaves(x, redact, depth + 1);
  return out;
}

/**
 * Operator and audit-log call records (`admin` set by the server, never by a client) hold Warden's own
 * metadata (key ids, filters, timestamps), not request content; the PII detectors would only mangle them.
 */
function isOperatorEntry(entry: AuditEntry): boolean {
  return entry.admin !== undefined;
}

/**
 * Redact-at-rest: the audit entry as stored has message contents, output, request parameters and the raw
 * body rewritten by the redactor, and is marked `redactedAtRest`. Tool definitions, findings (rule ids,
 * scores, spans; evidence already masked), identity, decisions and timings are kept verbatim so the log
 * stays useful for investigations and replay.
 */
export function createAtRestRedactor(redact: TextRedactor): (entry: AuditEntry) => AuditEntry {
  return (entry) => {
    if (isOperatorEntry(entry)) return entry;
    const { request } = entry;
    return withFields(entry, {
      request: withFields(request, {
        messages: request.messages.map((m) => withFields(m, { content: redact(m.content, 'input') })),
        params: request.params === undefined ? undefined : (redactLeaves(request.params, redact, 0) as Record<string, unknown>),
        raw: request.raw === undefined ? undefined : redactLeaves(request.raw, redact, 0),
      }),
      output: entry.output === null ? null : redact(entry.output, 'output'),
      redactedAtRest: true,
    });
  };
}
