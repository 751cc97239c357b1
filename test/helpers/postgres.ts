/**
 * The real PostgreSQL tests run against (127.0.0.1:5432, database `test`, user postgres; WARDEN_TEST_PG_URL
 * overrides). Each test file works in schemas of its own, dropped afterwards. Without the server the tests skip
 * with one line, except under CI=true, where a missing server is a failure.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/store/postgres-migrations.js';
import { openPostgres, type PostgresHandle } from '../../src/store/postgres-connect.js';

export const PG_URL = process.env['WARDEN_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL not reachable at ${PG_URL} (${err instanceof Error ? err.message : String(err)}): skipping`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const reason = await probe();
if (reason !== undefined && process.env['CI'] === 'true') throw new Error(`CI=true but ${reason}`);
if (reason !== undefined) process.stderr.write(`${reason}\n`);

/** True when the tests of this file must skip (no server, not CI). */
export const noPostgres = reason !== undefined;

/** A fresh schema name for this file: `t_<tag>_<random>`. */
export function schemaName(tag: string): string {
  return `t_${tag}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Opens a pool on a new (or the given) schema with every migration applied. */
export async function openMigrated(schema: string): Promise<PostgresHandle> {
  const h = await openPostgres({ url: PG_URL, schema, setting: 'test' });
  await migrate(h.pool, schema);
  return h;
}
