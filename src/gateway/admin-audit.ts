/**
 * Audit records of operator and audit-log calls: every admin API call and /v1/audit read (allowed or
 * refused, failed logins included) and every CLI change, in the same hash chain as model requests.
 */
import type { AdminCall, AuditEntry, Identity } from '../spec/gateway.js';
import { auditIdentity } from './recorder.js';

/** Which interface the call came through (`alerts`: an alert the gateway raised); kept in `request.params.operator`. */
export type AdminOperator = 'admin-api' | 'audit-api' | 'cli' | 'dashboard' | 'alerts';

export interface AdminCallRecord {
  requestId: string;
  at: Date;
  /** `METHOD /route/:pattern` for HTTP calls, `cli:<command>` for the CLI. */
  route: string;
  operator: AdminOperator;
  admin: AdminCall;
  /** The tenant caller (/v1/audit); absent for the admin token and the CLI, whose records only admins read. */
  identity?: Identity;
  status: number;
  errorCode?: string;
  /** Route parameters and query string, as sent (ids and filters; never a body). */
  params?: unknown;
  query?: unknown;
  /** What an operator changed (keys, kill switches), never a key secret. */
  change?: Record<string, unknown>;
  totalMs?: number;
}

const present = (v: unknown) => (typeof v === 'object' && v !== null && Object.keys(v).length > 0 ? v : undefined);

export function adminCallEntry(c: AdminCallRecord): AuditEntry {
  return {
    requestId: c.requestId,
    ts: c.at.toISOString(),
    route: c.route,
    identity: c.identity === undefined ? null : auditIdentity(c.identity),
    model: null,
    upstream: null,
    request: { messages: [], params: { operator: c.operator, params: present(c.params), query: present(c.query), ...c.change } },
    inputFindings: [],
    outputFindings: [],
    action: c.status < 400 ? 'allow' : 'error',
    status: c.status,
    errorCode: c.errorCode,
    output: null,
    latency: { totalMs: c.totalMs ?? 0 },
    streamed: false,
    admin: c.admin,
  };
}

/** The record of a change made with the CLI (keys, kill switches). */
export function cliChangeEntry(requestId: string, route: string, change: Record<string, unknown>, at: Date): AuditEntry {
  return adminCallEntry({ requestId, at, route, operator: 'cli', admin: { caller: 'cli' }, status: 200, change });
}
