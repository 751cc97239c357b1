import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBackends, openGatewayServices } from '../../src/gateway/backends/index.js';
import { gatewaySectionSchema } from '../../src/gateway/config.js';
import { MIGRATIONS, migrate } from '../../src/store/postgres-migrations.js';
import { openPostgres } from '../../src/store/postgres-connect.js';
import { makeEntry } from '../gateway/audit/fixtures.js';
import { runCli } from '../gateway/audit/run-cli.js';
import { tempDir } from '../gateway/identity/helpers.js';
import { dropSchema, noPostgres, PG_URL, schemaName } from '../helpers/postgres.js';

const PEPPER = 'test-pepper-0123456789abcdef';
const schemas: string[] = [];
const fresh = (tag: string) => {
  const s = schemaName(tag);
  schemas.push(s);
  return s;
};
afterAll(async () => {
  for (const s of schemas.splice(0)) await dropSchema(s);
});

describe.skipIf(noPostgres)('postgres backend', () => {
  let savedPepper: string | undefined;
  beforeAll(() => {
    savedPepper = process.env['WARDEN_KEY_PEPPER'];
    process.env['WARDEN_KEY_PEPPER'] = PEPPER;
  });
  afterAll(() => {
    if (savedPepper === undefined) delete process.env['WARDEN_KEY_PEPPER'];
    else process.env['WARDEN_KEY_PEPPER'] = savedPepper;
  });
  const dirs: Array<() => void> = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d();
  });
  const dataDir = () => {
    const t = tempDir();
    dirs.push(t.dispose);
    return t.dir;
  };

  it('migrates an older schema once, and a second start (or three at once) applies nothing', async () => {
    const schema = fresh('mig');
    const h = await openPostgres({ url: PG_URL, schema, setting: 'test' });
    expect(await migrate(h.pool, schema, MIGRATIONS.slice(0, 2))).toEqual([1, 2]);
    await h.pool.query(`INSERT INTO kill_switches (scope, id, reason, created_at) VALUES ('tenant', 'acme', 'old', '2025-01-01T00:00:00.000Z')`);
    const pools = await Promise.all([1, 2, 3].map(() => openPostgres({ url: PG_URL, schema, setting: 'test' })));
    const applied = await Promise.all(pools.map((p) => migrate(p.pool, schema)));
    const versions = MIGRATIONS.map((m) => m.version);
    expect(applied.flat()).toEqual(versions.slice(2));
    expect(await migrate(h.pool, schema)).toEqual([]);
    const { rows } = await h.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(versions);
    expect((await h.pool.query('SELECT reason FROM kill_switches')).rows).toEqual([{ reason: 'old' }]);
    await expect(migrate(h.pool, schema, MIGRATIONS.slice(0, 1))).rejects.toThrow(`migrations this Warden does not know (${versions.slice(1).join(', ')})`);
    for (const p of [h, ...pools]) await p.close();
  });

  it.each([
    ['a closed port', 'postgres://postgres@127.0.0.1:1/test', /gateway\.store: cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test: connection refused/],
    ['an unknown role', 'postgres://no_such_role:secret@127.0.0.1:5432/test', /gateway\.store: cannot connect to PostgreSQL at postgres:\/\/no_such_role:\*\*\*@127\.0\.0\.1:5432\/test: authentication failed/],
    ['an unknown database', 'postgres://postgres@127.0.0.1:5432/no_such_db', /gateway\.store: .*no such database/],
  ])('fails at start with a message naming gateway.store for %s, never the password', async (_, url, message) => {
    const cfg = gatewaySectionSchema.parse({ store: url, stores: { schema: fresh('bad') } });
    const err = await openBackends(cfg, dataDir()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('secret');
  });

  it('rejects a store that is not a PostgreSQL URL, and a pepper-less start', async () => {
    const bad = gatewaySectionSchema.safeParse({ store: 'mysql://db/warden' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toMatch(/"path":\["store"\].*postgres:\/\//);
    const cfg = gatewaySectionSchema.parse({ store: PG_URL, stores: { schema: fresh('pep') } });
    delete process.env['WARDEN_KEY_PEPPER'];
    try {
      await expect(openBackends(cfg, dataDir())).rejects.toThrow(/set WARDEN_KEY_PEPPER to the same secret/);
    } finally {
      process.env['WARDEN_KEY_PEPPER'] = PEPPER;
    }
  });

  it('the CLI works against the store the gateway uses: keys, kill switches, approvals, audit verify', async () => {
    const schema = fresh('cli');
    const dir = dataDir();
    const config = join(dir, 'warden.yaml');
    writeFileSync(config, `gateway:\n  data_dir: ${dir}\n  store: ${PG_URL}\n  stores:\n    schema: ${schema}\n`);
    const cfg = gatewaySectionSchema.parse({ data_dir: dir, store: PG_URL, stores: { schema } });
    const svc = await openGatewayServices(cfg, { dataDir: dir });
    await Promise.all([1, 2, 3].map((i) => svc.audit.append(makeEntry(i))));

    const created = await runCli(['keys', 'create', '--config', config, '--tenant', 'acme', '--json']);
    expect(created.code).toBe(0);
    const { key, record } = JSON.parse(created.stdout) as { key: string; record: { id: string } };
    const admit = (k: string) => svc.admit({ headers: { authorization: `Bearer ${k}` }, ip: '127.0.0.1', route: '/v1/chat/completions', model: 'gpt-4o', modelNames: ['gpt-4o'] });
    expect((await admit(key)).ok).toBe(true);
    expect((await runCli(['kill', 'set', '--config', config, '--scope', 'tenant', '--id', 'acme', '--reason', 'drill'])).code).toBe(0);
    expect(await admit(key)).toMatchObject({ ok: false, code: 'kill_switch_active' });
    expect((await runCli(['kill', 'clear', '--config', config, '--scope', 'tenant', '--id', 'acme'])).code).toBe(0);
    expect((await runCli(['keys', 'revoke', '--config', config, record.id])).code).toBe(0);
    expect((await admit(key)).ok).toBe(false);
    expect((await runCli(['approvals', 'list', '--config', config])).code).toBe(0);

    const verify = await runCli(['audit', 'verify', '--config', config]);
    expect(verify.stdout).toContain('OK: 7 records verified');
    expect(verify.code).toBe(0);
    await svc.close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`UPDATE "${schema}".audit SET entry = replace(entry, 'acme', 'evil') WHERE seq = 2`);
    await client.end();
    const tampered = await runCli(['audit', 'verify', '--config', config]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout + tampered.stderr).toMatch(/altered.*2/);
  });
});
