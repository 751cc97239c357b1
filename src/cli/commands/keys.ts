/** `warden keys create|list|revoke`: virtual API keys in the gateway's database (the running gateway sees changes on its next request). */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DB_FILE } from '../../store/sqlite.js';
import type { Command } from 'commander';
import { gatewaySectionSchema } from '../../gateway/config.js';
import { auditHmacKey, checkpointSettings, openStores, type Stores } from '../../gateway/backends/sqlite.js';
import type { CheckpointSettings } from '../../store/audit-witness.js';
import { cliChangeEntry } from '../../gateway/admin-audit.js';
import { createVirtualKey, publicKey, type PublicKey } from '../../gateway/identity/key-admin.js';
import { parseExpiry } from '../../gateway/identity/keys.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';
import { loadCliPolicy, reportPolicyError } from '../load-policy.js';

export interface StateOptions {
  dataDir?: string;
  config?: string;
  hmacKeyEnv?: string;
  checkpoints?: string;
}

/** Adds --data-dir / --config, shared by the keys, kill and audit commands. */
export function withStateOptions(cmd: Command): Command {
  return cmd
    .option('-d, --data-dir <dir>', 'gateway data directory holding warden.db (default: gateway.data_dir of --config, else ./data)')
    .option('-c, --config <file>', 'warden.yaml whose gateway section names the data dir and audit settings')
    .option('--hmac-key-env <name>', 'env var holding the audit HMAC key (default: gateway.audit.hmac_key_env of --config)')
    .option('--checkpoints <file>', 'audit checkpoint file (default: gateway.audit.checkpoint_file of --config, else <data dir>/audit.checkpoints)');
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
export function resolveState(opts: StateOptions, withHmac = false): { dataDir: string; hmacKey?: string; checkpoints: CheckpointSettings } {
  let dataDir = opts.dataDir;
  let hmacEnv = opts.hmacKeyEnv;
  let audit = gatewaySectionSchema.parse({}).audit;
  if (opts.config !== undefined) {
    let gateway;
    try {
      gateway = gatewaySectionSchema.parse(loadCliPolicy(opts.config).sections['gateway'] ?? {});
    } catch (e) {
      if (reportPolicyError(e)) throw new Error(`cannot use --config ${opts.config}: fix the errors above`, { cause: e });
      throw e;
    }
    dataDir ??= gateway.data_dir;
    hmacEnv ??= gateway.audit.hmac_key_env;
    audit = gateway.audit;
  }
  const dir = resolve(dataDir ?? './data');
  const checkpoints = checkpointSettings({ ...audit, checkpoint_file: opts.checkpoints ?? audit.checkpoint_file }, dir);
  return { dataDir: dir, hmacKey: withHmac ? auditHmacKey(hmacEnv) : undefined, checkpoints };
}

/**
 * Runs fn with the data dir's stores. Only commands that create state (`create`) may create the
 * database; the others fail with a pointer to --data-dir/--config rather than inspect an empty one.
 */
export async function withStores<T>(opts: StateOptions, fn: (s: Stores) => Promise<T>, mode: { hmac?: boolean; create?: boolean } = {}): Promise<T> {
  const state = resolveState(opts, mode.hmac);
  if (!mode.create && !existsSync(join(state.dataDir, DB_FILE))) {
    throw new Error(`no gateway database at ${join(state.dataDir, DB_FILE)}: pass --data-dir <dir> or --config <warden.yaml>`);
  }
  const stores = openStores(state.dataDir, { hmacKey: state.hmacKey, checkpoints: state.checkpoints });
  try {
    return await fn(stores);
  } finally {
    await stores.audit.close();
    stores.db.close();
  }
}

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

function status(k: PublicKey, now: number): string {
  if (k.revokedAt !== null) return 'revoked';
  if (k.expiresAt !== null && Date.parse(k.expiresAt) <= now) return 'expired';
  return 'active';
}

interface CreateOptions extends StateOptions {
  tenant: string;
  role?: string[];
  models?: string[];
  tools?: string[];
  expires?: string;
  trustUserHeader?: boolean;
  name?: string;
  json?: boolean;
  rpm?: number;
  tokensPerDay?: number;
  tokensPerMonth?: number;
  costPerDay?: number;
  costPerMonth?: number;
  maxConcurrency?: number;
}

function positive(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got "${v}"`);
    return n;
  };
}

export const registerKeys: RegisterCommand = (program: Command, setCode) => {
  const keys = program.command('keys').description('manage virtual API keys of the gateway');

  withStateOptions(keys.command('create'))
    .description('create a key; the secret is printed once and only its hash is stored')
    .requiredOption('-t, --tenant <tenant>', 'tenant the key belongs to')
    .option('-r, --role <role>', 'role (repeatable or comma-separated), e.g. auditor', list)
    .option('--models <list>', 'models or aliases the key may use, comma-separated (default: all)', list)
    .option('--tools <list>', 'tools the key may call, comma-separated (default: all)', list)
    .option('--expires <when>', 'expiry: a duration (30d, 12h, 2w) or an ISO-8601 date')
    .option('--trust-user-header', 'trust the end-user id header (x-warden-user) sent with this key')
    .option('-n, --name <name>', 'label shown in listings')
    .option('--rpm <n>', 'requests per minute for this key (overrides gateway.limits.per_key)', positive('--rpm'))
    .option('--tokens-per-day <n>', 'daily token budget for this key', positive('--tokens-per-day'))
    .option('--tokens-per-month <n>', 'monthly token budget for this key', positive('--tokens-per-month'))
    .option('--cost-per-day <usd>', 'daily cost cap in USD for this key', positive('--cost-per-day'))
    .option('--cost-per-month <usd>', 'monthly cost cap in USD for this key', positive('--cost-per-month'))
    .option('--max-concurrency <n>', 'concurrent requests for this key', positive('--max-concurrency'))
    .option('--json', 'print the key and its record as JSON')
    .action(async (opts: CreateOptions) => {
      const now = new Date();
      const expiresAt = opts.expires === undefined ? null : parseExpiry(opts.expires, now);
      const input = {
        tenant: opts.tenant,
        name: opts.name,
        roles: opts.role,
        models: opts.models,
        tools: opts.tools,
        expiresAt,
        trustUserHeader: opts.trustUserHeader,
        limits: {
          requests_per_minute: opts.rpm,
          tokens_per_day: opts.tokensPerDay,
          tokens_per_month: opts.tokensPerMonth,
          cost_usd_per_day: opts.costPerDay,
          cost_usd_per_month: opts.costPerMonth,
          max_concurrency: opts.maxConcurrency,
        },
      };
      const created = await withStores(
        opts,
        async (s) => {
          const c = await createVirtualKey(s.keys, s.pepper, input, now);
          await auditChange(s, 'cli:keys create', { change: 'key.create', key: c.record });
          return c;
        },
        { create: true, hmac: true },
      );
      if (opts.json) {
        printJson(created);
      } else {
        out(created.key);
        err(`Created key ${created.record.id} for tenant ${created.record.tenant}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ''}.`);
        err('This is the only time the key is shown: store it now.');
      }
      setCode(EXIT.ok);
    });

  withStateOptions(keys.command('list'))
    .description('list keys (never their secrets)')
    .option('-t, --tenant <tenant>', 'only this tenant')
    .option('--json', 'print JSON')
    .action(async (opts: StateOptions & { tenant?: string; json?: boolean }) => {
      const rows = await withStores(opts, async (s) => (await s.keys.list({ tenant: opts.tenant })).map(publicKey));
      const now = Date.now();
      if (opts.json) return printJson(rows.map((k) => ({ ...k, status: status(k, now) })));
      if (rows.length === 0) return out('no keys');
      out(['ID', 'TENANT', 'STATUS', 'NAME', 'ROLES', 'MODELS', 'TOOLS', 'EXPIRES', 'LIMITS'].join('\t'));
      for (const k of rows) {
        const limits = k.limits ? Object.entries(k.limits).map(([n, v]) => `${n}=${v}`).join(',') : '-';
        out([k.id, k.tenant, status(k, now), k.name ?? '-', k.roles.join(',') || '-', k.models.join(','), k.tools.join(','), k.expiresAt ?? 'never', limits].join('\t'));
      }
    });

  withStateOptions(keys.command('revoke'))
    .description('revoke a key; requests with it get 401 from the next request on')
    .argument('<id>', 'key id (from keys list)')
    .action(async (id: string, opts: StateOptions) => {
      const ok = await withStores(
        opts,
        async (s) => {
          const revoked = await s.keys.revoke(id, new Date());
          if (revoked) await auditChange(s, 'cli:keys revoke', { change: 'key.revoke', keyId: id });
          return revoked;
        },
        { hmac: true },
      );
      if (ok) {
        out(`revoked ${id}`);
      } else {
        err(`no active key ${id} (unknown or already revoked); see "warden keys list"`);
        setCode(EXIT.blocked);
      }
    });
};
