/**
 * The `gateway.dashboard` section: sign-in methods (admin token, tenant operators, OIDC), the session cookie,
 * the live feed's bounds and where red-team reports are read from. Imports nothing but zod, so validating a
 * config never loads the dashboard.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();

const operatorSchema = z.strictObject({
  /** Shown in the dashboard and in the audit records of this operator's changes. */
  name: z.string().min(1).max(200),
  /** The one tenant this operator sees and acts on. */
  tenant: z.string().min(1),
  /** Env var holding this operator's sign-in token. */
  token_env: z.string().min(1),
});

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected an environment variable name');

const oidcSchema = z
  .strictObject({
    issuer: z.string().min(1),
    /** Expected `aud` of ID tokens; defaults to `client_id`. */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** Keys that sign ID tokens: a local JWKS file, a JWKS URL, or (neither) the discovery document's `jwks_uri`. */
    jwks_file: z.string().min(1).optional(),
    jwks_url: z.url().optional(),
    /** The browser sign-in (authorization code flow with PKCE): this client's id at the identity provider. */
    client_id: z.string().min(1).optional(),
    /** Env var holding the client secret of a confidential client (sent with HTTP Basic); a public client has none. */
    client_secret_env: envName.optional(),
    /** The callback URL registered at the provider: `<the gateway's public URL>/dashboard/oidc/callback`. */
    redirect_url: z.url({ protocol: /^https?$/ }).optional(),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'expected a scope token')).min(1).default(['openid', 'profile', 'email']),
    /** Defaults to `<issuer>/.well-known/openid-configuration`. */
    discovery_url: z.url({ protocol: /^https?$/ }).optional(),
    /** Claim naming the operator's tenant; a token with it is a tenant-scoped operator. */
    tenant_claim: z.string().min(1).default('tenant'),
    /** Claim holding the operator's roles; `admin_role` among them signs in an operator of every tenant. */
    roles_claim: z.string().min(1).default('roles'),
    admin_role: z.string().min(1).default('warden-admin'),
    /** Claim shown as the operator's name (falls back to `sub`). */
    name_claim: z.string().min(1).default('email'),
  })
  .refine((o) => o.jwks_file === undefined || o.jwks_url === undefined, { message: 'gateway.dashboard.oidc takes at most one of jwks_file or jwks_url' })
  .refine((o) => o.audience !== undefined || o.client_id !== undefined, { message: 'gateway.dashboard.oidc needs audience or client_id (the expected aud of ID tokens)' })
  .refine((o) => (o.client_id === undefined) === (o.redirect_url === undefined), {
    message: 'gateway.dashboard.oidc: the browser sign-in needs both client_id and redirect_url (<public URL>/dashboard/oidc/callback)',
  })
  .refine((o) => o.jwks_file !== undefined || o.jwks_url !== undefined || o.client_id !== undefined, {
    message: 'gateway.dashboard.oidc needs jwks_file or jwks_url, or client_id (keys then come from the discovery document)',
  });

export const dashboardConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /**
     * Demo: when the admin token's env var is unset at start, generate one for this run and print it once
     * (it also opens the admin API). Off by default; warden.example.yaml turns it on.
     */
    generate_admin_token: z.boolean().default(false),
    /** Idle sessions end after this long; every session ends after `session_max_hours`. */
    session_idle_minutes: positiveInt.max(24 * 60).default(30),
    session_max_hours: positiveInt.max(7 * 24).default(12),
    /** Mark the session cookie `Secure`: set it when browsers reach the gateway over https (a TLS proxy). */
    secure_cookie: z.boolean().default(false),
    operators: z.array(operatorSchema).default([]),
    oidc: oidcSchema.optional(),
    /** Directory of `warden redteam` JSON reports (relative to the working directory). */
    reports_dir: z.string().min(1).default('./reports'),
    feed: z
      .strictObject({
        /** Events kept per connected browser while it is slow to read; older ones are dropped. */
        buffer: positiveInt.max(10_000).default(500),
        /** Above this rate per browser the feed samples (one event in N) and says so on screen. */
        max_events_per_second: positiveInt.max(1_000).default(25),
      })
      .prefault({}),
  })
  .prefault({});

export type DashboardConfig = z.infer<typeof dashboardConfigSchema>;
