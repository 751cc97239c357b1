import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Identity } from '../../spec/gateway.js';

export interface JwtConfig {
  jwks_file?: string;
  jwks_url?: string;
  issuer: string;
  audience: string | string[];
  claims: { tenant: string; user: string; roles: string; models: string; tools: string; groups: string; clearance: string };
  default_tenant?: string;
  max_lifetime_s: number;
}

export type JwtResult = { ok: true; identity: Identity } | { ok: false; message: string };

/** Reads a dotted claim path (`realm_access.roles`) from the payload. */
export function claim(payload: JWTPayload, path: string): unknown {
  let cur: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function stringList(v: unknown, fallback: string[]): string[] {
  if (typeof v === 'string') return v.split(/[ ,]/).filter((s) => s.length > 0);
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string');
  return fallback;
}

/** Reads a JWKS file; `key` names the config key that gave its path, for the error. */
export function loadJwks(file: string, key = 'gateway.auth.jwt.jwks_file'): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${key} ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) {
    throw new Error(`${key} ${file}: not a JWKS (expected {"keys": [...]})`);
  }
  return parsed as JSONWebKeySet;
}

/** Seconds from issue (iat, or now when absent or in the future) to exp; jwtVerify has required exp. */
function lifetimeS(payload: JWTPayload): number {
  const now = Math.floor(Date.now() / 1000);
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  return (payload.exp ?? Number.POSITIVE_INFINITY) - from;
}

/** Verifies bearer JWTs against a JWKS (file or URL) with issuer and audience checks, mapping claims to an Identity. */
export function createJwtVerifier(cfg: JwtConfig): (token: string) => Promise<JwtResult> {
  const jwks = cfg.jwks_file !== undefined ? createLocalJWKSet(loadJwks(cfg.jwks_file)) : createRemoteJWKSet(new URL(cfg.jwks_url ?? ''));
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer: cfg.issuer, audience: cfg.audience, requiredClaims: ['exp'] }));
    } catch (err) {
      const reason =
        err instanceof errors.JWTExpired
          ? 'token expired'
          : err instanceof errors.JOSEError
            ? err.message
            : 'token could not be verified';
      return { ok: false, message: `Invalid bearer token: ${reason}.` };
    }
    const lifetime = lifetimeS(payload);
    if (lifetime > cfg.max_lifetime_s) {
      return { ok: false, message: `Invalid bearer token: valid for ${lifetime} s, longer than gateway.auth.jwt.max_lifetime_s (${cfg.max_lifetime_s} s).` };
    }
    const tenantClaim = claim(payload, cfg.claims.tenant);
    const tenant = typeof tenantClaim === 'string' && tenantClaim.length > 0 ? tenantClaim : cfg.default_tenant;
    if (tenant === undefined) {
      return { ok: false, message: `Invalid bearer token: no "${cfg.claims.tenant}" claim and no gateway.auth.jwt.default_tenant.` };
    }
    const user = claim(payload, cfg.claims.user);
    const clearance = claim(payload, cfg.claims.clearance);
    const sub = typeof payload.sub === 'string' ? payload.sub : typeof user === 'string' ? user : 'unknown';
    return {
      ok: true,
      identity: {
        keyId: `jwt:${sub}`,
        tenant,
        userId: typeof user === 'string' ? user : undefined,
        userIdSource: typeof user === 'string' ? 'token' : undefined,
        roles: stringList(claim(payload, cfg.claims.roles), []),
        groups: stringList(claim(payload, cfg.claims.groups), []),
        clearance: typeof clearance === 'string' && clearance.length > 0 ? clearance : undefined,
        models: stringList(claim(payload, cfg.claims.models), ['*']),
        tools: stringList(claim(payload, cfg.claims.tools), ['*']),
        trustUserHeader: false,
        authMethod: 'jwt',
      },
    };
  };
}
