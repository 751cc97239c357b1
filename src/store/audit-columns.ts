/** The columns every audit table keeps beside the hashed body (for queries), shared by the SQLite and PostgreSQL stores. */
import type { AuditEntry } from '../spec/gateway.js';

export interface AuditColumns {
  requestId: string;
  ts: string;
  tenant: string | null;
  keyId: string | null;
  action: string;
}

export function normalizeTs(ts: string): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) throw new Error(`audit entry ts "${ts}" is not an ISO-8601 timestamp`);
  return d.toISOString();
}

export function columnsOf(e: AuditEntry): AuditColumns {
  return {
    requestId: e.requestId,
    ts: normalizeTs(e.ts),
    tenant: e.identity?.tenant ?? null,
    keyId: e.identity?.keyId ?? null,
    action: e.action,
  };
}

export function parseEntry(body: string): AuditEntry {
  const v: unknown = JSON.parse(body);
  if (typeof v !== 'object' || v === null) throw new Error('audit row body is not an object');
  return v as AuditEntry;
}

/** False when a stored column was changed behind the body (verify reports the record altered). */
export function columnsMatch(body: string, stored: AuditColumns): boolean {
  try {
    const c = columnsOf(parseEntry(body));
    return c.requestId === stored.requestId && c.ts === stored.ts && c.tenant === stored.tenant && c.keyId === stored.keyId && c.action === stored.action;
  } catch {
    return false;
  }
}
