/**
 * The dashboard as an OpenID Connect relying party: the provider's discovery document, the authorization request
 * (code flow with PKCE S256, state and nonce), the code exchange at the token endpoint, and ID token verification
 * with jose against the provider's JWKS (signature, iss, aud, exp, sub, and the nonce of a browser sign-in), then
 * the claims mapped to an operator: the admin role opens every tenant, a tenant claim one tenant.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { claim, loadJwks, stringList } from '../gateway/identity/jwt.js';
import type { DashboardConfig } from './config.js';
import { sameToken, type Operator } from './session.js';

export type OidcConfig = NonNullable<DashboardConfig['oidc']>;

export type SignInResult = { ok: true; operator: Operator } | { ok: false; message: string };

/** The fields of the discovery document the code flow uses (OpenID Connect Discovery 1.0, section 3). */
const discoverySchema = z.looseObject({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});
type Discovery = z.infer<typeof discoverySchema>;

const tokenResponse = z.looseObject({ id_token: z.string().min(1) });

/** What the browser sign-in keeps between the redirect and the callback. */
export interface PendingSignIn {
  verifier: string;
  nonce: string;
}

const IDP_TIMEOUT_MS = 10_000;

const random = () => randomBytes(32).toString('base64url');

export class OidcClient {
  private discovered: Promise<Discovery> | undefined;
  private keys: JWTVerifyGetKey | undefined;
  private readonly audience: string | string[];

  constructor(
    private readonly cfg: OidcConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.audience = cfg.audience ?? (cfg.client_id as string);
    if (cfg.jwks_file !== undefined) this.keys = createLocalJWKSet(loadJwks(cfg.jwks_file, 'gateway.dashboard.oidc.jwks_file'));
    else if (cfg.jwks_url !== undefined) this.keys = createRemoteJWKSet(new URL(cfg.jwks_url));
  }

  /** Whether the browser sign-in (code flow) is configured, not only pasted ID tokens. */
  get redirectFlow(): boolean {
    return this.cfg.client_id !== undefined && this.cfg.redirect_url !== undefined;
  }

  /** The provider's discovery document, fetched once (again after a failure). */
  private discovery(): Promise<Discovery> {
    this.discovered ??= this.fetchDiscovery().catch((err: unknown) => {
      this.discovered = undefined;
      throw err;
    });
    return this.discovered;
  }

  private async fetchDiscovery(): Promise<Discovery> {
    const url = this.cfg.discovery_url ?? `${this.cfg.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(IDP_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`discovery document ${url} answered ${res.status}`);
    const parsed = discoverySchema.safeParse(await res.json());
    if (!parsed.success) throw new Error(`discovery document ${url} lacks ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was asked about.
    if (parsed.data.issuer !== this.cfg.issuer) throw new Error(`discovery document names issuer ${parsed.data.issuer}, expected gateway.dashboard.oidc.issuer ${this.cfg.issuer}`);
    return parsed.data;
  }

  private async keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= createRemoteJWKSet(new URL((await this.discovery()).jwks_uri));
    return this.keys;
  }

  /** A new sign-in: the provider URL to send the browser to, the state it comes back with, and what to keep. */
  async authorization(): Promise<{ url: string; state: string; pending: PendingSignIn }> {
    const d = await this.discovery();
    const state = random();
    const pending: PendingSignIn = { verifier: random(), nonce: random() };
    const url = new URL(d.authorization_endpoint);
    const q = url.searchParams;
    q.set('response_type', 'code');
    q.set('client_id', this.cfg.client_id as string);
    q.set('redirect_uri', this.cfg.redirect_url as string);
    q.set('scope', this.cfg.scopes.includes('openid') ? this.cfg.scopes.join(' ') : ['openid', ...this.cfg.scopes].join(' '));
    q.set('state', state);
    q.set('nonce', pending.nonce);
    q.set('code_challenge', createHash('sha256').update(pending.verifier).digest('base64url'));
    q.set('code_challenge_method', 'S256');
    return { url: url.toString(), state, pending };
  }

  /** Trades the authorization code for the ID token at the token endpoint (with the PKCE verifier). */
  async exchange(code: string, pending: PendingSignIn): Promise<string> {
    const d = await this.discovery();
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.cfg.redirect_url as string, code_verifier: pending.verifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const secret = this.cfg.client_secret_env === undefined ? undefined : this.env[this.cfg.client_secret_env];
    if (this.cfg.client_secret_env !== undefined && (secret === undefined || secret === '')) throw new Error(`${this.cfg.client_secret_env} (gateway.dashboard.oidc.client_secret_env) is not set`);
    if (secret === undefined) body.set('client_id', this.cfg.client_id as string);
    // client_secret_basic: both parts form-encoded first (RFC 6749, section 2.3.1).
    else headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.cfg.client_id as string)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    const res = await fetch(d.token_endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(IDP_TIMEOUT_MS) });
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const error = typeof json === 'object' && json !== null && 'error' in json ? String(json.error) : `HTTP ${res.status}`;
      throw new Error(`token endpoint refused the code: ${error}`);
    }
    const parsed = tokenResponse.safeParse(json);
    if (!parsed.success) throw new Error('token endpoint answered without an id_token');
    return parsed.data.id_token;
  }

  /** Verifies an ID token (and its nonce, for a browser sign-in) and maps its claims to an operator. */
  async signIn(idToken: string, nonce?: string): Promise<SignInResult> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, await this.keySet(), { issuer: this.cfg.issuer, audience: this.audience, requiredClaims: ['exp', 'sub'] }));
    } catch (err) {
      const reason = err instanceof errors.JWTExpired ? 'token expired' : err instanceof errors.JOSEError ? err.message : 'token could not be verified';
      return { ok: false, message: `Invalid ID token: ${reason}.` };
    }
    if (nonce !== undefined && (typeof payload.nonce !== 'string' || !sameToken(payload.nonce, nonce))) {
      return { ok: false, message: 'Invalid ID token: its nonce is not the one this sign-in sent (a replayed or injected token).' };
    }
    return this.operatorOf(payload);
  }

  private operatorOf(payload: JWTPayload): SignInResult {
    const cfg = this.cfg;
    const named = claim(payload, cfg.name_claim);
    const name = typeof named === 'string' && named.length > 0 ? named : String(payload.sub);
    if (stringList(claim(payload, cfg.roles_claim), []).includes(cfg.admin_role)) return { ok: true, operator: { name, tenant: null, via: 'oidc' } };
    const tenant = claim(payload, cfg.tenant_claim);
    if (typeof tenant === 'string' && tenant.length > 0) return { ok: true, operator: { name, tenant, via: 'oidc' } };
    return { ok: false, message: `ID token has neither the "${cfg.admin_role}" role nor a "${cfg.tenant_claim}" claim.` };
  }
}
