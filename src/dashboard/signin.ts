/**
 * Who may sign in to the dashboard: the admin token (every tenant), a configured operator's token (one tenant),
 * or an OIDC ID token verified with jose against the issuer's JWKS (a tenant claim scopes it to that tenant;
 * the admin role opens every tenant). Tokens are compared in constant time and never stored or logged.
 */
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { claim, loadJwks, stringList } from '../gateway/identity/jwt.js';
import type { DashboardConfig } from './config.js';
import { sameToken, type Operator } from './session.js';

export type SignInResult = { ok: true; operator: Operator } | { ok: false; message: string };

export interface SignInRequest {
  token?: string;
  id_token?: string;
}

type OidcConfig = NonNullable<DashboardConfig['oidc']>;

function oidcVerifier(cfg: OidcConfig): (idToken: string) => Promise<SignInResult> {
  const jwks = cfg.jwks_file !== undefined ? createLocalJWKSet(loadJwks(cfg.jwks_file, 'gateway.dashboard.oidc.jwks_file')) : createRemoteJWKSet(new URL(cfg.jwks_url ?? ''));
  return async (idToken) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, jwks, { issuer: cfg.issuer, audience: cfg.audience, requiredClaims: ['exp', 'sub'] }));
    } catch (err) {
      const reason = err instanceof errors.JWTExpired ? 'token expired' : err instanceof errors.JOSEError ? err.message : 'token could not be verified';
      return { ok: false, message: `Invalid ID token: ${reason}.` };
    }
    const named = claim(payload, cfg.name_claim);
    const name = typeof named === 'string' && named.length > 0 ? named : String(payload.sub);
    if (stringList(claim(payload, cfg.roles_claim), []).includes(cfg.admin_role)) return { ok: true, operator: { name, tenant: null, via: 'oidc' } };
    const tenant = claim(payload, cfg.tenant_claim);
    if (typeof tenant === 'string' && tenant.length > 0) return { ok: true, operator: { name, tenant, via: 'oidc' } };
    return { ok: false, message: `ID token has neither the "${cfg.admin_role}" role nor a "${cfg.tenant_claim}" claim.` };
  };
}

export function createSignIn(cfg: DashboardConfig, adminTokenEnv: string, env: NodeJS.ProcessEnv = process.env): (req: SignInRequest) => Promise<SignInResult> {
  const oidc = cfg.oidc === undefined ? undefined : oidcVerifier(cfg.oidc);
  const wrong: SignInResult = { ok: false, message: 'Wrong token.' };
  return async (req) => {
    if (req.id_token !== undefined) return oidc === undefined ? { ok: false, message: 'OIDC sign-in is not configured (gateway.dashboard.oidc).' } : oidc(req.id_token);
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
