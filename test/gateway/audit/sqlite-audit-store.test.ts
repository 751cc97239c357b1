import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteAuditStore, type SqliteAuditOptions } from '../../../src/store/sqlite-audit.js';
import { openFile } from '../../../src/store/sqlite.js';
import { createAtRestRedactor } from '../../../src/audit/redact-at-rest.js';
import { createDetectorRedactor } from '../../../src/audit/detector-redactor.js';
import { canonicalJson } from '../../../src/audit/canonical-json.js';
import { createHasher } from '../../../src/audit/chain.js';
import { auditStoreContract, type AuditStoreHarness } from './audit-store-contract.js';
import { makeEntry } from './fixtures.js';

function harness(opts: SqliteAuditOptions = {}): AuditStoreHarness & { file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-audit-'));
  const file = join(dir, 'warden.db');
  // The attacker: a second connection writing the file directly.
  const raw = () => new Database(file);
  const exec = (fn: (db: Database.Database) => void) => {
    const db = raw();
    try {
      fn(db);
    } finally {
      db.close();
    }
  };
  return {
    file,
    async open() {
      return createSqliteAuditStore(openFile(file), { ...opts, ownsDb: true });
    },
    tamper: {
      async setEntryField(seq, field, value) {
        exec((db) => db.prepare(`UPDATE audit SET entry = json_set(entry, ?, json(?)) WHERE seq = ?`).run(`$.${field}`, JSON.stringify(value), seq));
      },
      async deleteSeq(seq) {
        exec((db) => db.prepare('DELETE FROM audit WHERE seq = ?').run(seq));
      },
      async swapSeq(a, b) {
        exec((db) =>
          db.transaction(() => {
            db.prepare('UPDATE audit SET seq = -1 WHERE seq = ?').run(a);
            db.prepare('UPDATE audit SET seq = ? WHERE seq = ?').run(a, b);
            db.prepare('UPDATE audit SET seq = ? WHERE seq = -1').run(b);
          })(),
        );
      },
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

auditStoreContract('sqlite', async () => harness());
auditStoreContract('sqlite + hmac', async () => harness({ hmacKey: 'test-hmac-key-0123456789' }));

describe('sqlite audit store specifics', () => {
  it('flags a denormalised column changed behind the body (tenant) as altered', async () => {
    const h = harness();
    const store = await h.open();
    await Promise.all([1, 2, 3].map((i) => store.append(makeEntry(i))));
    const db = new Database(h.file);
    db.prepare("UPDATE audit SET tenant = 'evil' WHERE seq = 2").run();
    db.close();
    expect(await store.verify()).toMatchObject({ ok: false, altered: [2] });
    await store.close();
    await h.dispose();
  });

  it('an HMAC chain cannot be verified or extended without the key, and vice versa', async () => {
    const h = harness({ hmacKey: 'k1-0123456789abcdef' });
    const store = await h.open();
    await store.append(makeEntry(1));
    await store.close();
    const plain = createSqliteAuditStore(openFile(h.file), { ownsDb: true });
    await expect(plain.verify()).rejects.toThrow(/HMAC-chained/);
    await expect(plain.append(makeEntry(2))).rejects.toThrow(/HMAC-chained/);
    await plain.close();
    const wrongKey = createSqliteAuditStore(openFile(h.file), { hmacKey: 'another-key-0123456789', ownsDb: true });
    expect(await wrongKey.verify()).toMatchObject({ ok: false, altered: [1] });
    await wrongKey.close();
    await h.dispose();
  });

  it('catches a record rewritten with a recomputed hash when the chain is HMAC-keyed', async () => {
    const h = harness({ hmacKey: 'secret-key-0123456789' });
    const store = await h.open();
    await Promise.all([1, 2, 3].map((i) => store.append(makeEntry(i))));
    const db = new Database(h.file);
    const row = db.prepare('SELECT entry, prev_hash FROM audit WHERE seq = 2').get() as { entry: string; prev_hash: string };
    const body = canonicalJson({ ...(JSON.parse(row.entry) as object), output: 'rewritten' });
    const forged = createHasher().hash(row.prev_hash, body, 2);
    db.prepare('UPDATE audit SET entry = ?, hash = ? WHERE seq = 2').run(body, forged);
    db.prepare('UPDATE audit SET prev_hash = ? WHERE seq = 3').run(forged);
    db.close();
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.altered).toContain(2);
    await store.close();
    await h.dispose();
  });

  it('redact-at-rest stores PII and secrets replaced, and the chain still verifies', async () => {
    const h = harness({ redact: createAtRestRedactor(createDetectorRedactor()) });
    const store = await h.open();
    const entry = makeEntry(1, {
      request: { messages: [{ role: 'user', content: 'Mail jane.doe@example.com, key AKIAIOSFODNN7EXAMPLE' }], params: { user: 'bob@example.org' } },
      output: 'Call me at jane.doe@example.com',
    });
    const rec = await store.append(entry);
    const stored = await store.get('req-1');
    expect(stored?.request.messages[0]?.content).toBe(rec.request.messages[0]?.content);
    const text = JSON.stringify(stored);
    expect(text).not.toContain('jane.doe@example.com');
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).not.toContain('bob@example.org');
    expect(stored?.request.messages[0]?.content).toContain('[EMAIL_ADDRESS]');
    expect(stored?.output).toContain('[EMAIL_ADDRESS]');
    expect(stored?.request.params).toEqual({ user: '[EMAIL_ADDRESS]' });
    expect(entry.output).toBe('Call me at jane.doe@example.com');
    expect((await store.verify()).ok).toBe(true);
    await store.close();
    await h.dispose();
  });
});
