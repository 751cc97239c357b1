import { timingSafeEqual } from 'node:crypto';
import type { Identity } from '../../spec/gateway.js';
import type { KeyLimits, KeyStore } from '../../store/interfaces.js';
import { hashKey, hashesEqual, keyIdOf, KEY_PREFIX } from './keys.js';
import type { JwtResult } from './jwt.js';
import { withFields } from '../../core/objects.js';
import { refusal, type ErrorCode, type Refusal } from '../errors.js';

export type Headers = Record<string, string | string[] | undefined>;

export type AuthResult =
  | { ok: true; identity: Identity; limits?: KeyLimits }
  | Refusal;

export interface AuthenticatorDeps {
  keys: KeyStore;
  pepper: string;
  /** Present when gateway.auth.jwt is configured. */
  verifyJwt?: (token: string) => Promise<JwtResult>;
  /** Trial mode: this key is accepted as tenant `default`. */
  openKey?: string;
  /** Lower-case header name carrying the end-user id. */
  userHeader: string;
  now: () => number;
}

const MAX_USER_ID = 256;
const JWT_SHAPE = /^[A-Za-z0-9_-]{1,8192}\.[A-Za-z0-9_-]{1,65536}\.[A-Za-z0-9_-]{0,8192}$/;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The presented credential: `Authorization: Bearer X` first, then `x-api-key: X`. */
export function credentialOf(headers: Headers): string | undefined {
  const auth = header(headers, 'authorization');
  if (auth !== undefined) {
    const m = /^Bearer[ \t]{1,16}(\S{1,16384})[ \t]{0,16}$/i.exec(auth);
    if (m) return m[1];
  }
  const apiKey = header(headers, 'x-api-key')?.trim();
  return apiKey ? apiKey : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type AuthFailure = Extract<ErrorCode, 'missing_api_key' | 'invalid_api_key' | 'invalid_token' | 'key_revoked' | 'key_expired'>;
const fail = (code: AuthFailure, message: string): AuthResult => refusal(code, message);

/** Resolves who is calling: open-mode key, virtual key, or JWT; then applies a trusted end-user header. */
export function createAuthenticator(deps: AuthenticatorDeps): (headers: Headers) => Promise<AuthResult> {
  const withUser = (identity: Identity, headers: Headers): Identity => {
    if (!identity.trustUserHeader) return identity;
    const user = header(headers, deps.userHeader)?.trim();
    return user ? withFields(identity, { userId: user.slice(0, MAX_USER_ID), userIdSource: 'header' }) : identity;
  };
  return async (headers) => {
    const cred = credentialOf(headers);
    if (cred === undefined) {
      return fail('missing_api_key', 'Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>".');
    }
    if (deps.openKey !== undefined && safeEqual(cred, deps.openKey)) {
      const identity: Identity = {
        keyId: 'open',
        tenant: 'default',
        roles: [],
        models: ['*'],
        tools: ['*'],
        trustUserHeader: true,
        authMethod: 'open',
      };
      return { ok: true, identity: withUser(identity, headers) };
    }
    if (cred.startsWith(KEY_PREFIX)) {
      const id = keyIdOf(cred);
      // Hash before the lookup so an unknown id and a wrong secret take the same time.
      const presented = hashKey(deps.pepper, cred);
      const rec = id === undefined ? undefined : await deps.keys.get(id);
      if (!rec || !hashesEqual(rec.hash, presented)) {
        return fail('invalid_api_key', 'Invalid API key: no such Warden key. Create one with "warden keys create".');
      }
      if (rec.revokedAt !== null) return fail('key_revoked', `API key ${rec.id} was revoked at ${rec.revokedAt}.`);
      if (rec.expiresAt !== null && Date.parse(rec.expiresAt) <= deps.now()) {
        return fail('key_expired', `API key ${rec.id} expired at ${rec.expiresAt}.`);
      }
      const identity: Identity = {
        keyId: rec.id,
        tenant: rec.tenant,
        roles: rec.roles,
        models: rec.models,
        tools: rec.tools,
        trustUserHeader: rec.trustUserHeader,
        authMethod: 'api-key',
      };
      return { ok: true, identity: withUser(identity, headers), ...(rec.limits ? { limits: rec.limits } : {}) };
    }
    if (deps.verifyJwt !== undefined && JWT_SHAPE.test(cred)) {
      const r = await deps.verifyJwt(cred);
      return r.ok ? { ok: true, identity: r.identity } : fail('invalid_token', r.message);
    }
    return fail('invalid_api_key', 'Invalid API key: expected a Warden key (wdn_...)' + (deps.verifyJwt ? ' or a signed JWT.' : '.'));
  };
}

/** True when the identity's model scope includes the model (or is `*`). */
export function scopeAllows(scope: readonly string[], name: string): boolean {
  return scope.includes('*') || scope.includes(name);
}
