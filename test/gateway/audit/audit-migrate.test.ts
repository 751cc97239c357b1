import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores } from '../../../src/gateway/backends/sqlite.js';
import { migrateLegacyAudit } from '../../../src/store/audit-migrate.js';
import { createSqliteAuditStore } from '../../../src/store/sqlite-audit.js';
import { openDatabase } from '../../../src/store/sqlite.js';
import { makeEntry } from './fixtures.js';

/** The layout before audit.db: the audit tables inside warden.db. */
async function legacyDir(dir: string, n: number): Promise<void> {
  const store = createSqliteAuditStore(openDatabase(dir), { ownsDb: true });
  for (let i = 1; i <= n; i++) await store.append(makeEntry(i));
  await store.close();
}

describe('legacy audit migration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves records from warden.db into audit.db on first open, chain intact, and only once', async () => {
    await legacyDir(dir, 4);
    const s = openStores(dir);
    try {
      expect((await s.audit.query({ limit: 10 })).map((r) => r.seq)).toEqual([4, 3, 2, 1]);
      expect(await s.audit.verify()).toMatchObject({ ok: true });
      const legacy = s.db.prepare("SELECT name FROM sqlite_master WHERE name IN ('audit', 'audit_meta')").all();
      expect(legacy).toEqual([]);
      expect((await s.audit.append(makeEntry(5))).seq).toBe(5);
    } finally {
      await s.audit.close();
      s.db.close();
    }
    expect(migrateLegacyAudit(dir)).toBe(0);
  });

  it('keeps the highest issued sequence, so removal of the newest legacy records is still reported', async () => {
    await legacyDir(dir, 3);
    const db = openDatabase(dir);
    db.prepare('DELETE FROM audit WHERE seq = 3').run();
    db.close();
    expect(migrateLegacyAudit(dir)).toBe(2);
    const s = openStores(dir);
    try {
      expect(await s.audit.verify()).toMatchObject({ ok: false, removed: [3] });
    } finally {
      await s.audit.close();
      s.db.close();
    }
  });

  it('refuses to merge two chains and says which files to look at', async () => {
    await legacyDir(dir, 2);
    const fresh = createSqliteAuditStore(openDatabase(dir, 'audit.db'), { ownsDb: true });
    await fresh.append(makeEntry(7));
    await fresh.close();
    expect(() => migrateLegacyAudit(dir)).toThrow(/warden\.db still holds an audit table.*audit\.db already has records/);
  });
});
