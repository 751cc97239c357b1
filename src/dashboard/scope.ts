/**
 * Tenant scoping, enforced here on the server for every API the dashboard calls: an operator bound to a tenant
 * only ever reads and changes that tenant's records, approvals, keys and kill switches. Another tenant's object
 * answers exactly like a missing one, so ids cannot be probed across tenants.
 */
import { GatewayError } from '../gateway/errors.js';
import type { Operator } from './session.js';

/** The tenant a listing is confined to: the operator's own; for an all-tenant operator the one asked for, or none (all). */
export function listTenant(op: Operator, asked: string | undefined): string | undefined {
  if (op.tenant === null) return asked === undefined || asked.length === 0 ? undefined : asked;
  if (asked !== undefined && asked.length > 0 && asked !== op.tenant) {
    throw new GatewayError('permission_denied', `This operator sees tenant "${op.tenant}" only.`);
  }
  return op.tenant;
}

export function sees(op: Operator, tenant: string | null | undefined): boolean {
  return op.tenant === null || (tenant !== null && tenant !== undefined && tenant === op.tenant);
}

/** The object when the operator may see it; otherwise the not-found answer a missing one gets. */
export function visibleOr404<T>(op: Operator, obj: T | undefined, tenantOf: (o: T) => string | null | undefined, what: string): T {
  if (obj === undefined || !sees(op, tenantOf(obj))) throw new GatewayError('not_found', `No such ${what}.`);
  return obj;
}

/** Changes only an all-tenant operator may make (global, model and tool kill switches, red-team reports). */
export function requireAllTenants(op: Operator, what: string): void {
  if (op.tenant !== null) throw new GatewayError('permission_denied', `${what} is for operators of every tenant; this operator sees tenant "${op.tenant}" only.`);
}
