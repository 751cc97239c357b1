/**
 * Three `warden serve` processes on one PostgreSQL store (and one Redis cache when it runs here): their audit records
 * form one intact chain that `warden audit verify` checks and in which a tampered record is found; a key revoked
 * through one replica is refused by all within one second; an approval decided through one replica's admin API
 * releases the call waiting on a service with its own connection to the store.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalService } from '../../../src/approvals/service.js';
import { createPostgresApprovalStore } from '../../../src/store/postgres-approvals.js';
import { dropSchema, noPostgres, openMigrated, PG_URL, schemaName } from '../../helpers/postgres.js';
import { REDIS_MISSING, REDIS_URL, uniquePrefix } from '../../helpers/redis.js';
import { chat, cli, startReplica, type Replica } from './replica-process.js';

const ADMIN = 'admin-token-for-pg-replica-tests';
const PEPPER = 'pepper-for-pg-replica-tests-0123';
const schema = schemaName('replicas');

describe.skipIf(noPostgres)('three gateway replicas on one PostgreSQL store', () => {
  let replicas: Replica[] = [];
  let key = '';
  let keyId = '';
  const env = { WARDEN_ADMIN_TOKEN: ADMIN, WARDEN_KEY_PEPPER: PEPPER };
  const cliEnv = (args: string[]) => cli(args, env);

  beforeAll(async () => {
    const gateway = {
      store: PG_URL,
      stores: { schema },
      ...(REDIS_MISSING === undefined ? { cache: { url: REDIS_URL, key_prefix: uniquePrefix('pg-replicas') } } : {}),
    };
    // The first start migrates the schema; the others then find it current.
    replicas = [await startReplica(gateway, env)];
    replicas.push(...(await Promise.all([1, 2].map(() => startReplica(gateway, env)))));
    const created = await cliEnv(['keys', 'create', '--config', replicas[0]!.config, '--tenant', 'acme', '--json']);
    expect(created.code).toBe(0);
    const parsed = JSON.parse(created.stdout) as { key: string; record: { id: string } };
    key = parsed.key;
    keyId = parsed.record.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await dropSchema(schema);
  });

  it('audit records from all replicas verify as one intact log, and a tampered record is found', async () => {
    const results = await Promise.all(Array.from({ length: 90 }, (_, i) => chat(replicas[i % 3]!.url, key)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Records are written after each reply; wait until all 91 (90 requests + the key creation) are in.
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      for (let t0 = Date.now(); Date.now() - t0 < 10_000; ) {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".audit`);
        if (Number(rows[0]?.n) >= 91) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const ok = await cliEnv(['audit', 'verify', '--config', replicas[1]!.config]);
      expect(ok.stdout).toContain('OK: 91 records verified');
      expect(ok.code).toBe(0);
      await client.query(`UPDATE "${schema}".audit SET entry = replace(entry, '"status":200', '"status":403') WHERE seq = 40`);
      const bad = await cliEnv(['audit', 'verify', '--config', replicas[2]!.config]);
      expect(bad.code).toBe(1);
      expect(bad.stdout + bad.stderr).toMatch(/altered[^\n]*40/);
    } finally {
      await client.end();
    }
  }, 120_000);

  it('a key revoked through one replica is refused by every replica within one second', async () => {
    const res = await fetch(`${replicas[0]!.url}/admin/keys/${keyId}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    const t0 = Date.now();
    const refused = await Promise.all(
      replicas.map(async (r) => {
        for (;;) {
          const c = await chat(r.url, key);
          if (c.status === 401) return Date.now() - t0;
          if (Date.now() - t0 > 3000) throw new Error(`replica ${r.url} still admits a revoked key after 3 s`);
        }
      }),
    );
    for (const ms of refused) expect(ms).toBeLessThan(1000);
  });

  it('an approval decided through one replica releases the call waiting elsewhere', async () => {
    const waiterDb = await openMigrated(schema);
    const stop = new AbortController();
    try {
      const service = createApprovalService({ store: createPostgresApprovalStore(waiterDb.pool) });
      const rec = await service.request({ tenant: 'acme', requester: { keyId: 'k1' }, tool: 'refund', args: { amount: 50 }, reason: 'large refund' });
      const waiting = service.waitFor(rec.id, stop.signal);
      const t0 = Date.now();
      const res = await fetch(`${replicas[1]!.url}/admin/approvals/${rec.id}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ approver: 'bob', reason: 'checked the order' }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const decided = await waiting;
      expect(decided).toMatchObject({ id: rec.id, status: 'approved', decidedBy: { name: 'bob', via: 'admin-token' } });
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(await service.consume(rec.id, 'refund', { amount: 50 })).toBe(true);
    } finally {
      stop.abort();
      await waiterDb.close();
    }
  });
});
