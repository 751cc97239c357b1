/**
 * Reads what `npm audit --json` printed. The registry on some networks refuses the advisory endpoint (HTTP 405)
 * or cannot be reached; that is a skip with its reason, never a pass: only a report with vulnerability counts passes.
 */
export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'moderate', 'high', 'critical'];

export type AuditOutcome =
  | { kind: 'passed'; counts: Record<Severity, number> }
  | { kind: 'failed'; counts: Record<Severity, number>; atOrAbove: number }
  | { kind: 'skipped'; reason: string };

/** Network errors npm reports when the registry cannot be reached at all. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

interface AuditJson {
  metadata?: { vulnerabilities?: Partial<Record<Severity, number>> };
  statusCode?: number;
  message?: string;
  error?: { code?: string; summary?: string };
}

/** The outcome of one run at `level`: fails when any advisory is at or above it. Throws on output it cannot read. */
export function classifyAudit(stdout: string, level: Severity): AuditOutcome {
  let json: AuditJson;
  try {
    json = JSON.parse(stdout) as AuditJson;
  } catch {
    throw new Error(`npm audit printed no JSON: ${stdout.slice(0, 200)}`);
  }
  const v = json.metadata?.vulnerabilities;
  if (v !== undefined) {
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, v[s] ?? 0])) as Record<Severity, number>;
    const atOrAbove = SEVERITIES.slice(SEVERITIES.indexOf(level)).reduce((n, s) => n + counts[s], 0);
    return atOrAbove > 0 ? { kind: 'failed', counts, atOrAbove } : { kind: 'passed', counts };
  }
  if (typeof json.statusCode === 'number') return { kind: 'skipped', reason: `the registry's advisory endpoint answered HTTP ${json.statusCode} (${json.message ?? 'no message'})` };
  const code = json.error?.code;
  if (code !== undefined && UNREACHABLE.has(code)) {
    return { kind: 'skipped', reason: `the registry cannot be reached (${code}: ${json.error?.summary ?? ''})` };
  }
  throw new Error(`npm audit printed neither a report nor a registry refusal: ${stdout.slice(0, 300)}`);
}
