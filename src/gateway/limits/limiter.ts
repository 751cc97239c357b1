import type { Identity, TokenUsage } from '../../spec/gateway.js';
import type { KeyLimits, UsageScope, UsageStore } from '../../store/interfaces.js';
import type { LimitStore } from '../../store/memory-limits.js';
import { refusal, type Refusal } from '../errors.js';
import { withFields } from '../../core/objects.js';

interface Budget {
  requests_per_minute?: number;
  tokens_per_day?: number;
  tokens_per_month?: number;
  cost_usd_per_day?: number;
  cost_usd_per_month?: number;
}

export interface LimitsConfig {
  per_key: Budget & { max_concurrency?: number };
  per_tenant: Budget;
  per_user: { requests_per_minute?: number };
  per_ip: { requests_per_minute?: number };
}

export type LimitRejection = Refusal & { retryAfterSec: number };

type LimitCode = 'rate_limited' | 'token_budget_exceeded' | 'cost_cap_exceeded' | 'concurrency_limit';

export type LimitDecision = { ok: true; release: (usage?: TokenUsage) => void } | LimitRejection;

const MINUTE = 60_000;

/** UTC period keys: `d:2025-01-31` and `m:2025-01`, with the seconds until each rolls over. */
export function periodsAt(now: number): { day: string; month: string; dayEndsInSec: number; monthEndsInSec: number } {
  const d = new Date(now);
  const iso = d.toISOString();
  const nextDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return {
    day: `d:${iso.slice(0, 10)}`,
    month: `m:${iso.slice(0, 7)}`,
    dayEndsInSec: Math.ceil((nextDay - now) / 1000),
    monthEndsInSec: Math.ceil((nextMonth - now) / 1000),
  };
}

const reject = (code: LimitCode, message: string, retryAfterMs: number): LimitRejection => {
  const retryAfterSec = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return withFields(refusal(code, message), { retryAfterSec });
};

/**
 * Request-rate limits (per IP, key, tenant, end user), persisted token budgets and cost caps (per key and
 * tenant, per UTC day and month) and per-key concurrency caps. Budgets are checked before the request
 * against usage so far plus the prompt estimate; the actual usage is recorded by release().
 */
export function createLimiter(
  cfg: LimitsConfig,
  deps: { limits: LimitStore; usage: UsageStore; now: () => number; onError: (err: unknown) => void },
) {
  const { limits, usage, onError } = deps;
  const hasBudget = (b: Budget) =>
    b.tokens_per_day !== undefined || b.tokens_per_month !== undefined || b.cost_usd_per_day !== undefined || b.cost_usd_per_month !== undefined;

  async function rate(key: string, limit: number | undefined, label: string, now: number): Promise<LimitRejection | undefined> {
    if (limit === undefined) return undefined;
    const wait = await limits.hit(key, limit, MINUTE, now);
    return wait > 0 ? reject('rate_limited', `Rate limit exceeded for ${label}: ${limit} requests per minute.`, wait) : undefined;
  }

  async function budget(scope: UsageScope, id: string, b: Budget, estimate: number, now: number): Promise<LimitRejection | undefined> {
    if (!hasBudget(b)) return undefined;
    const p = periodsAt(now);
    const checks = [
      { period: p.day, ends: p.dayEndsInSec, tokens: b.tokens_per_day, cost: b.cost_usd_per_day, label: 'daily' },
      { period: p.month, ends: p.monthEndsInSec, tokens: b.tokens_per_month, cost: b.cost_usd_per_month, label: 'monthly' },
    ];
    for (const c of checks) {
      if (c.tokens === undefined && c.cost === undefined) continue;
      const used = await usage.get(scope, id, c.period);
      if (c.tokens !== undefined && used.tokens + estimate > c.tokens) {
        return reject('token_budget_exceeded', `${c.label} token budget of ${scope} ${id} exhausted (${used.tokens}/${c.tokens} tokens used).`, c.ends * 1000);
      }
      if (c.cost !== undefined && used.costUsd >= c.cost) {
        return reject('cost_cap_exceeded', `${c.label} cost cap of ${scope} ${id} reached ($${used.costUsd.toFixed(4)} of $${c.cost}).`, c.ends * 1000);
      }
    }
    return undefined;
  }

  return {
    /** `keyLimits` (from the key record) override the configured per-key limits field by field. */
    async admit(identity: Identity, ip: string, estimatedPromptTokens = 0, keyLimits?: KeyLimits): Promise<LimitDecision> {
      const now = deps.now();
      const perKey = keyLimits ? { ...cfg.per_key, ...keyLimits } : cfg.per_key;
      const rejection =
        (await rate(`ip:${ip}`, cfg.per_ip.requests_per_minute, `IP ${ip}`, now)) ??
        (await rate(`key:${identity.keyId}`, perKey.requests_per_minute, `key ${identity.keyId}`, now)) ??
        (await rate(`tenant:${identity.tenant}`, cfg.per_tenant.requests_per_minute, `tenant ${identity.tenant}`, now)) ??
        (identity.userId === undefined
          ? undefined
          : await rate(`user:${identity.tenant}:${identity.userId}`, cfg.per_user.requests_per_minute, 'this end user', now)) ??
        (await budget('key', identity.keyId, perKey, estimatedPromptTokens, now)) ??
        (await budget('tenant', identity.tenant, cfg.per_tenant, estimatedPromptTokens, now));
      if (rejection) return rejection;
      const max = perKey.max_concurrency;
      const slot = `conc:${identity.keyId}`;
      if (max !== undefined && !(await limits.acquire(slot, max))) {
        return reject('concurrency_limit', `Too many concurrent requests for key ${identity.keyId} (max ${max}).`, 1000);
      }
      let released = false;
      return {
        ok: true,
        release(u) {
          if (released) return;
          released = true;
          if (max !== undefined) limits.release(slot).catch(onError);
          if (!u) return;
          const tokens = u.promptTokens + u.completionTokens;
          const cost = u.costUsd ?? 0;
          if (tokens <= 0 && cost <= 0) return;
          const p = periodsAt(deps.now());
          usage.add('key', identity.keyId, [p.day, p.month], tokens, cost).catch(onError);
          usage.add('tenant', identity.tenant, [p.day, p.month], tokens, cost).catch(onError);
        },
      };
    },
  };
}
