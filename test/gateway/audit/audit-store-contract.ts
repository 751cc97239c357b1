/**
 * Contract every AuditStore implementation must pass (SQLite today, PostgreSQL later). Call
 * `auditStoreContract(name, makeHarness)` from a test file; the harness opens the store on fresh storage
 * and can tamper with the storage directly, as an attacker with database access would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditStore } from '../../../src/spec/gateway.js';
import { makeEntry } from './fixtures.js';

export interface AuditStoreHarness {
  /** Opens a store on the harness's storage; calling it again after close() reopens the same storage. */
  open(): Promise<AuditStore>;
  tamper: {
    /** Rewrites one top-level field of the stored entry without touching its hash. */
    setEntryField(seq: number, field: string, value: unknown): Promise<void>;
    deleteSeq(seq: number): Promise<void>;
    swapSeq(a: number, b: number): Promise<void>;
  };
  dispose(): Promise<void>;
}

export function auditStoreContract(name: string, makeHarness: () => Promise<AuditStoreHarness>): void {
  describe(`AuditStore contract: ${name}`, () => {
    let h: AuditStoreHarness;
    let store: AuditStore;
    beforeEach(async () => {
      h = await makeHarness();
      store = await h.open();
    });
    afterEach(async () => {
      await store.close();
      await h.dispose();
    });
    const fill = (n: number, from = 1) => Promise.all(Array.from({ length: n }, (_, i) => store.append(makeEntry(from + i))));

    it('chains appended records from the genesis hash with contiguous seqs', async () => {
      const recs = await fill(5);
      expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(recs[0]?.prevHash).toBe('0'.repeat(64));
      for (let i = 1; i < recs.length; i++) expect(recs[i]?.prevHash).toBe(recs[i - 1]?.hash);
      expect(new Set(recs.map((r) => r.hash)).size).toBe(5);
      expect(recs[2]?.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('round-trips entries through get and returns undefined for unknown ids', async () => {
      await fill(3);
      const rec = await store.get('req-2');
      expect(rec).toMatchObject({ ...makeEntry(2), seq: 2 });
      expect(await store.get('nope')).toBeUndefined();
    });

    it('queries by tenant, key, action and time, newest first, with a limit', async () => {
      await fill(20);
      const acme = await store.query({ tenant: 'acme' });
      expect(acme).toHaveLength(10);
      expect(acme.every((r) => r.identity?.tenant === 'acme')).toBe(true);
      expect(acme[0]?.seq).toBeGreaterThan(acme[1]?.seq ?? Infinity);
      expect((await store.query({ action: 'block' })).map((r) => r.requestId).sort()).toEqual(['req-10', 'req-15', 'req-20', 'req-5']);
      expect((await store.query({ keyId: 'key0', tenant: 'globex' })).map((r) => r.requestId).sort()).toEqual(['req-15', 'req-3', 'req-9']);
      const window = await store.query({ since: makeEntry(5).ts, until: makeEntry(8).ts });
      expect(window.map((r) => r.requestId)).toEqual(['req-7', 'req-6', 'req-5']);
      expect(await store.query({ limit: 2 })).toHaveLength(2);
    });

    it('pages a query with the beforeSeq cursor: every record once, newest first, unshifted by appends', async () => {
      await fill(12);
      const seen: number[] = [];
      let page = await store.query({ tenant: 'acme', limit: 4 });
      await store.append(makeEntry(100));
      for (let pages = 0; page.length > 0 && pages < 10; pages++) {
        seen.push(...page.map((r) => r.seq));
        page = await store.query({ tenant: 'acme', limit: 4, beforeSeq: page.at(-1)?.seq });
      }
      const acme = (await store.query({ tenant: 'acme' })).map((r) => r.seq).filter((seq) => seq <= 12);
      expect(seen).toEqual(acme);
      expect(seen).toHaveLength(6);
      expect(await store.query({ beforeSeq: 1 })).toEqual([]);
    });

    it('iterates every record in seq order across pages', async () => {
      await fill(1203);
      let expected = 1;
      for await (const r of store.iterate()) expect(r.seq).toBe(expected++);
      expect(expected).toBe(1204);
      expect((await store.verify()).ok).toBe(true);
    });

    it('verifies an untouched chain', async () => {
      await fill(10);
      expect(await store.verify()).toEqual({ ok: true, checked: 10, altered: [], removed: [], reordered: [] });
    });

    it('stores the quarantined segments in the hashed entry: round-trip, verify, and a changed one is reported', async () => {
      const quarantined = [{ messageIndex: 2, stage: 'tool_result' as const, action: 'neutralise' as const, rules: ['prompt-injection/ignore-previous'] }];
      await store.append(makeEntry(1));
      await store.append(makeEntry(2, { quarantined }));
      expect((await store.get('req-2'))?.quarantined).toEqual(quarantined);
      expect((await store.verify()).ok).toBe(true);
      await h.tamper.setEntryField(2, 'quarantined', []);
      expect(await store.verify()).toMatchObject({ ok: false, altered: [2] });
    });

    it('reports an altered field', async () => {
      await fill(6);
      await h.tamper.setEntryField(3, 'action', 'block');
      await h.tamper.setEntryField(5, 'output', 'nothing to see');
      const r = await store.verify();
      expect(r).toMatchObject({ ok: false, altered: [3, 5], removed: [], reordered: [] });
    });

    it('reports removed records, in the middle and at the end', async () => {
      await fill(8);
      await h.tamper.deleteSeq(4);
      await h.tamper.deleteSeq(8);
      const r = await store.verify();
      expect(r).toMatchObject({ ok: false, checked: 6, altered: [], removed: [4, 8], reordered: [] });
    });

    it('reports reordered records (swapped seqs), adjacent or not', async () => {
      await fill(9);
      await h.tamper.swapSeq(2, 6);
      await h.tamper.swapSeq(8, 9);
      const r = await store.verify();
      expect(r).toMatchObject({ ok: false, altered: [], removed: [], reordered: [2, 6, 8, 9] });
    });

    it('prunes a prefix and stays verifiable, then keeps chaining', async () => {
      await fill(10);
      const pruned = await store.prune(new Date(makeEntry(4).ts));
      expect(pruned).toBe(3);
      expect(await store.get('req-2')).toBeUndefined();
      expect(await store.verify()).toMatchObject({ ok: true, checked: 7 });
      await store.append(makeEntry(11));
      expect(await store.verify()).toMatchObject({ ok: true, checked: 8 });
      expect(await store.prune(new Date(makeEntry(1).ts))).toBe(0);
    });

    it('detects removal of the first record after a prune', async () => {
      await fill(6);
      await store.prune(new Date(makeEntry(3).ts));
      await h.tamper.deleteSeq(3);
      expect(await store.verify()).toMatchObject({ ok: false, removed: [3] });
    });

    it('flushes pending appends on close', async () => {
      const pending = fill(25);
      await store.close();
      await pending;
      store = await h.open();
      expect((await store.query({ limit: 1000 })).length).toBe(25);
      expect((await store.verify()).ok).toBe(true);
    });

    it('rejects appends after close and entries with a bad timestamp', async () => {
      await expect(store.append(makeEntry(1, { ts: 'yesterday' }))).rejects.toThrow(/ISO-8601/);
      await store.close();
      await expect(store.append(makeEntry(1))).rejects.toThrow(/closed/);
      store = await h.open();
    });
  });
}
