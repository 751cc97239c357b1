/** Who may call a tool: tenant, roles and attributes of the authenticated identity (never the request's `user`). */
import type { ToolIdentity } from '../spec/tools.js';
import type { ToolWho } from './policy-schema.js';

/** Why the identity may not call the tool, or undefined when it may. */
export function authorizationFailure(who: ToolWho | undefined, identity: ToolIdentity): string | undefined {
  if (who === undefined) return undefined;
  if (who.tenants !== undefined && !who.tenants.includes(identity.tenant)) {
    return `tenant "${identity.tenant}" is not among the tenants allowed to call this tool`;
  }
  if (who.roles !== undefined && !who.roles.some((r) => identity.roles.includes(r))) {
    return `caller has none of the roles ${who.roles.join(', ')}`;
  }
  for (const [name, expected] of Object.entries(who.attributes ?? {})) {
    const actual = identity.attributes[name];
    if (actual === undefined) return `caller has no attribute "${name}"`;
    const allowed: readonly unknown[] = Array.isArray(expected) ? expected : [expected];
    const values: readonly unknown[] = Array.isArray(actual) ? actual : [actual];
    if (!values.some((v) => allowed.includes(v))) return `attribute "${name}" does not have an allowed value`;
  }
  return undefined;
}
