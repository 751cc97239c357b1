/**
 * Storage backends by name (`gateway.stores.backend`, or `postgres` when `gateway.store` names a database): the
 * one registry a backend is added to. Each opener returns the store interfaces of backends/types.ts.
 */
import type { ServicesConfig } from '../config.js';
import type { StoreBackendName } from '../config-services.js';
import { createGatewayServices, type GatewayServices, type ServicesOptions } from '../services.js';
import { openPostgresBackends } from './postgres.js';
import { openSqliteBackends } from './sqlite.js';
import { withRedisCache } from './redis-cache.js';
import type { GatewayBackends } from './types.js';

type OpenBackends = (cfg: ServicesConfig, dataDir: string) => Promise<GatewayBackends>;

const BACKENDS: Readonly<Record<StoreBackendName, OpenBackends>> = {
  sqlite: openSqliteBackends,
  postgres: openPostgresBackends,
};

/** The backend the config selects: an explicit `stores.backend`, else `postgres` when `store` is set, else `sqlite`. */
export function storeBackendOf(cfg: Pick<ServicesConfig, 'store' | 'stores'>): StoreBackendName {
  return cfg.stores.backend ?? (cfg.store === undefined ? 'sqlite' : 'postgres');
}

/** Opens the backend the config selects, with `gateway.cache` (Redis) when set; `dataDir` is where file-based backends keep their files. */
export async function openBackends(cfg: ServicesConfig, dataDir: string): Promise<GatewayBackends> {
  const backend = storeBackendOf(cfg);
  if (backend === 'sqlite' && cfg.store !== undefined) {
    throw new Error('gateway.store names a PostgreSQL database but gateway.stores.backend is sqlite: remove one of them');
  }
  const backends = await BACKENDS[backend](cfg, dataDir);
  return cfg.cache === undefined ? backends : withRedisCache(backends, cfg.cache);
}

/** Opens the configured backends and builds the services on them. */
export async function openGatewayServices(cfg: ServicesConfig, opts: ServicesOptions & { dataDir: string }): Promise<GatewayServices> {
  const backends = await openBackends(cfg, opts.dataDir);
  return createGatewayServices(cfg, { ...backends, openMode: opts.openMode, now: opts.now, rulePack: opts.rulePack });
}
