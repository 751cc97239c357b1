/**
 * Appending to the hash chain in PostgreSQL from many replicas at once. Each batch is one transaction that locks
 * the single chain-head row (`audit_head ... FOR UPDATE`): appenders take turns, each links its batch to the head it
 * read, inserts it and moves the head. A seq is issued only under that lock, so every replica's records form one
 * chain with contiguous seqs. (An advisory lock would serialise the same way, but the head row is needed anyway:
 * it holds the highest seq ever issued, which reveals removal of the newest records.)
 */
import type pg from 'pg';
import type { AuditEntry, AuditRecord } from '../spec/gateway.js';
import type { ChainHasher } from '../audit/chain.js';
import { withFields } from '../core/objects.js';
import { columnsOf } from './audit-columns.js';
import { inTransaction } from './postgres-connect.js';

export interface ChainItem {
  entry: AuditEntry;
  /** Canonical JSON of the entry: what is hashed and stored. */
  body: string;
}

/** Message for a log whose algorithm differs from this process's key setting. */
export function algMismatch(stored: string): string {
  return stored === 'hmac-sha256'
    ? 'this audit log is HMAC-chained: set the env var named by gateway.audit.hmac_key_env (or pass --hmac-key-env) to append or verify'
    : 'this audit log was created without an HMAC key: remove gateway.audit.hmac_key_env, or use a new schema to use HMAC';
}

/** The first append fixes the chain's algorithm (under the head lock, so two replicas cannot fix different ones). */
async function checkAlg(c: pg.PoolClient, hasher: ChainHasher): Promise<void> {
  const { rows } = await c.query<{ value: string }>(`SELECT value FROM audit_meta WHERE key = 'chain_alg'`);
  const stored = rows[0]?.value;
  if (stored === undefined) await c.query(`INSERT INTO audit_meta (key, value) VALUES ('chain_alg', $1)`, [hasher.alg]);
  else if (stored !== hasher.alg) throw new Error(algMismatch(stored));
}

export async function appendChained(pool: pg.Pool, hasher: ChainHasher, items: readonly ChainItem[]): Promise<AuditRecord[]> {
  return inTransaction(pool, async (c) => {
    const head = await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
    const h = head.rows[0];
    if (h === undefined) throw new Error('audit_head row is missing: the audit schema was altered outside Warden');
    await checkAlg(c, hasher);
    let prev = { seq: Number(h.seq), hash: h.hash };
    const cols = { seq: [] as number[], req: [] as string[], ts: [] as string[], tenant: [] as (string | null)[], key: [] as (string | null)[] };
    const rest = { action: [] as string[], body: [] as string[], prev: [] as string[], hash: [] as string[] };
    const records = items.map((it) => {
      const seq = prev.seq + 1;
      const hash = hasher.hash(prev.hash, it.body, seq);
      const col = columnsOf(it.entry);
      cols.seq.push(seq);
      cols.req.push(col.requestId);
      cols.ts.push(col.ts);
      cols.tenant.push(col.tenant);
      cols.key.push(col.keyId);
      rest.action.push(col.action);
      rest.body.push(it.body);
      rest.prev.push(prev.hash);
      rest.hash.push(hash);
      const rec: AuditRecord = withFields(it.entry, { seq, prevHash: prev.hash, hash });
      prev = { seq, hash };
      return rec;
    });
    await c.query(
      `INSERT INTO audit (seq, request_id, ts, tenant, key_id, action, entry, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
      [cols.seq, cols.req, cols.ts, cols.tenant, cols.key, rest.action, rest.body, rest.prev, rest.hash],
    );
    await c.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [prev.seq, prev.hash]);
    return records;
  });
}
