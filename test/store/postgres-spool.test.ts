/**
 * PostgreSQL goes away mid-load: audit records spool to local disk and drain in order when it returns. A real
 * server of the test's own is stopped (immediate, as a crash) and started again while records keep coming.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditSpool } from '../../src/store/audit-spool.js';
import { createPostgresAuditStore } from '../../src/store/postgres-audit.js';
import { openPostgres, type PostgresHandle } from '../../src/store/postgres-connect.js';
import { migrate } from '../../src/store/postgres-migrations.js';
import { makeEntry } from '../gateway/audit/fixtures.js';
import { noPostgres, startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(noPostgres)('audit spool while PostgreSQL is down', () => {
  let server: ThrowawayPostgres;
  let dir: string;
  beforeAll(async () => {
    server = await startThrowawayPostgres();
    dir = mkdtempSync(join(tmpdir(), 'warden-spool-'));
  }, 60_000);
  afterAll(() => {
    server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing: every record made during the outage is chained after it, in order, and the chain verifies', async () => {
    const handle: PostgresHandle = await openPostgres({ url: server.url, schema: 'warden', setting: 'gateway.store' });
    await migrate(handle.pool, 'warden');
    const warnings: string[] = [];
    const spoolFile = join(dir, 'audit-spool.jsonl');
    const store = createPostgresAuditStore(handle.pool, { spool: openAuditSpool(spoolFile), retryMs: 100, warn: (m) => warnings.push(m) });

    const appended: Array<Promise<unknown>> = [];
    let n = 0;
    const burst = async (count: number) => {
      for (let i = 0; i < count; i++) appended.push(store.append(makeEntry(++n)));
      await sleep(5);
    };
    for (let i = 0; i < 20; i++) await burst(10);
    server.stop();
    for (let i = 0; i < 40; i++) await burst(10);
    expect(store.spooling()).toBe(true);
    expect(statSync(spoolFile).mode & 0o777).toBe(0o600);
    server.start();
    for (let i = 0; i < 20; i++) await burst(10);
    await Promise.all(appended);

    expect(n).toBe(800);
    expect(store.spooling()).toBe(false);
    expect(statSync(spoolFile).size).toBe(0);
    const { rows } = await handle.pool.query<{ request_id: string }>('SELECT request_id FROM audit ORDER BY seq');
    expect(rows.map((r) => r.request_id)).toEqual(Array.from({ length: 800 }, (_, i) => makeEntry(i + 1).requestId));
    expect(await store.verify()).toEqual({ ok: true, checked: 800, altered: [], removed: [], reordered: [] });
    expect(warnings.some((w) => /PostgreSQL unavailable .* spooled to .*audit-spool\.jsonl/.test(w))).toBe(true);
    expect(warnings.some((w) => /reachable again: audit spool .* drained/.test(w))).toBe(true);
    await store.close();
    await handle.close();
  }, 60_000);

  it('a gateway stopped during the outage leaves the spool on disk, and the next start drains it first', async () => {
    const handle = await openPostgres({ url: server.url, schema: 'second', setting: 'gateway.store' });
    await migrate(handle.pool, 'second');
    const spoolFile = join(dir, 'second-spool.jsonl');
    const first = createPostgresAuditStore(handle.pool, { spool: openAuditSpool(spoolFile), retryMs: 50, warn: () => undefined });
    await Promise.all([1, 2, 3].map((i) => first.append(makeEntry(i))));
    server.stop();
    const during = [4, 5, 6].map((i) => first.append(makeEntry(i)).catch((e: unknown) => e));
    await first.close();
    for (const e of await Promise.all(during)) expect(String(e)).toMatch(/spooled to .*second-spool\.jsonl/);
    expect(statSync(spoolFile).size).toBeGreaterThan(0);
    server.start();
    const second = createPostgresAuditStore(handle.pool, { spool: openAuditSpool(spoolFile), retryMs: 50, warn: () => undefined });
    await second.append(makeEntry(7));
    const { rows } = await handle.pool.query<{ request_id: string }>('SELECT request_id FROM audit ORDER BY seq');
    expect(rows.map((r) => r.request_id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => makeEntry(i).requestId));
    expect((await second.verify()).ok).toBe(true);
    await second.close();
    await handle.close();
  }, 60_000);
});
