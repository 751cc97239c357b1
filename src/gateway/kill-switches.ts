import type { Identity } from '../spec/gateway.js';
import type { KillScope, KillSwitch, KillSwitchStore } from '../store/interfaces.js';
import { normalizeModelName } from './model-names.js';
import { refusal, type Refusal } from './errors.js';

export type KillRejection = Refusal;

/**
 * In-memory view of the kill switches, reloaded when the store's revision changes. refresh() runs once per
 * request (one cheap PRAGMA for SQLite), so a switch set from the CLI applies to the next request.
 */
export function createKillSwitches(store: KillSwitchStore) {
  let revision = '';
  let active = new Map<string, KillSwitch>();
  // Model switches are keyed by the normalised name, so that every spelling of the model matches them.
  const k = (scope: KillScope, id: string) => `${scope}\u0000${scope === 'model' ? normalizeModelName(id) : id}`;
  const find = (scope: KillScope, id: string) => active.get(k(scope, id));

  async function refresh(): Promise<void> {
    const rev = await store.revision();
    if (rev === revision) return;
    const list = await store.list();
    active = new Map(list.map((s) => [k(s.scope, s.id), s]));
    revision = rev;
  }

  const because = (s: KillSwitch) => (s.reason ? `: ${s.reason}` : '.');

  /** The rejection when a model switch is set on any of `names` (the model's names, see modelKillNames); `model` is the name shown. */
  function checkModel(model: string, names: readonly string[]): KillRejection | undefined {
    if (active.size === 0) return undefined;
    const m = names.map((n) => find('model', n)).find((s) => s !== undefined);
    return m && refusal('kill_switch_active', `Model ${model} disabled by kill switch${because(m)}`);
  }

  return {
    refresh,
    /** The rejection for a request, checked in order global, tenant, key, model (as sent, and its other names). */
    check(identity: Identity, model: string | undefined, modelNames: readonly string[] = []): KillRejection | undefined {
      if (active.size === 0) return undefined;
      const g = find('global', '*');
      if (g) return refusal('kill_switch_active', `Gateway disabled by kill switch${because(g)}`);
      const t = find('tenant', identity.tenant);
      if (t) return refusal('caller_killed', `Tenant ${identity.tenant} disabled by kill switch${because(t)}`);
      const key = find('key', identity.keyId);
      if (key) return refusal('caller_killed', `Key ${identity.keyId} disabled by kill switch${because(key)}`);
      return model === undefined ? undefined : checkModel(model, [model, ...modelNames]);
    },
    checkModel,
    isToolKilled(tool: string): boolean {
      return find('tool', tool) !== undefined;
    },
  };
}
