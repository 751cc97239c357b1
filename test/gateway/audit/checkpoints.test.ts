import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditStore } from '../../../src/spec/gateway.js';
import { createSqliteAuditStore, type SqliteAuditOptions } from '../../../src/store/sqlite-audit.js';
import { openFile } from '../../../src/store/sqlite.js';
import { services, tempDir } from '../identity/helpers.js';
import { makeEntry } from './fixtures.js';
import { adminRoutes } from '../../../src/gateway/admin.js';
import { gatewayErrorHandler } from '../../../src/gateway/http-errors.js';

const KEY = 'checkpoint-test-key-0123456789';

describe('audit checkpoints', () => {
  let tmp: ReturnType<typeof tempDir>;
  let cpFile: string;
  let dbFile: string;
  const warnings: string[] = [];
  const open = (over: Partial<SqliteAuditOptions> = {}, every = 5): AuditStore =>
    createSqliteAuditStore(openFile(dbFile), { ownsDb: true, checkpoints: { file: cpFile, everyRecords: every }, warn: (m) => warnings.push(m), ...over });
  const lines = () => readFileSync(cpFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const append = async (store: AuditStore, from: number, to: number) => {
    for (let i = from; i <= to; i++) await store.append(makeEntry(i));
  };
  const sql = (q: string) => {
    const db = new Database(dbFile);
    db.exec(q);
    db.close();
  };
  beforeEach(() => {
    tmp = tempDir();
    cpFile = join(tmp.dir, 'audit.checkpoints');
    dbFile = join(tmp.dir, 'audit.db');
    warnings.length = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
    tmp.dispose();
  });

  it('writes one every N records and on close, and verify checks them all', async () => {
    const store = open();
    await append(store, 1, 12);
    expect(lines().map((l) => l['count'])).toEqual([5, 10]);
    await store.close();
    expect(lines().map((l) => l['count'])).toEqual([5, 10, 12]);
    expect(lines()[0]).toMatchObject({ v: 1, alg: 'none', head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(lines()[0]?.['sig']).toBeUndefined();
    const again = open();
    expect(await again.verify()).toMatchObject({ ok: true, witness: { checkpoints: 3, latestIndex: 3, latest: { count: 12 }, failures: [] } });
    await again.close();
    expect(lines()).toHaveLength(3);
  });

  it('writes one at least every T while records arrive, none while idle', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = open({}, 1000);
    await append(store, 1, 2);
    vi.advanceTimersByTime(60_000);
    expect(lines().map((l) => l['count'])).toEqual([2]);
    vi.advanceTimersByTime(120_000);
    expect(lines()).toHaveLength(1);
    await store.close();
  });

  it('signs with the HMAC key; an edited, unsigned or foreign checkpoint fails verify', async () => {
    const store = open({ hmacKey: KEY });
    await append(store, 1, 5);
    await store.close();
    const [first] = lines();
    expect(first).toMatchObject({ alg: 'hmac-sha256', sig: expect.stringMatching(/^[0-9a-f]{64}$/) });
    writeFileSync(cpFile, `${JSON.stringify({ ...first, count: 3 })}\n`);
    appendFileSync(cpFile, `${JSON.stringify({ v: 1, count: 2, head: first?.['head'], ts: first?.['ts'], alg: 'none' })}\nnot json\n`);
    const again = open({ hmacKey: KEY });
    const r = await again.verify();
    expect(r.ok).toBe(false);
    expect(r.witness?.failures.map((f) => f.problem)).toEqual([
      expect.stringMatching(/^checkpoint #1 has no valid signature \(hmac-sha256\)/),
      expect.stringMatching(/^checkpoint #2 has no valid signature \(none\)/),
      expect.stringMatching(/^checkpoint #3 is not a well-formed checkpoint/),
    ]);
    await again.close();
  });

  it('a prune checkpoints first, so pruning every record still verifies; an anchor moved past the checkpoints does not', async () => {
    const store = open({}, 1000);
    await append(store, 1, 8);
    expect(await store.prune(new Date(Date.UTC(2030, 0, 1)))).toBe(8);
    expect(await store.verify()).toMatchObject({ ok: true, checked: 0, witness: { latest: { count: 8 } } });
    await store.close();
    sql("UPDATE audit_meta SET value = '50' WHERE key = 'anchor_seq'");
    const again = open();
    const r = await again.verify();
    expect(r.ok).toBe(false);
    expect(r.witness?.failures[0]?.problem).toMatch(/pruned past its latest checkpoint \(8 records\): the prune anchor claims 50/);
    await again.close();
  });

  it('a checkpoint that cannot be written is reported once and never costs a record', async () => {
    cpFile = join(tmp.dir, 'missing-dir', 'audit.checkpoints');
    const store = open({}, 2);
    await append(store, 1, 6);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot write audit checkpoint to .*missing-dir/);
    expect((await store.verify()).ok).toBe(true);
    await store.close();
  });

  it('the gateway warns on start when the log no longer extends its latest checkpoint', async () => {
    const svc = await services(tmp.dir, { audit: { redact_at_rest: false } });
    await append(svc.audit, 1, 4);
    await svc.close();
    sql('DELETE FROM audit WHERE seq > 2');
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (stderr.push(String(c)), true));
    try {
      const again = await services(tmp.dir, { audit: { redact_at_rest: false } });
      await again.audit.head();
      await again.close();
    } finally {
      spy.mockRestore();
    }
    expect(stderr.join('')).toMatch(/audit log truncated: the latest checkpoint covers 4 records with head [0-9a-f]{64}, the log now has 2/);
  });

  it('the admin API exposes the head and verifies against an expected one', async () => {
    const env = `WARDEN_TEST_CP_ADMIN_${process.pid}`;
    process.env[env] = 'admin-token-0123456789';
    const headers = { authorization: 'Bearer admin-token-0123456789' };
    const svc = await services(tmp.dir, { admin: { token_env: env }, audit: { redact_at_rest: false } });
    const app = Fastify();
    app.setErrorHandler(gatewayErrorHandler());
    app.register(adminRoutes, svc.admin);
    try {
      await append(svc.audit, 1, 3);
      const head = (await app.inject({ method: 'GET', url: '/admin/audit/head', headers })).json() as { count: number; head: string; alg: string };
      expect(head).toMatchObject({ count: 3, alg: 'sha256', prunedThrough: 0, checkpointFile: cpFile });
      const ok = await app.inject({ method: 'GET', url: `/admin/audit/verify?expect_count=3&expect_head=${head.head}`, headers });
      expect(ok.json()).toMatchObject({ ok: true });
      // Admin calls are audited too, so the log has grown by the calls above.
      const longer = await app.inject({ method: 'GET', url: `/admin/audit/verify?expect_count=99`, headers });
      expect(longer.json()).toMatchObject({ ok: false, witness: { failures: [{ problem: expect.stringMatching(/^audit log truncated: the expected head covers 99 records, the log now has [45]$/) }] } });
      expect((await app.inject({ method: 'GET', url: `/admin/audit/verify?expect_head=${head.head}`, headers })).statusCode).toBe(400);
    } finally {
      await app.close();
      await svc.close();
      delete process.env[env];
    }
  });
});
