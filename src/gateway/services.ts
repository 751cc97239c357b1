/**
 * The seam between serving and identity/audit: one object the server asks "may this request run?"
 * (admit), "may this tool run?" (isToolKilled), and hands every audit record to (audit).
 */
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Admission, AuditStore, Identity } from '../spec/gateway.js';
import type { KeyStore, KillSwitchStore, UsageStore } from '../store/interfaces.js';
import { AUDIT_DB_FILE, openDatabase, type SqliteDb } from '../store/sqlite.js';
import { createSqliteKeyStore } from '../store/sqlite-keys.js';
import { createSqliteKillSwitchStore } from '../store/sqlite-kill-switches.js';
import { createSqliteUsageStore } from '../store/sqlite-usage.js';
import { createSqliteAuditStore } from '../store/sqlite-audit.js';
import { createWorkerAuditStore } from '../store/audit-worker.js';
import { migrateLegacyAudit } from '../store/audit-migrate.js';
import { CHECKPOINT_FILE } from '../store/audit-checkpoints.js';
import { DEFAULT_CHECKPOINT_EVERY_MS, DEFAULT_CHECKPOINT_EVERY_RECORDS, type CheckpointSettings } from '../store/audit-witness.js';
import { createAuthenticator, scopeAllows } from './identity/authenticate.js';
import { createJwtVerifier } from './identity/jwt.js';
import { loadPepper } from './identity/keys.js';
import { createMemoryLimitStore } from './limits/limit-store.js';
import { createLimiter } from './limits/limiter.js';
import { createKillSwitches } from './kill-switches.js';
import { INVALID_MODEL_CHARS } from './model-names.js';
import { registerAdmin } from './admin.js';
import { withFields } from '../core/objects.js';

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

/** Keys under `gateway:` owned by identity & audit: auth, limits, audit, admin. */
export const servicesConfigSchema = z.strictObject({
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
});

export type ServicesConfig = z.infer<typeof servicesConfigSchema>;

export interface AdmitRequest {
  headers: Record<string, string | string[] | undefined>;
  ip: string;
  route: string;
  model?: string;
  /** The model's other names (see modelKillNames): model kill switches on any of them apply. */
  modelNames?: readonly string[];
  estimatedPromptTokens?: number;
}

/** An admission refusal without the identity (see Admission). */
export type Refusal = Omit<Extract<Admission, { ok: false }>, 'identity'>;

export interface GatewayServices {
  /** Auth + kill switches (global/tenant/key/model) + limits. Admission.release(usage) records usage and frees concurrency. */
  admit(req: AdmitRequest): Promise<Admission>;
  /** The refusal when a model kill switch is set on any of `names` (a model chosen after admission, e.g. by routing). */
  modelKilled(model: string, names: readonly string[]): Refusal | undefined;
  /** True when a tool kill switch is set or the caller's key is not scoped to the tool. */
  isToolKilled(identity: Identity, tool: string): boolean;
  audit: AuditStore;
  /** /admin/* with the separate admin credential, and tenant-scoped /v1/audit for `auditor` keys. */
  registerAdminRoutes(app: FastifyInstance): void;
  /** Flushes pending audit records and closes the database. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** Directory holding warden.db and audit.db (default ./data). */
  dataDir: string;
  /** Zero-config trial: this one client key is accepted as tenant `default`. */
  openMode?: { apiKey: string };
  /** Clock in ms, for tests. */
  now?: () => number;
}

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 6 * 3_600_000;

/** Reads the HMAC key named by gateway.audit.hmac_key_env, failing loudly when it is configured but unset. */
export function auditHmacKey(envName: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (envName === undefined) return undefined;
  const key = env[envName];
  if (key === undefined || key.length === 0) {
    throw new Error(`gateway.audit.hmac_key_env is ${envName} but that environment variable is not set`);
  }
  if (key.length < 16) throw new Error(`the audit HMAC key in ${envName} is too short: use at least 16 random characters`);
  return key;
}

/** Where and how often the audit checkpoints are written; a relative checkpoint_file is relative to the working directory. */
export function checkpointSettings(audit: ServicesConfig['audit'], dataDir: string): CheckpointSettings {
  return {
    file: resolve(audit.checkpoint_file ?? join(dataDir, CHECKPOINT_FILE)),
    everyRecords: audit.checkpoint_every_records,
    everyMs: audit.checkpoint_every_seconds * 1000,
  };
}

export interface Stores {
  db: SqliteDb;
  pepper: string;
  keys: KeyStore;
  killStore: KillSwitchStore;
  usage: UsageStore;
  audit: AuditStore;
}

type StateStores = Omit<Stores, 'audit'>;

