import type { Identity } from '../spec/gateway.js';
import type { RetrievalSubject } from '../spec/retrieval.js';

/** Role prefixes by which a virtual key (which has roles only) carries groups and a clearance. */
export const GROUP_ROLE_PREFIX = 'group:';
export const CLEARANCE_ROLE_PREFIX = 'clearance:';

/**
 * The retrieval subject of an authenticated caller: tenant, user, roles, groups (JWT claim, plus `group:<g>` roles)
 * and clearance (JWT claim, else a key's one `clearance:<level>` role; with several, none is taken and the
 * configured default applies).
 */
export function subjectFromIdentity(identity: Pick<Identity, 'tenant' | 'userId' | 'roles' | 'groups' | 'clearance'>): RetrievalSubject {
  const groups = new Set(identity.groups ?? []);
  const roles: string[] = [];
  const clearances: string[] = [];
  for (const role of identity.roles) {
    if (role.startsWith(GROUP_ROLE_PREFIX)) groups.add(role.slice(GROUP_ROLE_PREFIX.length));
    else if (role.startsWith(CLEARANCE_ROLE_PREFIX)) clearances.push(role.slice(CLEARANCE_ROLE_PREFIX.length));
    else roles.push(role);
  }
  groups.delete('*');
  const clearance = identity.clearance ?? (clearances.length === 1 ? clearances[0] : undefined);
  return {
    tenant: identity.tenant,
    roles,
    groups: [...groups],
    ...(identity.userId === undefined ? {} : { userId: identity.userId }),
    ...(clearance === undefined ? {} : { clearance }),
  };
}
