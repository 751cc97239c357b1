/** What a storage backend hands the gateway: the narrow store interfaces, nothing about how they are kept. */
import type { ApprovalEvents, ApprovalStore } from '../../spec/approvals.js';
import type { ReviewStore } from '../../spec/review.js';
import type { AuditStore } from '../../spec/gateway.js';
import type { EphemeralStore, KeyStore, KillSwitchStore, UsageStore } from '../../store/interfaces.js';
import type { LimitStore } from '../../store/memory-limits.js';
import type { CacheHealth } from '../../store/redis-health.js';
import type { BreakerSharing } from '../../core/breaker.js';

/** Keys, kill switches, usage and approvals, shared by the gateway and the CLI so they see one state. */
export interface StateStores {
  /** Secret mixed into every key hash; from WARDEN_KEY_PEPPER or the backend's own keeping. */
  pepper: string;
  keys: KeyStore;
  killStore: KillSwitchStore;
  usage: UsageStore;
  /** Pending and decided tool-call approvals. */
  approvals: ApprovalStore;
  /** The human review queue (monitor-mode and low-confidence verdicts, user feedback). */
  review: ReviewStore;
  /** Releases the connection; pending usage must be flushed first (usage.flush()), the audit store closed first. */
  close(): void | Promise<void>;
}

/** Everything createGatewayServices needs from storage; the services own these once given them. */
export interface GatewayBackends {
  stores: StateStores;
  /** Short-lived limiter state: request rates and concurrency slots. */
  limits: LimitStore;
  audit: AuditStore;
  /** Wakes approval waiters on every replica (gateway.cache); in-process when absent. */
  approvalEvents?: ApprovalEvents;
  /** Opens and closes upstream and tool circuits on every replica at once (gateway.cache); absent: each process its own. */
  breakerSharing?: BreakerSharing;
  /** Reachability and outage counters of the Redis cache, for metrics; absent without gateway.cache. */
  cacheHealth?: CacheHealth;
  /** Dashboard sessions and alert cooldowns shared by the replicas (gateway.cache); absent: this process's memory. */
  ephemeral?: EphemeralStore;
}
