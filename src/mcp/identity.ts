/**
 * Who is calling the proxy: on stdio, the identity the config names (whoever starts the proxy chooses it);
 * on the HTTP listener, the gateway key or JWT the request presents. Both become the gateway's `Identity`
 * (audit, kill switches) and the tool policy's `ToolIdentity`.
 */
import type { Identity } from '../spec/gateway.js';
import type { ToolIdentity } from '../spec/tools.js';
import type { McpSection } from './config.js';

export interface McpCaller {
  identity: Identity;
  tool: ToolIdentity;
}

export function toolIdentityOf(identity: Identity, attributes: ToolIdentity['attributes'] = {}): ToolIdentity {
  return { keyId: identity.keyId, tenant: identity.tenant, roles: identity.roles, attributes, ...(identity.userId !== undefined ? { userId: identity.userId } : {}) };
}

/** The stdio client: nothing is authenticated, so the record says `open` and the config's key id. */
export function configuredCaller(cfg: McpSection['identity']): McpCaller {
  const identity: Identity = {
    keyId: cfg.key_id,
    tenant: cfg.tenant,
    roles: [...cfg.roles],
    models: [],
    tools: ['*'],
    trustUserHeader: false,
    authMethod: 'open',
    ...(cfg.user_id !== undefined ? { userId: cfg.user_id } : {}),
  };
  return { identity, tool: toolIdentityOf(identity, cfg.attributes) };
}
