import type pg from 'pg';
import type { KeyStore, VirtualKeyRecord } from './interfaces.js';
import { keyLimitsOf } from './key-limits.js';

interface KeyRow {
  id: string;
  hash: string;
  name: string | null;
  tenant: string;
  roles: unknown;
  models: unknown;
  tools: unknown;
  trust_user_header: boolean;
  limits: unknown;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function toRecord(r: KeyRow): VirtualKeyRecord {
  return {
    id: r.id,
    hash: r.hash,
    name: r.name,
    tenant: r.tenant,
    roles: strings(r.roles),
    models: strings(r.models),
    tools: strings(r.tools),
    trustUserHeader: r.trust_user_header,
    limits: keyLimitsOf(r.limits),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/** Virtual keys in PostgreSQL (table api_keys, migration 1): every replica and the CLI see one set. */
export function createPostgresKeyStore(pool: pg.Pool): KeyStore {
  return {
    async insert(k) {
      await pool.query(
        `INSERT INTO api_keys (id, hash, name, tenant, roles, models, tools, trust_user_header, limits, created_at, expires_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          k.id,
          k.hash,
          k.name,
          k.tenant,
          JSON.stringify(k.roles),
          JSON.stringify(k.models),
          JSON.stringify(k.tools),
          k.trustUserHeader,
          k.limits === null ? null : JSON.stringify(k.limits),
          k.createdAt,
          k.expiresAt,
          k.revokedAt,
        ],
      );
    },
    async get(id) {
      const { rows } = await pool.query<KeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    },
    async list(filter) {
      const { rows } =
        filter?.tenant === undefined
          ? await pool.query<KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id')
          : await pool.query<KeyRow>('SELECT * FROM api_keys WHERE tenant = $1 ORDER BY created_at, id', [filter.tenant]);
      return rows.map(toRecord);
    },
    async revoke(id, at) {
      const r = await pool.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at.toISOString(), id]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}