/** Opens `<dataDir>/warden.db` (keys, kill switches, budgets); the gateway and the CLI share it so they see one state. */
function openStateStores(dir: string): StateStores {
  const db = openDatabase(dir);
  try {
    return { db, pepper: loadPepper(dir), keys: createSqliteKeyStore(db), killStore: createSqliteKillSwitchStore(db), usage: createSqliteUsageStore(db) };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Every store, the audit log in this thread (`<dataDir>/audit.db`): for the CLI. */
export function openStores(dataDir: string, audit: { hmacKey?: string; checkpoints?: CheckpointSettings } = {}): Stores {
  const dir = resolve(dataDir);
  const state = openStateStores(dir);
  try {
    migrateLegacyAudit(dir);
    return withFields(state, { audit: createSqliteAuditStore(openDatabase(dir, AUDIT_DB_FILE), withFields(audit, { ownsDb: true })) });
  } catch (err) {
    state.db.close();
    throw err;
  }
}

function logError(err: unknown): void {
  process.stderr.write(`warden: gateway services: ${err instanceof Error ? err.message : String(err)}\n`);
}

/**
 * Opens the data dir's database and builds admission (auth, kill switches, limits), the audit store
 * (HMAC, redact-at-rest, retention pruning every 6 h) and the admin routes from the gateway config.
 */
export async function createGatewayServices(cfg: ServicesConfig, opts: ServicesOptions): Promise<GatewayServices> {
  const now = opts.now ?? Date.now;
  const hmacKey = auditHmacKey(cfg.audit.hmac_key_env);
  const verifyJwt = cfg.auth.jwt ? createJwtVerifier(cfg.auth.jwt) : undefined;
  const dir = resolve(opts.dataDir);
  const { db, pepper, keys, killStore, usage } = openStateStores(dir);
  const kills = createKillSwitches(killStore);
  let audit: AuditStore;
  try {
    await kills.refresh();
    migrateLegacyAudit(dir);
    audit = await createWorkerAuditStore(join(dir, AUDIT_DB_FILE), {
      hmacKey,
      redactAtRest: cfg.audit.redact_at_rest,
      checkpoints: withFields(checkpointSettings(cfg.audit, dir), { checkOnOpen: true }),
    });
  } catch (err) {
    db.close();
    throw err;
  }
  const authenticate = createAuthenticator({
    keys,
    pepper,
    verifyJwt,
    openKey: opts.openMode?.apiKey,
    userHeader: cfg.auth.user_header.toLowerCase(),
    now,
  });
  const limiter = createLimiter(cfg.limits, { limits: createMemoryLimitStore(), usage, now, onError: logError });

  const retentionDays = cfg.audit.retention_days;
  const prune = () => {
    if (retentionDays === undefined) return;
    audit.prune(new Date(now() - retentionDays * DAY_MS)).catch(logError);
  };
  prune();
  const pruneTimer = retentionDays === undefined ? undefined : setInterval(prune, PRUNE_EVERY_MS);
  pruneTimer?.unref();

  let closed = false;
  return {
    async admit(req): Promise<Admission> {
      const auth = await authenticate(req.headers);
      if (!auth.ok) return auth;
      const { identity } = auth;
      if (req.model !== undefined && INVALID_MODEL_CHARS.test(req.model)) {
        return {
          ok: false,
          status: 400,
          code: 'invalid_model_name',
          type: 'invalid_request_error',
          message: 'Invalid model name: it contains control or invisible formatting characters (tab, NUL, zero-width, bidi...).',
          identity,
        };
      }
      await kills.refresh();
      const killed = kills.check(identity, req.model, req.modelNames);
      if (killed) return { identity, ...killed };
      if (req.model !== undefined && !scopeAllows(identity.models, req.model)) {
        return {
          ok: false,
          status: 403,
          code: 'model_not_allowed',
          type: 'permission_error',
          message: `Key ${identity.keyId} may not use model "${req.model}" (allowed: ${identity.models.join(', ')}).`,
          identity,
        };
      }
      const limit = await limiter.admit(identity, req.ip, req.estimatedPromptTokens, auth.limits);
      if (!limit.ok) return { identity, ...limit };
      return { ok: true, identity, release: limit.release };
    },
    modelKilled: kills.checkModel,
    isToolKilled(identity, tool) {
      return kills.isToolKilled(tool) || !scopeAllows(identity.tools, tool);
    },
    audit,
    registerAdminRoutes(app) {
      registerAdmin(app, { keys, killStore, audit, authenticate, pepper, adminTokenEnv: cfg.admin.token_env, now });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (pruneTimer) clearInterval(pruneTimer);
      await usage.flush();
      await audit.close();
      db.close();
    },
  };
}
