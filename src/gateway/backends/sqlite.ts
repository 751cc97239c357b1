/**
 * The embedded SQLite backend: keys, kill switches, usage and approvals in `<data_dir>/warden.db`, the audit log in
 * `<data_dir>/audit.db`, limiter state in memory (one gateway process per data dir).
 */
import { join, resolve } from 'node:path';
import type { AuditStore } from '../../spec/gateway.js';
import { AUDIT_DB_FILE, openDatabase, type SqliteDb } from '../../store/sqlite.js';
import { createSqliteKeyStore } from '../../store/sqlite-keys.js';
import { createSqliteKillSwitchStore } from '../../store/sqlite-kill-switches.js';
import { createSqliteUsageStore } from '../../store/sqlite-usage.js';
import { createSqliteApprovalStore } from '../../store/sqlite-approvals.js';
import { createSqliteReviewStore } from '../../store/sqlite-review.js';
import { createSqliteAuditStore } from '../../store/sqlite-audit.js';
import { createWorkerAuditStore } from '../../store/audit-worker.js';
import { migrateLegacyAudit } from '../../store/audit-migrate.js';
import { CHECKPOINT_FILE } from '../../store/audit-checkpoints.js';
import type { CheckpointSettings } from '../../store/audit-witness.js';
import { withFields } from '../../core/objects.js';
import type { ServicesConfig } from '../config.js';
import { loadPepper } from '../identity/keys.js';
import { createMemoryLimitStore } from '../../store/memory-limits.js';
import type { GatewayBackends, StateStores } from './types.js';

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

/** Opens `<dataDir>/warden.db` (keys, kill switches, budgets, approvals, the review queue); the gateway and the CLI share it so they see one state. */
export function openSqliteStores(dataDir: string): StateStores & { db: SqliteDb } {
  const dir = resolve(dataDir);
  const db = openDatabase(dir);
  try {
    const stores = {
      pepper: loadPepper(dir),
      keys: createSqliteKeyStore(db),
      killStore: createSqliteKillSwitchStore(db),
      usage: createSqliteUsageStore(db),
      approvals: createSqliteApprovalStore(db),
      review: createSqliteReviewStore(db),
    };
    return withFields(stores, {
      db,
      close: () => {
        db.close();
      },
    });
  } catch (err) {
    db.close();
    throw err;
  }
}

export interface Stores extends StateStores {
  db: SqliteDb;
  audit: AuditStore;
}

/** Every store, the audit log in this thread (`<dataDir>/audit.db`): for the CLI. */
export function openStores(dataDir: string, audit: { hmacKey?: string; checkpoints?: CheckpointSettings } = {}): Stores {
  const dir = resolve(dataDir);
  const state = openSqliteStores(dir);
  try {
    migrateLegacyAudit(dir);
    return withFields(state, { audit: createSqliteAuditStore(openDatabase(dir, AUDIT_DB_FILE), withFields(audit, { ownsDb: true })) });
  } catch (err) {
    state.close();
    throw err;
  }
}

/** The gateway's backends: the state stores, in-memory limiter state, and the audit log written by a worker thread. */
export async function openSqliteBackends(cfg: ServicesConfig, dataDir: string): Promise<GatewayBackends> {
  const hmacKey = auditHmacKey(cfg.audit.hmac_key_env);
  const dir = resolve(dataDir);
  const stores = openSqliteStores(dir);
  try {
    migrateLegacyAudit(dir);
    const audit = await createWorkerAuditStore(join(dir, AUDIT_DB_FILE), {
      hmacKey,
      redactAtRest: cfg.audit.redact_at_rest,
      checkpoints: withFields(checkpointSettings(cfg.audit, dir), { checkOnOpen: true }),
    });
    return { stores, limits: createMemoryLimitStore(), audit };
  } catch (err) {
    stores.close();
    throw err;
  }
}
