import type { Identity } from '../spec/gateway.js';
import type { KillScope, KillSwitch, KillSwitchStore } from '../store/interfaces.js';

export type KillRejection = { ok: false; status: 403 | 503; code: 'kill_switch_active'; type: 'permission_error' | 'api_error'; message: string };

/**
 * In-memory view of the kill switches, reloaded when the store's revision changes. refresh() runs once per
 * request (one cheap PRAGMA for SQLite), so a switch set from the CLI applies to the next request.
 */
export function createKillSwitches(store: KillSwitchStore) {
  let revision = '';
  let active = new Map<string, KillSwitch>();
  const k = (scope: KillScope, id: string) => `${scope}\u0000${id}`;
  const find = (scope: KillScope, id: string) => active.get(k(scope, id));

  async function refresh(): Promise<void> {
    const rev = await store.revision();
    if (rev === revision) return;
    const list = await store.list();
    active = new Map(list.map((s) => [k(s.scope, s.id), s]));
    revision = rev;
  }

  const because = (s: KillSwitch) => (s.reason ? `: ${s.reason}` : '.');

  return {
    refresh,
    /** The rejection for a request, checked in order global, tenant, key, model. */
    check(identity: Identity, model: string | undefined): KillRejection | undefined {
      if (active.size === 0) return undefined;
      const g = find('global', '*');
      if (g) return { ok: false, status: 503, code: 'kill_switch_active', type: 'api_error', message: `Gateway disabled by kill switch${because(g)}` };
      const t = find('tenant', identity.tenant);
      if (t) return { ok: false, status: 403, code: 'kill_switch_active', type: 'permission_error', message: `Tenant ${identity.tenant} disabled by kill switch${because(t)}` };
      const key = find('key', identity.keyId);
      if (key) return { ok: false, status: 403, code: 'kill_switch_active', type: 'permission_error', message: `Key ${identity.keyId} disabled by kill switch${because(key)}` };
      const m = model === undefined ? undefined : find('model', model);
      if (m) return { ok: false, status: 503, code: 'kill_switch_active', type: 'api_error', message: `Model ${model} disabled by kill switch${because(m)}` };
      return undefined;
    },
    isToolKilled(tool: string): boolean {
      return find('tool', tool) !== undefined;
    },
  };
}

export type KillSwitches = ReturnType<typeof createKillSwitches>;
