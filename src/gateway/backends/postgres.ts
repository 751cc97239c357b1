/**
 * The PostgreSQL backend (`gateway.store: postgres://...`): keys, kill switches, usage, approvals and the audit log
 * in one database that every replica and the CLI share, migrated on open. The audit log spools to
 * `<data_dir>/audit-spool.jsonl` while the database is unreachable. Limiter state stays in memory (per replica)
 * unless a cache backend provides it.
 */
import { join, resolve } from 'node:path';
import { openAuditSpool } from '../../store/audit-spool.js';
import { createMemoryLimitStore } from '../../store/memory-limits.js';
import { createPostgresApprovalStore } from '../../store/postgres-approvals.js';
import { createPostgresReviewStore } from '../../store/postgres-review.js';
import { createPostgresAuditStore, type PostgresAuditOptions, type PostgresAuditStore } from '../../store/postgres-audit.js';
import { openPostgres, type PostgresHandle } from '../../store/postgres-connect.js';
import { createPostgresKeyStore } from '../../store/postgres-keys.js';
import { createPostgresKillSwitchStore } from '../../store/postgres-kill-switches.js';
import { migrate } from '../../store/postgres-migrations.js';
import { createPostgresUsageStore } from '../../store/postgres-usage.js';
import type { ServicesConfig } from '../config.js';
import { PEPPER_ENV } from '../identity/keys.js';
import { auditHmacKey } from './sqlite.js';
import type { GatewayBackends, StateStores } from './types.js';

/** File name of the audit spool inside the data dir. */
export const AUDIT_SPOOL_FILE = 'audit-spool.jsonl';

/** Replicas must hash keys with one pepper, and it must not live in the database it protects: it comes from the environment. */
function sharedPepper(env: NodeJS.ProcessEnv): string {
  const pepper = env[PEPPER_ENV];
  if (pepper === undefined || pepper.length === 0) {
    throw new Error(`gateway.store (PostgreSQL) is shared by every replica and the CLI: set ${PEPPER_ENV} to the same secret (16+ characters) for all of them`);
  }
  if (pepper.length < 16) throw new Error(`${PEPPER_ENV} must be at least 16 characters`);
  return pepper;
}

/** Connects to gateway.store and applies the migrations; every failure names the setting. */
export async function openPostgresDatabase(cfg: Pick<ServicesConfig, 'store' | 'stores'>): Promise<PostgresHandle> {
  if (cfg.store === undefined) throw new Error('gateway.stores.backend is postgres but gateway.store (postgres://user@host:5432/db) is not set');
  const handle = await openPostgres({ url: cfg.store, schema: cfg.stores.schema, setting: 'gateway.store', max: cfg.stores.pool_size });
  try {
    await migrate(handle.pool, handle.schema);
    return handle;
  } catch (err) {
    await handle.close();
    throw new Error(`gateway.store: cannot migrate schema ${handle.schema} at ${handle.shown}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export interface PostgresStores extends StateStores {
  audit: PostgresAuditStore;
  pg: PostgresHandle;
}

/** Every store on one pool; `audit` says how the audit log is written (the gateway spools, the CLI does not). */
export async function openPostgresStores(
  cfg: Pick<ServicesConfig, 'store' | 'stores'>,
  audit: PostgresAuditOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PostgresStores> {
  const pepper = sharedPepper(env);
  const pg = await openPostgresDatabase(cfg);
  const usage = createPostgresUsageStore(pg.pool);
  const auditStore = createPostgresAuditStore(pg.pool, audit);
  return {
    pepper,
    keys: createPostgresKeyStore(pg.pool),
    killStore: createPostgresKillSwitchStore(pg.pool),
    usage,
    approvals: createPostgresApprovalStore(pg.pool),
    review: createPostgresReviewStore(pg.pool),
    audit: auditStore,
    pg,
    // The audit store is closed first by its owner (it may still be draining); the pool goes last.
    close: () => pg.close(),
  };
}

/** Loaded on demand: the detectors behind it are not needed by the CLI's store commands. */
async function atRestRedactor() {
  const [{ createAtRestRedactor }, { createDetectorRedactor }] = await Promise.all([import('../../audit/redact-at-rest.js'), import('../../audit/detector-redactor.js')]);
  return createAtRestRedactor(createDetectorRedactor());
}

/** The gateway's backends on PostgreSQL, with the audit spool in the data dir. */
export async function openPostgresBackends(cfg: ServicesConfig, dataDir: string): Promise<GatewayBackends> {
  const hmacKey = auditHmacKey(cfg.audit.hmac_key_env);
  const spool = openAuditSpool(join(resolve(dataDir), AUDIT_SPOOL_FILE));
  let opened: PostgresStores;
  try {
    opened = await openPostgresStores(cfg, {
      hmacKey,
      spool,
      redact: cfg.audit.redact_at_rest ? await atRestRedactor() : undefined,
    });
  } catch (err) {
    spool.close();
    throw err;
  }
  return { stores: opened, limits: createMemoryLimitStore(), audit: opened.audit };
}
