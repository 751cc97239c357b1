import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { createSqliteAuditStore, type SqliteAuditOptions } from '../../../src/store/sqlite-audit.js';
import { openFile } from '../../../src/store/sqlite.js';
import { createWorkerAuditStore, type WorkerAuditOptions } from '../../../src/store/audit-worker.js';
import { createAtRestRedactor } from '../../../src/audit/redact-at-rest.js';
import { createDetectorRedactor } from '../../../src/audit/detector-redactor.js';
import { canonicalJson } from '../../../src/audit/canonical-json.js';
import { createHasher } from '../../../src/audit/chain.js';
import { auditStoreContract, type AuditStoreHarness } from './audit-store-contract.js';
import { makeEntry } from './fixtures.js';

/** `worker`: the store the gateway runs, in a worker thread (same file format, same contract). */
function harness(opts: SqliteAuditOptions = {}, worker?: WorkerAuditOptions): AuditStoreHarness & { file: string } {
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
      return worker ? createWorkerAuditStore(file, worker) : createSqliteAuditStore(openFile(file), { ...opts, ownsDb: true });
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
auditStoreContract('sqlite in a worker thread', async () => harness({}, {}));
auditStoreContract('sqlite in a worker thread + hmac', async () => harness({}, { hmacKey: 'test-hmac-key-0123456789' }));

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

  it.each([
    ['in-process', () => harness({ redact: createAtRestRedactor(createDetectorRedactor()) })],
    ['worker thread', () => harness({}, { redactAtRest: true })],
  ])('redact-at-rest (%s) stores PII and secrets replaced, and the chain still verifies', async (_, make) => {
    const h = make();
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

  it('the worker store reports a failure to open instead of hanging, and rejects calls after close', async () => {
    await expect(createWorkerAuditStore('/proc/no-such-dir/audit.db')).rejects.toThrow(/audit worker failed to start for \/proc\/no-such-dir\/audit.db/);
    const h = harness({}, {});
    const store = await h.open();
    await store.append(makeEntry(1));
    await store.close();
    await expect(store.append(makeEntry(2))).rejects.toThrow(/closed/);
    await h.dispose();
  });

  it('the worker store pages through a long log in order', async () => {
    const h = harness({}, {});
    const store = await h.open();
    await Promise.all(Array.from({ length: 1203 }, (_, i) => store.append(makeEntry(i + 1))));
    const seqs: number[] = [];
    for await (const r of store.iterate()) seqs.push(r.seq);
    expect(seqs).toEqual(Array.from({ length: 1203 }, (_, i) => i + 1));
    for await (const r of store.iterate()) if (r.seq === 3) break;
    expect((await store.verify()).ok).toBe(true);
    await store.close();
    await h.dispose();
  });

  it('the worker store replaces a crashed worker and stores the appends it had not acknowledged', async () => {
    const h = harness({}, {});
    const store = await createWorkerAuditStore(h.file);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    await store.append(makeEntry(1));
    const inFlight = [2, 3, 4].map((i) => store.append(makeEntry(i)));
    await store.killWorker();
    await Promise.all(inFlight);
    await store.append(makeEntry(5));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/audit worker exited .*restarting it and re-sending 3 unacknowledged records/));
    warn.mockRestore();
    const ids = (await store.query({ limit: 100 })).map((r) => r.requestId);
    for (const i of [1, 2, 3, 4, 5]) expect(ids).toContain(makeEntry(i).requestId);
    expect((await store.verify()).ok).toBe(true);
    await store.close();
    await h.dispose();
  });

  it('the worker store gives up after repeated crashes and fails calls instead of hanging', async () => {
    const h = harness({}, {});
    const store = await createWorkerAuditStore(h.file);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    for (let i = 0; i < 5; i++) {
      await store.killWorker();
      await store.append(makeEntry(i + 1));
    }
    await store.killWorker();
    await expect(store.append(makeEntry(9))).rejects.toThrow(/gave up after 5 restarts/);
    warn.mockRestore();
    await store.close();
    await h.dispose();
  });
});
