/**
 * createGatewayServices takes its storage as arguments: here the audit log is the in-thread SQLite store
 * (the CLI's) instead of the worker the gateway opens, and the limiter state an in-memory store handed in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBackends, storeBackendOf } from '../../../src/gateway/backends/index.js';
import { openSqliteStores } from '../../../src/gateway/backends/sqlite.js';
import { gatewaySectionSchema } from '../../../src/gateway/config.js';
import { createMemoryLimitStore } from '../../../src/store/memory-limits.js';
import { createGatewayServices, type GatewayServices } from '../../../src/gateway/services.js';
import { createSqliteAuditStore } from '../../../src/store/sqlite-audit.js';
import { AUDIT_DB_FILE, openDatabase } from '../../../src/store/sqlite.js';
import { makeEntry } from '../audit/fixtures.js';
import { bearer, clock, createKey, req, tempDir } from './helpers.js';

describe('gateway services on injected backends', () => {
  let tmp: ReturnType<typeof tempDir>;
  let svc: GatewayServices;
  const c = clock();
  const cfg = gatewaySectionSchema.parse({ limits: { per_key: { requests_per_minute: 2 } } });
  beforeEach(async () => {
    tmp = tempDir();
    const audit = createSqliteAuditStore(openDatabase(tmp.dir, AUDIT_DB_FILE), { ownsDb: true });
    svc = await createGatewayServices(cfg, { stores: openSqliteStores(tmp.dir), limits: createMemoryLimitStore(), audit, now: c.now });
  });
  afterEach(async () => {
    await svc.close();
    tmp.dispose();
  });

  it('admits by the injected key store and limits by the injected limit store', async () => {
    const { key, id } = await createKey(tmp.dir, { tenant: 'acme' });
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ ok: true, identity: { keyId: id, tenant: 'acme' } });
    expect((await svc.admit(req(bearer(key)))).ok).toBe(true);
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ ok: false, status: 429, code: 'rate_limited' });
    expect(await svc.admit(req(bearer('wdn_unknown')))).toMatchObject({ ok: false, status: 401, code: 'invalid_api_key' });
  });

  it('writes audit records to the injected audit store and closes it', async () => {
    await svc.audit.append(makeEntry(1));
    expect((await svc.audit.get(makeEntry(1).requestId))?.seq).toBe(1);
    await svc.close();
    await expect(svc.audit.append(makeEntry(2))).rejects.toThrow();
  });

  it('closes the backends it was given when it cannot start', async () => {
    const stores = openSqliteStores(tmp.dir);
    const audit = createSqliteAuditStore(openDatabase(tmp.dir, AUDIT_DB_FILE), { ownsDb: true });
    const broken = { ...stores, killStore: { ...stores.killStore, revision: () => Promise.reject(new Error('store down')) } };
    await expect(createGatewayServices(cfg, { stores: broken, limits: createMemoryLimitStore(), audit })).rejects.toThrow('store down');
    await expect(audit.append(makeEntry(3))).rejects.toThrow();
    expect(stores.db.open).toBe(false);
  });
});

describe('backend selection', () => {
  it('opens the backend gateway.stores.backend names (sqlite by default) and refuses unknown names', async () => {
    expect(gatewaySectionSchema.parse({}).stores).toEqual({ schema: 'warden', pool_size: 10 });
    expect(storeBackendOf(gatewaySectionSchema.parse({}))).toBe('sqlite');
    expect(gatewaySectionSchema.safeParse({ stores: { backend: 'redis' } }).success).toBe(false);
    const tmp = tempDir();
    try {
      const b = await openBackends(gatewaySectionSchema.parse({}), tmp.dir);
      expect(await b.stores.keys.list({})).toEqual([]);
      expect(await b.limits.hit('k', 1, 60_000, 0)).toBe(0);
      await b.audit.close();
      await b.stores.close();
    } finally {
      tmp.dispose();
    }
  });
});
