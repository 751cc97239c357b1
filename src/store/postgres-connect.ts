/**
 * Opens the PostgreSQL pool every PostgreSQL store shares: one URL (`gateway.store`), one schema (`gateway.stores.schema`),
 * and errors that name the setting and the server without the password.
 */
import pg from 'pg';

export interface PostgresTarget {
  /** `postgres://user[:password]@host[:port]/database`; a password may also come from PGPASSWORD. */
  url: string;
  /** Schema holding Warden's tables (created by the migrations); lets several deployments or tests share one database. */
  schema: string;
  /** The config setting the URL came from, named in errors (`gateway.store`). */
  setting: string;
  /** Connections in the pool (default 10). */
  max?: number;
}

export interface PostgresHandle {
  pool: pg.Pool;
  schema: string;
  /** The URL with any password replaced by `***`, for messages. */
  shown: string;
  setting: string;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 30_000;

/** The URL as it may be shown: password hidden. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** `"name"`: schema names are checked against SCHEMA_NAME before they reach SQL. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`PostgreSQL schema "${schema}" must match ${SCHEMA_NAME.source}`);
  return `"${schema}"`;
}

function parseUrl(target: PostgresTarget): URL {
  let u: URL;
  try {
    u = new URL(target.url);
  } catch {
    throw new Error(`${target.setting} is not a URL: expected postgres://user@host:5432/database`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`${target.setting} must be a postgres:// or postgresql:// URL, got ${u.protocol}//`);
  }
  return u;
}

/** Why a connection failed, in words an operator can act on. */
function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (code === '28P01' || code === '28000') return `authentication failed (${message})`;
  if (code === '3D000') return `no such database (${message})`;
  if (code === 'ECONNREFUSED') return 'connection refused: is PostgreSQL running and listening there?';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  return message;
}

/**
 * Connects and checks the server answers; the caller then runs the migrations. Idle connections that the
 * server drops (a restart) are reported on stderr and replaced on next use, never an uncaught error.
 */
export async function openPostgres(target: PostgresTarget): Promise<PostgresHandle> {
  const u = parseUrl(target);
  quoteSchema(target.schema);
  const schema = target.schema;
  const shown = redactUrl(target.url);
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: target.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A server that vanished mid-conversation (crash, failover) must fail the call, so the audit log spools.
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    options: `-c search_path=${schema}`,
    application_name: 'warden',
  });
  pool.on('error', (err) => process.stderr.write(`warden: PostgreSQL connection (${shown}) dropped: ${err.message}\n`));
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`${target.setting}: cannot connect to PostgreSQL at ${shown}: ${describe(err)}`, { cause: err });
  }
  let closed = false;
  return {
    pool,
    schema,
    shown,
    setting: target.setting,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Network-level failures and server shutdowns: PostgreSQL is unavailable, not the statement wrong. */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed/.test(message);
}

/** Runs fn in one transaction on one pooled connection. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // A connection lost between statements is reported here, not as an uncaught error; the next statement fails.
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    broken = isUnavailable(err);
    if (!broken) await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    // A connection that failed is destroyed rather than handed to the next caller.
    client.off('error', onError);
    client.release(broken);
  }
}
