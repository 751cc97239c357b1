/**
 * Kill switches and key scopes for the proxy, read from the gateway's kill-switch store before every list
 * and call (one cheap revision check), so `warden kill` reaches a long-lived stdio session too, not only
 * HTTP requests that pass the gateway's admission.
 */
import { refusal, type Refusal } from '../gateway/errors.js';
import { scopeAllows } from '../gateway/identity/authenticate.js';
import { createKillSwitches } from '../gateway/kill-switches.js';
import type { Identity } from '../spec/gateway.js';
import type { KillSwitchStore } from '../store/interfaces.js';

export interface CallGate {
  /** Re-reads the switches when another process changed them. */
  refresh(): Promise<void>;
  /** Why `identity` may not call `tool` now (global, tenant, key or tool switch; the key's tool scope), if it may not. */
  refusal(identity: Identity, tool: string): Refusal | undefined;
}

export function createCallGate(store: KillSwitchStore): CallGate {
  const kills = createKillSwitches(store);
  return {
    refresh: () => kills.refresh(),
    refusal(identity, tool) {
      const caller = kills.check(identity, undefined);
      if (caller !== undefined) return caller;
      if (kills.isToolKilled(tool)) return refusal('kill_switch_active', `Tool ${tool} disabled by kill switch.`);
      if (!scopeAllows(identity.tools, tool)) return refusal('permission_denied', `Key ${identity.keyId} may not call tool ${tool}.`);
      return undefined;
    },
  };
}
