/**
 * Who may sign in to the dashboard with a credential posted to the API: the admin token (every tenant), a
 * configured operator's token (one tenant), or an OIDC ID token (oidc-client.ts; the browser redirect sign-in is
 * oidc-routes.ts). Tokens are compared in constant time and never stored or logged.
 */
import type { DashboardConfig } from './config.js';
import type { OidcClient, SignInResult } from './oidc-client.js';
import { sameToken, type Operator } from './session.js';

export type { SignInResult } from './oidc-client.js';

export interface SignInRequest {
  token?: string;
  id_token?: string;
}

export function createSignIn(cfg: DashboardConfig, adminTokenEnv: string, oidc: OidcClient | undefined, env: NodeJS.ProcessEnv = process.env): (req: SignInRequest) => Promise<SignInResult> {
  const wrong: SignInResult = { ok: false, message: 'Wrong token.' };
  return async (req) => {
    if (req.id_token !== undefined) return oidc === undefined ? { ok: false, message: 'OIDC sign-in is not configured (gateway.dashboard.oidc).' } : oidc.signIn(req.id_token);
    const presented = req.token;
    if (presented === undefined || presented.length === 0) return wrong;
    // Every configured token is compared, so the time taken does not say which one nearly matched.
    let match: Operator | undefined;
    const admin = env[adminTokenEnv];
    if (admin !== undefined && admin.length > 0 && sameToken(presented, admin)) match = { name: 'admin', tenant: null, via: 'admin-token' };
    for (const op of cfg.operators) {
      const t = env[op.token_env];
      if (t !== undefined && t.length > 0 && sameToken(presented, t)) match ??= { name: op.name, tenant: op.tenant, via: 'operator-token' };
    }
    return match === undefined ? wrong : { ok: true, operator: match };
  };
}
