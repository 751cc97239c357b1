/**
 * Narrow storage interfaces for the gateway's state besides audit (audit's is AuditStore in spec).
 * SQLite implements them today; PostgreSQL/Redis implementations must satisfy the same contracts.
 */

/** Per-key limits that override gateway.limits.per_key for this key. */
export interface KeyLimits {
  requests_per_minute?: number;
  tokens_per_day?: number;
  tokens_per_month?: number;
  cost_usd_per_day?: number;
  cost_usd_per_month?: number;
  max_concurrency?: number;
}

/** A virtual API key as stored: never the secret, only its peppered hash. */
export interface VirtualKeyRecord {
  /** Public id: the first characters of the key's random part, used for O(1) lookup. */
  id: string;
  /** Hex HMAC-SHA256(pepper, full key). */
  hash: string;
  name: string | null;
  tenant: string;
  roles: string[];
  /** `['*']` for all. */
  models: string[];
  /** `['*']` for all. */
  tools: string[];
  trustUserHeader: boolean;
  /** Overrides of the configured per-key limits; null for none. */
  limits: KeyLimits | null;
  /** ISO-8601. */
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface KeyStore {
  /** Fails when the id already exists. */
  insert(key: VirtualKeyRecord): Promise<void>;
  get(id: string): Promise<VirtualKeyRecord | undefined>;
  list(filter?: { tenant?: string }): Promise<VirtualKeyRecord[]>;
  /** Marks the key revoked; false when it does not exist or is already revoked. */
  revoke(id: string, at: Date): Promise<boolean>;
}

export type KillScope = 'global' | 'tenant' | 'key' | 'model' | 'tool';
export const KILL_SCOPES: readonly KillScope[] = ['global', 'tenant', 'key', 'model', 'tool'];

export interface KillSwitch {
  scope: KillScope;
  /** `*` for the global switch. */
  id: string;
  reason: string | null;
  createdAt: string;
}

export interface KillSwitchStore {
  list(): Promise<KillSwitch[]>;
  /** Sets (or updates the reason of) a switch. */
  set(scope: KillScope, id: string, reason: string | null, at: Date): Promise<KillSwitch>;
  /** False when no such switch was set. */
  clear(scope: KillScope, id: string): Promise<boolean>;
  /** Opaque value that changes whenever any process may have changed the switches; cheap to call per request. */
  revision(): Promise<string>;
}

export type UsageScope = 'key' | 'tenant';

export interface UsageTotals {
  tokens: number;
  costUsd: number;
}

/** Persistent token and cost counters per scope and period (`d:2025-01-31`, `m:2025-01`). */
export interface UsageStore {
  get(scope: UsageScope, id: string, period: string): Promise<UsageTotals>;
  add(scope: UsageScope, id: string, periods: readonly string[], tokens: number, costUsd: number): Promise<void>;
  /** Persists buffered counts; called on shutdown. */
  flush(): Promise<void>;
}

/**
 * Short-lived values every replica must see (dashboard sessions, OIDC sign-ins in flight, alert cooldowns): Redis
 * under `gateway.cache` (redis-ephemeral.ts), else this process's memory (memory-ephemeral.ts). Values expire by
 * themselves after their TTL.
 */
export interface EphemeralStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets `key` only when it is absent: true for the one caller (on any replica) that set it. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Reads and deletes `key` in one step, so a value is taken once. */
  take(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
}
