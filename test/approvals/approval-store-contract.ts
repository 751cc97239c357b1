/** The ApprovalStore contract, written once: every backend (SQLite today, PostgreSQL later) runs it. */
import { describe, expect, it } from 'vitest';
import type { ApprovalRecord, ApprovalStore } from '../../src/spec/approvals.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

export function pending(id: string, over: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id,
    tenant: 'acme',
    requester: { keyId: 'key1', userId: 'alice' },
    tool: 'refund',
    args: '{"amount":50}',
    argsHash: 'h-' + id,
    reason: 'refunds over 20 need a human',
    ruleId: 'tools/refund/large',
    status: 'pending',
    createdAt: iso(0),
    expiresAt: iso(60_000),
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    consumedAt: null,
    ...over,
  };
}

export interface StoreHandle {
  store: ApprovalStore;
  /** A second handle on the same data, as another process (the CLI) would open it. */
  other(): Promise<ApprovalStore>;
}

export function approvalStoreContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`ApprovalStore contract: ${name}`, () => {
    it('stores a request and reads it back whole, from another handle too', async () => {
      const { store, other } = await open();
      const rec = pending('apr_a');
      await store.create(rec);
      expect(await store.get('apr_a')).toEqual(rec);
      expect(await (await other()).get('apr_a')).toEqual(rec);
      await expect(store.create(rec)).rejects.toThrow();
      expect(await store.get('apr_missing')).toBeUndefined();
    });

    it('lists newest first, filtered by status and tenant, up to the limit', async () => {
      const { store } = await open();
      await store.create(pending('apr_1', { createdAt: iso(1) }));
      await store.create(pending('apr_2', { createdAt: iso(2), tenant: 'other' }));
      await store.create(pending('apr_3', { createdAt: iso(3), status: 'denied' }));
      expect((await store.list()).map((r) => r.id)).toEqual(['apr_3', 'apr_2', 'apr_1']);
      expect((await store.list({ status: 'pending' })).map((r) => r.id)).toEqual(['apr_2', 'apr_1']);
      expect((await store.list({ tenant: 'acme' })).map((r) => r.id)).toEqual(['apr_3', 'apr_1']);
      expect((await store.list({ limit: 1 })).map((r) => r.id)).toEqual(['apr_3']);
    });

    it('decides a pending approval once; a second decision and a decision after expiry do nothing', async () => {
      const { store, other } = await open();
      await store.create(pending('apr_d'));
      const by = { name: 'bob', via: 'cli' as const };
      const decided = await store.decide('apr_d', { status: 'approved', by, reason: 'ok', at: new Date(T0 + 1000) });
      expect(decided).toMatchObject({ status: 'approved', decidedBy: by, decisionReason: 'ok', decidedAt: iso(1000) });
      expect(await (await other()).decide('apr_d', { status: 'denied', by, reason: null, at: new Date(T0 + 2000) })).toBeUndefined();
      expect((await store.get('apr_d'))?.status).toBe('approved');
      await store.create(pending('apr_late'));
      expect(await store.decide('apr_late', { status: 'approved', by, reason: null, at: new Date(T0 + 60_000) })).toBeUndefined();
      expect(await store.decide('apr_none', { status: 'approved', by, reason: null, at: new Date(T0) })).toBeUndefined();
    });

    it('expires pending approvals whose time is up, and only those', async () => {
      const { store } = await open();
      await store.create(pending('apr_e1', { expiresAt: iso(10) }));
      await store.create(pending('apr_e2', { expiresAt: iso(20) }));
      await store.create(pending('apr_e3', { expiresAt: iso(5), status: 'approved' }));
      expect(await store.expire(new Date(T0 + 10))).toEqual(['apr_e1']);
      expect(await store.get('apr_e1')).toMatchObject({ status: 'expired', decidedAt: iso(10) });
      expect((await store.get('apr_e2'))?.status).toBe('pending');
      expect((await store.get('apr_e3'))?.status).toBe('approved');
      expect(await store.expire(new Date(T0 + 10))).toEqual([]);
    });

    it('consumes an approved approval once, only with its own hash', async () => {
      const { store } = await open();
      await store.create(pending('apr_c'));
      const at = new Date(T0 + 5);
      expect(await store.consume('apr_c', 'h-apr_c', at)).toBe(false);
      await store.decide('apr_c', { status: 'approved', by: { name: 'bob', via: 'cli' }, reason: null, at });
      expect(await store.consume('apr_c', 'another-hash', at)).toBe(false);
      expect(await store.consume('apr_c', 'h-apr_c', at)).toBe(true);
      expect(await store.consume('apr_c', 'h-apr_c', at)).toBe(false);
      expect((await store.get('apr_c'))?.consumedAt).toBe(iso(5));
    });
  });
}
