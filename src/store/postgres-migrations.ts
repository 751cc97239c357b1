/**
 * The PostgreSQL schema as numbered migrations, applied on start by every process that opens the store
 * (gateway replicas, the CLI). `schema_migrations` records what ran; an advisory lock makes concurrent
 * starters take turns, so each migration runs exactly once and a second start applies nothing.
 */
import type pg from 'pg';
import { inTransaction, quoteSchema } from './postgres-connect.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: a released migration is never edited, a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'keys, kill switches, usage, approvals',
    sql: `
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY, hash TEXT NOT NULL, name TEXT, tenant TEXT NOT NULL, roles JSONB NOT NULL, models JSONB NOT NULL,
  tools JSONB NOT NULL, trust_user_header BOOLEAN NOT NULL, limits JSONB, created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant);
CREATE TABLE kill_switches (scope TEXT NOT NULL, id TEXT NOT NULL, reason TEXT, created_at TEXT NOT NULL, PRIMARY KEY (scope, id));
CREATE TABLE usage_counters (
  scope TEXT NOT NULL, id TEXT NOT NULL, period TEXT NOT NULL, tokens BIGINT NOT NULL DEFAULT 0,
  cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0, PRIMARY KEY (scope, id, period)
);
CREATE TABLE approvals (
  id TEXT PRIMARY KEY, tenant TEXT NOT NULL, requester JSONB NOT NULL, tool TEXT NOT NULL, args TEXT NOT NULL,
  args_hash TEXT NOT NULL, reason TEXT NOT NULL, rule_id TEXT, request_id TEXT, status TEXT NOT NULL,
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, decided_at TEXT, decided_by JSONB, decision_reason TEXT, consumed_at TEXT
);
CREATE INDEX approvals_status ON approvals (status, expires_at);
`,
  },
  {
    version: 2,
    name: 'audit log',
    sql: `
CREATE TABLE audit (
  seq BIGINT PRIMARY KEY, request_id TEXT NOT NULL, ts TEXT NOT NULL, tenant TEXT, key_id TEXT, action TEXT NOT NULL,
  entry TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX audit_request_id ON audit (request_id);
CREATE INDEX audit_tenant ON audit (tenant, seq);
CREATE TABLE audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- The chain head: appenders lock this one row (SELECT ... FOR UPDATE), so replicas append one batch at a time,
-- and its seq is the highest ever issued, which reveals removal of the newest records.
CREATE TABLE audit_head (id INT PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');
`,
  },
  {
    version: 3,
    name: 'kill switch revision',
    sql: `
-- Bumped by every statement that changes kill_switches, whoever runs it (a replica, the CLI, psql).
CREATE TABLE kill_revision (id INT PRIMARY KEY CHECK (id = 1), rev BIGINT NOT NULL);
INSERT INTO kill_revision (id, rev) VALUES (1, 0);
CREATE FUNCTION bump_kill_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE kill_revision SET rev = rev + 1 WHERE id = 1;
  RETURN NULL;
END $$;
CREATE TRIGGER kill_switches_changed AFTER INSERT OR UPDATE OR DELETE ON kill_switches
  FOR EACH STATEMENT EXECUTE FUNCTION bump_kill_revision();
`,
  },
  {
    version: 4,
    name: 'review queue',
    sql: `
CREATE TABLE review_items (
  id TEXT PRIMARY KEY, tenant TEXT NOT NULL, request_id TEXT NOT NULL, reasons JSONB NOT NULL, rule_ids JSONB NOT NULL, action TEXT NOT NULL,
  feedback JSONB NOT NULL, status TEXT NOT NULL, label TEXT, note TEXT, category TEXT, reviewed_by JSONB, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, reviewed_at TEXT, UNIQUE (tenant, request_id)
);
CREATE INDEX review_items_created ON review_items (created_at, id);
`,
  },
];

/** Lock id for the migration advisory lock: one per schema, so two schemas migrate independently. */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('warden-migrations:' || $1))`;

/**
 * Brings the schema up to date; returns the versions applied by this call ([] when it was current).
 * A database with versions newer than this build knows is refused: an older replica must not run against it.
 */
export async function migrate(pool: pg.Pool, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const q = quoteSchema(schema);
  return inTransaction(pool, async (c) => {
    await c.query(LOCK_SQL, [schema]);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await c.query(`SET LOCAL search_path TO ${q}`);
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`PostgreSQL schema ${schema} has migrations this Warden does not know (${unknown.join(', ')}): upgrade Warden`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
