import type { KeyLimits, KeyStore, VirtualKeyRecord } from './interfaces.js';
import { asRow, str, strOrNull, type SqliteDb } from './sqlite.js';
import { withFields } from '../core/objects.js';
import { keyLimitsOf } from './key-limits.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  name TEXT,
  tenant TEXT NOT NULL,
  roles TEXT NOT NULL,
  models TEXT NOT NULL,
  tools TEXT NOT NULL,
  trust_user_header INTEGER NOT NULL,
  limits TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS api_keys_tenant ON api_keys (tenant);
`;

function list(v: string): string[] {
  const parsed: unknown = JSON.parse(v);
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
}

function limitsOf(v: string | null): KeyLimits | null {
  return v === null ? null : keyLimitsOf(JSON.parse(v));
}

function toRecord(raw: unknown): VirtualKeyRecord | undefined {
  const row = asRow(raw);
  if (!row) return undefined;
  return {
    id: str(row, 'id'),
    hash: str(row, 'hash'),
    name: strOrNull(row, 'name'),
    tenant: str(row, 'tenant'),
    roles: list(str(row, 'roles')),
    models: list(str(row, 'models')),
    tools: list(str(row, 'tools')),
    trustUserHeader: row['trust_user_header'] === 1,
    limits: limitsOf(strOrNull(row, 'limits')),
    createdAt: str(row, 'created_at'),
    expiresAt: strOrNull(row, 'expires_at'),
    revokedAt: strOrNull(row, 'revoked_at'),
  };
}

/** Virtual keys in SQLite; lookups are by primary key (the public key id), so O(1) per request. */
export function createSqliteKeyStore(db: SqliteDb): KeyStore {
  db.exec(SCHEMA);
  // Databases created before per-key limits existed gain the column in place.
  const cols = db.prepare('PRAGMA table_info(api_keys)').all().map((c) => asRow(c)?.['name']);
  if (!cols.includes('limits')) db.exec('ALTER TABLE api_keys ADD COLUMN limits TEXT');
  const insert = db.prepare(
    `INSERT INTO api_keys (id, hash, name, tenant, roles, models, tools, trust_user_header, limits, created_at, expires_at, revoked_at)
     VALUES (@id, @hash, @name, @tenant, @roles, @models, @tools, @trust, @limits, @createdAt, @expiresAt, @revokedAt)`,
  );
  const get = db.prepare('SELECT * FROM api_keys WHERE id = ?');
  const all = db.prepare('SELECT * FROM api_keys ORDER BY created_at, id');
  const byTenant = db.prepare('SELECT * FROM api_keys WHERE tenant = ? ORDER BY created_at, id');
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    async insert(k) {
      insert.run(
        withFields(k, {
          roles: JSON.stringify(k.roles),
          models: JSON.stringify(k.models),
          tools: JSON.stringify(k.tools),
          trust: k.trustUserHeader ? 1 : 0,
          limits: k.limits === null ? null : JSON.stringify(k.limits),
        }),
      );
    },
    async get(id) {
      return toRecord(get.get(id));
    },
    async list(filter) {
      const rows = filter?.tenant === undefined ? all.all() : byTenant.all(filter.tenant);
      return rows.map(toRecord).filter((r): r is VirtualKeyRecord => r !== undefined);
    },
    async revoke(id, at) {
      return revoke.run(at.toISOString(), id).changes > 0;
    },
  };
}
