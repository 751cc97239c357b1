/** What the dashboard's routes are given by the gateway: its stores, policy engine, upstream breakers and audit feed. */
import type { WardenEngine } from '../core/engine.js';
import type { AuditEvents } from '../gateway/audit-events.js';
import type { AdminDeps } from '../gateway/admin.js';
import type { UpstreamEntry } from '../gateway/routes/runtime.js';
import type { EphemeralStore } from '../store/interfaces.js';
import type { DashboardConfig } from './config.js';

export interface DashboardDeps {
  config: DashboardConfig;
  /** Env var of the admin token (gateway.admin.token_env). */
  adminTokenEnv: string;
  admin: AdminDeps;
  warden: WardenEngine;
  upstreams: ReadonlyMap<string, UpstreamEntry>;
  events: AuditEvents;
  /** Where sessions and OIDC sign-ins in flight are kept (Redis under gateway.cache: shared by the replicas). */
  ephemeral: EphemeralStore;
  /** Environment the tokens are read from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}
