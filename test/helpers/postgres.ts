/**
 * The real PostgreSQL tests run against (127.0.0.1:5432, database `test`, user postgres; WARDEN_TEST_PG_URL
 * overrides). Each test file works in schemas of its own, dropped afterwards. Without the server the tests skip
 * with one line, except under CI=true, where a missing server is a failure.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface ThrowawayPostgres {
  url: string;
  /** Stops the server at once (`-m immediate`: as a crash, no clean shutdown of the clients). */
  stop(): void;
  start(): void;
  dispose(): void;
}

/**
 * A PostgreSQL server of its own (initdb + pg_ctl on a free port) that a test may stop and start. PostgreSQL
 * refuses to run as root, so as root it runs as the `postgres` user (stack-notes.md).
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'warden-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const run = (cmd: string) => (asRoot ? execFileSync('su', ['postgres', '-c', cmd], { stdio: 'pipe' }) : execFileSync('sh', ['-c', cmd], { stdio: 'pipe' }));
  const bin = existsSync('/usr/lib/postgresql/15/bin/pg_ctl') ? '/usr/lib/postgresql/15/bin/' : '';
  const data = join(dir, 'data');
  run(`${bin}initdb -D ${data} -A trust -U postgres --no-sync > /dev/null`);
  const start = () => run(`${bin}pg_ctl -D ${data} -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off" -l ${dir}/log -w start > /dev/null`);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => run(`${bin}pg_ctl -D ${data} -m immediate -w stop > /dev/null`),
    start,
    dispose() {
      try {
        run(`${bin}pg_ctl -D ${data} -m immediate -w stop > /dev/null 2>&1`);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
