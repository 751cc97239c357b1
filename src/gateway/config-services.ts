/**
 * The identity, limits, audit, admin and storage keys of the `gateway:` section. Plain zod fields that
 * config.ts spreads into the one gateway schema; this module imports no store, so validating a config never
 * loads a database driver.
 */
import { z } from 'zod';
import { DEFAULT_CHECKPOINT_EVERY_MS, DEFAULT_CHECKPOINT_EVERY_RECORDS } from '../audit/checkpoint.js';

const positiveInt = z.number().int().positive();
const positiveNum = z.number().positive();

const rateOnly = z.strictObject({ requests_per_minute: positiveInt.optional() });

const budget = {
  requests_per_minute: positiveInt.optional(),
  tokens_per_day: positiveInt.optional(),
  tokens_per_month: positiveInt.optional(),
  cost_usd_per_day: positiveNum.optional(),
  cost_usd_per_month: positiveNum.optional(),
};

/** 30 days: longer-lived bearer tokens are effectively unrevocable API keys; use virtual keys for that. */
const MAX_JWT_LIFETIME_S = 2_592_000;
const LIFETIME_ERROR = `must be a whole number of seconds from 1 to ${MAX_JWT_LIFETIME_S} (30 days)`;

const jwtSchema = z
  .strictObject({
    jwks_file: z.string().min(1).optional(),
    jwks_url: z.url().optional(),
    issuer: z.string().min(1),
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    claims: z
      .strictObject({
        tenant: z.string().default('tenant'),
        user: z.string().default('sub'),
        roles: z.string().default('roles'),
        models: z.string().default('models'),
        tools: z.string().default('tools'),
        /** Document-ACL groups and classification clearance (docs/retrieval.md). */
        groups: z.string().default('groups'),
        clearance: z.string().default('clearance'),
      })
      .prefault({}),
    /** Tenant for tokens without the tenant claim; without it such tokens are rejected. */
    default_tenant: z.string().min(1).optional(),
    /** Longest validity a token may have (exp - iat, and exp - now); tokens without exp are rejected. */
    max_lifetime_s: z
      .number({ error: LIFETIME_ERROR })
      .int({ error: LIFETIME_ERROR })
      .min(1, { error: LIFETIME_ERROR })
      .max(MAX_JWT_LIFETIME_S, { error: LIFETIME_ERROR })
      .default(86_400),
  })
  .refine((j) => (j.jwks_file === undefined) !== (j.jwks_url === undefined), {
    message: 'gateway.auth.jwt needs exactly one of jwks_file or jwks_url',
  });

/** Store backends `gateway.stores.backend` may name; each has an opener in backends/index.ts. */
export const STORE_BACKENDS = ['sqlite', 'postgres'] as const;
export type StoreBackendName = (typeof STORE_BACKENDS)[number];

/** `gateway.cache`: the Redis shared by replicas for limits, kill switches and events (docs/scale-out.md). */
const cacheSchema = z.strictObject({
  url: z.string().regex(/^rediss?:\/\/./, { error: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0' }),
  /** Env var holding the Redis password (overrides one in the URL, which then needs none). */
  password_env: z.string().min(1).optional(),
  /** Prefix of every key and channel, so several deployments can share one Redis. */
  key_prefix: z.string().min(1).default('warden:'),
  /** While Redis cannot answer: refuse with cache_unavailable, or count on each replica's own limits. */
  on_unavailable: z.enum(['fail_closed', 'degrade']).default('fail_closed'),
  connect_timeout_ms: positiveInt.default(2000),
  /** Generous: a reply waiting behind a busy event loop must not read as an outage. */
  command_timeout_ms: positiveInt.default(2000),
});

/** Keys under `gateway:` owned by identity, limits, audit, admin and storage. */
export const servicesConfigFields = {
  auth: z
    .strictObject({
      jwt: jwtSchema.optional(),
      /** Header carrying the end-user id; trusted only for keys created with --trust-user-header. */
      user_header: z.string().min(1).default('x-warden-user'),
    })
    .prefault({}),
  limits: z
    .strictObject({
      per_key: z.strictObject({ max_concurrency: positiveInt.optional(), ...budget }).prefault({}),
      per_tenant: z.strictObject(budget).prefault({}),
      per_user: rateOnly.prefault({}),
      per_ip: rateOnly.prefault({}),
    })
    .prefault({}),
  audit: z
    .strictObject({
      /** Env var holding the HMAC key; when set the chain uses HMAC-SHA256 instead of SHA-256. */
      hmac_key_env: z.string().min(1).optional(),
      retention_days: positiveInt.optional(),
      /** Store messages and output with PII and secrets replaced; false keeps raw content (docs/audit.md). */
      redact_at_rest: z.boolean().default(true),
      /** Checkpoint file (default `<data_dir>/audit.checkpoints`); best on storage the gateway can only append to. */
      checkpoint_file: z.string().min(1).optional(),
      checkpoint_every_records: positiveInt.default(DEFAULT_CHECKPOINT_EVERY_RECORDS),
      checkpoint_every_seconds: positiveInt.default(DEFAULT_CHECKPOINT_EVERY_MS / 1000),
    })
    .prefault({}),
  admin: z
    .strictObject({
      /** Env var holding the admin bearer token; the admin API answers 403 while it is unset. */
      token_env: z.string().min(1).default('WARDEN_ADMIN_TOKEN'),
    })
    .prefault({}),
  /** Human approval of tool calls (docs/tools.md): how long a request waits, and who hears of it. */
  approvals: z
    .strictObject({
      /** A request not decided within this time expires, which is a deny. */
      timeout_seconds: positiveInt.default(900),
      webhook: z
        .strictObject({
          url: z.url({ protocol: /^https?$/ }),
          timeout_ms: positiveInt.default(5000),
          retries: z.number().int().min(0).max(10).default(3),
          backoff_ms: positiveInt.default(500),
          /** Env var holding the secret that signs each body (`x-warden-signature: sha256=<hex HMAC>`). */
          secret_env: z.string().min(1).optional(),
        })
        .optional(),
    })
    .prefault({}),
  /** `cache: redis://...` (or the object form) puts limits, kill switches and approval events in Redis. */
  cache: z.preprocess((v) => (typeof v === 'string' ? { url: v } : v), cacheSchema).optional(),
  /**
   * PostgreSQL URL (`postgres://user@host:5432/db`; the password may come from PGPASSWORD): keys, kill switches,
   * usage, approvals and the audit log then live there, shared by every replica (docs/scale-out.md).
   */
  store: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, { error: 'must be a postgres:// or postgresql:// URL, e.g. postgres://warden@db:5432/warden' })
    .optional(),
  /** Where keys, kill switches, usage, limiter state and the audit log live: `sqlite` keeps them in data_dir; `store:` selects `postgres`. */
  stores: z
    .strictObject({
      backend: z.enum(STORE_BACKENDS).optional(),
      /** PostgreSQL schema of Warden's tables (created by the migrations on start). */
      schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a lower-case SQL identifier (letters, digits, _)' }).default('warden'),
      /** PostgreSQL connections per replica. */
      pool_size: z.number().int().min(2).max(200).default(10),
    })
    .prefault({}),
};
