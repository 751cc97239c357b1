/** The gateway state the keys, kill and audit commands work on: which data dir, its stores, the audit HMAC key. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DB_FILE } from '../store/sqlite.js';
import { gatewaySectionSchema, type GatewayConfig } from '../gateway/config.js';
import { auditHmacKey, checkpointSettings, openStores } from '../gateway/backends/sqlite.js';
import { openPostgresStores } from '../gateway/backends/postgres.js';
import type { StateStores } from '../gateway/backends/types.js';
import type { AuditStore } from '../spec/gateway.js';
import type { CheckpointSettings } from '../store/audit-witness.js';
import { cliChangeEntry } from '../gateway/admin-audit.js';
import type { CacheConfig } from '../gateway/backends/redis-cache.js';
import { openRedisKillStore } from '../gateway/backends/redis-kill-store.js';
import { err } from './io.js';
import { loadCliPolicy, reportPolicyError } from './load-policy.js';

export interface StateOptions {
  dataDir?: string;
  config?: string;
  hmacKeyEnv?: string;
  checkpoints?: string;
  store?: string;
}

/** What the commands work on, whichever backend holds it. */
export interface Stores extends StateStores {
  audit: AuditStore;
}

/** Adds --data-dir / --config, shared by the keys, kill and audit commands. */
export function withStateOptions(cmd: Command): Command {
  return cmd
    .option('-d, --data-dir <dir>', 'gateway data directory holding warden.db (default: gateway.data_dir of --config, else ./data)')
    .option('-c, --config <file>', 'warden.yaml whose gateway section names the data dir and audit settings')
    .option('--hmac-key-env <name>', 'env var holding the audit HMAC key (default: gateway.audit.hmac_key_env of --config)')
    .option('--checkpoints <file>', 'audit checkpoint file (default: gateway.audit.checkpoint_file of --config, else <data dir>/audit.checkpoints)')
    .option('--store <url>', 'PostgreSQL URL of a shared store (default: gateway.store of --config); needs WARDEN_KEY_PEPPER');
}

/**
 * Appends an operator change to the audit log. The change itself is already committed, so a failure
 * (typically an HMAC-chained log without the key) is reported as a warning, not an error.
 */
export async function auditChange(s: Stores, route: string, change: Record<string, unknown>): Promise<void> {
  try {
    await s.audit.append(cliChangeEntry(`cli-${randomUUID()}`, route, change, new Date()));
  } catch (e) {
    err(`warning: change applied but not written to the audit log: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Resolves the data dir and, when `withHmac` (verifying and recording changes), the audit HMAC key from the
 * flags; throws (exit 2) on a bad config or a named but unset key variable.
 */
function resolveState(opts: StateOptions, withHmac = false): ResolvedState {
  let dataDir = opts.dataDir;
  let hmacEnv = opts.hmacKeyEnv;
  let gateway = gatewaySectionSchema.parse({});
  if (opts.config !== undefined) {
    try {
      gateway = gatewaySectionSchema.parse(loadCliPolicy(opts.config).sections['gateway'] ?? {});
    } catch (e) {
      if (reportPolicyError(e)) throw new Error(`cannot use --config ${opts.config}: fix the errors above`, { cause: e });
      throw e;
    }
    dataDir ??= gateway.data_dir;
    hmacEnv ??= gateway.audit.hmac_key_env;
  }
  const { audit } = gateway;
  const dir = resolve(dataDir ?? './data');
  const checkpoints = checkpointSettings({ ...audit, checkpoint_file: opts.checkpoints ?? audit.checkpoint_file }, dir);
  const store = opts.store ?? gateway.store;
  return { dataDir: dir, hmacKey: withHmac ? auditHmacKey(hmacEnv) : undefined, checkpoints, store, stores: gateway.stores, cache: gateway.cache };
}

interface ResolvedState {
  dataDir: string;
  hmacKey?: string;
  checkpoints: CheckpointSettings;
  /** PostgreSQL URL when the state is shared there. */
  store?: string;
  stores: GatewayConfig['stores'];
  /** Redis, where the kill switches live when set (docs/scale-out.md). */
  cache?: CacheConfig;
}

/** The SQLite files of the data dir, or the PostgreSQL store the config (or --store) names. */
async function open(state: ResolvedState, create: boolean): Promise<Stores> {
  if (state.store !== undefined) return openPostgresStores({ store: state.store, stores: state.stores }, { hmacKey: state.hmacKey });
  if (!create && !existsSync(join(state.dataDir, DB_FILE))) {
    throw new Error(`no gateway database at ${join(state.dataDir, DB_FILE)}: pass --data-dir <dir> or --config <warden.yaml>`);
  }
  return openStores(state.dataDir, { hmacKey: state.hmacKey, checkpoints: state.checkpoints });
}

/**
 * Runs fn with the stores of the data dir or of the configured PostgreSQL store. Only commands that create state
 * (`create`) may create the SQLite database; the others fail with a pointer to --data-dir/--config rather than
 * inspect an empty one.
 */
export async function withStores<T>(opts: StateOptions, fn: (s: Stores) => Promise<T>, mode: { hmac?: boolean; create?: boolean } = {}): Promise<T> {
  const state = resolveState(opts, mode.hmac);
  const stores = await open(state, mode.create === true);
  // With gateway.cache the kill switches live in Redis (docs/scale-out.md).
  const redis = state.cache === undefined ? undefined : await openRedisKillStore(state.cache).catch(async (e: unknown) => {
    await stores.audit.close();
    await stores.close();
    throw e;
  });
  try {
    return await fn(redis === undefined ? stores : Object.assign(stores, { killStore: redis.killStore }));
  } finally {
    await stores.usage.flush();
    await stores.audit.close();
    await stores.close();
    await redis?.close();
  }
}
