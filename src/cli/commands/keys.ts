/** `warden keys create|list|revoke`: virtual API keys in the gateway's database (the running gateway sees changes on its next request). */
import type { Command } from 'commander';
import { createVirtualKey, publicKey, type PublicKey } from '../../gateway/identity/key-admin.js';
import { parseExpiry } from '../../gateway/identity/keys.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';
import { auditChange, withStateOptions, withStores, type StateOptions } from '../state.js';

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
