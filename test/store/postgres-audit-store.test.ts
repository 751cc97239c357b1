import { afterAll, describe, expect, it } from 'vitest';
import { auditStoreContract, type AuditStoreHarness } from '../gateway/audit/audit-store-contract.js';
import { makeEntry } from '../gateway/audit/fixtures.js';
import { createPostgresAuditStore, type PostgresAuditOptions } from '../../src/store/postgres-audit.js';
import type { PostgresHandle } from '../../src/store/postgres-connect.js';
import { dropSchema, noPostgres, openMigrated, schemaName } from '../helpers/postgres.js';

const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas.splice(0)) await dropSchema(s);
});

async function harness(opts: PostgresAuditOptions = {}): Promise<AuditStoreHarness & { pg: PostgresHandle }> {
  const schema = schemaName('audit');
  schemas.push(schema);
  const handle = await openMigrated(schema);
  const sql = (text: string, params: unknown[]) => handle.pool.query(text, params).then(() => undefined);
  return {
    pg: handle,
    async open() {
      return createPostgresAuditStore(handle.pool, opts);
    },
    tamper: {
      setEntryField: (seq, field, value) =>
        sql(`UPDATE audit SET entry = jsonb_set(entry::jsonb, $2::text[], $3::jsonb)::text WHERE seq = $1`, [seq, [field], JSON.stringify(value)]),
      deleteSeq: (seq) => sql('DELETE FROM audit WHERE seq = $1', [seq]),
      swapSeq: async (a, b) => {
        await sql('UPDATE audit SET seq = -1 WHERE seq = $1', [a]);
        await sql('UPDATE audit SET seq = $1 WHERE seq = $2', [a, b]);
        await sql('UPDATE audit SET seq = $1 WHERE seq = -1', [b]);
      },
    },
    async dispose() {
      await handle.close();
    },
  };
}

describe.skipIf(noPostgres)('postgres audit store', () => {
  auditStoreContract('postgres', () => harness());
  auditStoreContract('postgres + hmac', () => harness({ hmacKey: 'test-hmac-key-0123456789' }));

  it('keeps one intact chain when many stores (replicas) append at once', async () => {
    const h = await harness();
    const stores = await Promise.all([1, 2, 3, 4].map(() => h.open()));
    await Promise.all(stores.flatMap((s, r) => Array.from({ length: 150 }, (_, i) => s.append(makeEntry(r * 1000 + i + 1)))));
    const report = await stores[0]!.verify();
    expect(report).toEqual({ ok: true, checked: 600, altered: [], removed: [], reordered: [] });
    expect((await stores[1]!.head()).count).toBe(600);
    for (const s of stores) await s.close();
    await h.dispose();
  });

  it('reports removal of the newest records (the head row remembers the highest seq issued)', async () => {
    const h = await harness();
    const store = await h.open();
    await Promise.all([1, 2, 3, 4].map((i) => store.append(makeEntry(i))));
    await h.pg.pool.query('DELETE FROM audit WHERE seq >= 3');
    expect(await store.verify()).toMatchObject({ ok: false, removed: [3, 4] });
    await store.close();
    await h.dispose();
  });

  it('refuses to extend an HMAC chain without the key, and checks an expected head', async () => {
    const h = await harness({ hmacKey: 'k1-0123456789abcdef' });
    const store = await h.open();
    const recs = await Promise.all([1, 2, 3].map((i) => store.append(makeEntry(i))));
    await store.close();
    const plain = createPostgresAuditStore(h.pg.pool);
    await expect(plain.append(makeEntry(4))).rejects.toThrow(/HMAC-chained/);
    await expect(plain.verify()).rejects.toThrow(/HMAC-chained/);
    await plain.close();
    const keyed = createPostgresAuditStore(h.pg.pool, { hmacKey: 'k1-0123456789abcdef' });
    expect((await keyed.verify({ count: 3, head: recs[2]!.hash })).ok).toBe(true);
    expect(await keyed.verify({ count: 5 })).toMatchObject({ ok: false, witness: { failures: [expect.objectContaining({ problem: expect.stringMatching(/truncated/) })] } });
    await keyed.close();
    await h.dispose();
  });
});
