/**
 * Storage backends by name (`gateway.stores.backend`): the one registry a Redis or PostgreSQL backend is
 * added to. Each opener returns the store interfaces of backends/types.ts.
 */
import type { ServicesConfig } from '../config.js';
import type { StoreBackendName } from '../config-services.js';
import { createGatewayServices, type GatewayServices, type ServicesOptions } from '../services.js';
import { openSqliteBackends } from './sqlite.js';
import { withRedisCache } from './redis-cache.js';
import type { GatewayBackends } from './types.js';

type OpenBackends = (cfg: ServicesConfig, dataDir: string) => Promise<GatewayBackends>;

const BACKENDS: Readonly<Record<StoreBackendName, OpenBackends>> = {
  sqlite: openSqliteBackends,
};

/** Opens the backend the config selects, with `gateway.cache` (Redis) when set; `dataDir` is where file-based backends keep their files. */
export async function openBackends(cfg: ServicesConfig, dataDir: string): Promise<GatewayBackends> {
  const backends = await BACKENDS[cfg.stores.backend](cfg, dataDir);
  return cfg.cache === undefined ? backends : withRedisCache(backends, cfg.cache);
}

/** Opens the configured backends and builds the services on them. */
export async function openGatewayServices(cfg: ServicesConfig, opts: ServicesOptions & { dataDir: string }): Promise<GatewayServices> {
  const backends = await openBackends(cfg, opts.dataDir);
  return createGatewayServices(cfg, { ...backends, openMode: opts.openMode, now: opts.now });
}
