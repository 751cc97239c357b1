/**
 * Contracts for the gateway's non-audit stores (keys, kill switches, usage counters). SQLite passes them
 * today; a PostgreSQL/Redis implementation must pass the same suites.
 */
import { describe, expect, it } from 'vitest';
import type { KeyStore, KillSwitchStore, UsageStore, VirtualKeyRecord } from '../../../src/store/interfaces.js';
import { killSwitchContract } from './kill-switch-contract.js';

export interface StateStores {
  keys: KeyStore;
  kills: KillSwitchStore;
  usage: UsageStore;
  /** A second handle on the same storage, as another process (the CLI) would have. */
  other(): Promise<{ keys: KeyStore; kills: KillSwitchStore; usage: UsageStore; close(): Promise<void> }>;
  close(): Promise<void>;
}

const key = (id: string, tenant: string, over: Partial<VirtualKeyRecord> = {}): VirtualKeyRecord => ({
  id,
  hash: 'ab'.repeat(32),
  name: null,
  tenant,
  roles: ['dev'],
  models: ['*'],
  tools: ['search'],
  trustUserHeader: false,
  limits: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  ...over,
});

export function stateStoreContract(name: string, open: () => Promise<StateStores>): void {
  describe(`state store contract: ${name}`, () => {
    it('keys: insert, get, list by tenant, revoke once, reject duplicate ids', async () => {
      const s = await open();
      await s.keys.insert(key('a1', 'acme', { name: 'ci', trustUserHeader: true, expiresAt: '2030-01-01T00:00:00.000Z', limits: { requests_per_minute: 5, cost_usd_per_day: 2.5 } }));
      await s.keys.insert(key('g1', 'globex'));
      expect(await s.keys.get('a1')).toEqual(
        key('a1', 'acme', { name: 'ci', trustUserHeader: true, expiresAt: '2030-01-01T00:00:00.000Z', limits: { requests_per_minute: 5, cost_usd_per_day: 2.5 } }),
      );
      expect((await s.keys.get('g1'))?.limits).toBeNull();
      expect(await s.keys.get('zz')).toBeUndefined();
      expect((await s.keys.list({ tenant: 'acme' })).map((k) => k.id)).toEqual(['a1']);
      expect(await s.keys.list()).toHaveLength(2);
      await expect(s.keys.insert(key('a1', 'acme'))).rejects.toThrow();
      expect(await s.keys.revoke('a1', new Date('2025-02-01T00:00:00Z'))).toBe(true);
      expect(await s.keys.revoke('a1', new Date())).toBe(false);
      expect((await s.keys.get('a1'))?.revokedAt).toBe('2025-02-01T00:00:00.000Z');
      await s.close();
    });

    killSwitchContract(open);

    it('usage: adds per period, reads back (also before a flush), persists across handles', async () => {
      const s = await open();
      await s.usage.add('key', 'k1', ['d:2025-01-01', 'm:2025-01'], 100, 0.5);
      await s.usage.add('key', 'k1', ['d:2025-01-01', 'm:2025-01'], 50, 0.25);
      await s.usage.add('key', 'k1', ['d:2025-01-02', 'm:2025-01'], 10, 0);
      expect(await s.usage.get('key', 'k1', 'd:2025-01-01')).toEqual({ tokens: 150, costUsd: 0.75 });
      expect(await s.usage.get('key', 'k1', 'm:2025-01')).toEqual({ tokens: 160, costUsd: 0.75 });
      expect(await s.usage.get('tenant', 'k1', 'm:2025-01')).toEqual({ tokens: 0, costUsd: 0 });
      await s.usage.flush();
      const other = await s.other();
      expect(await other.usage.get('key', 'k1', 'm:2025-01')).toEqual({ tokens: 160, costUsd: 0.75 });
      await other.close();
      await s.close();
    });
  });
}
