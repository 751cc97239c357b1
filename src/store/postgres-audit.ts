/**
 * The audit log in PostgreSQL: one hash chain that every gateway replica appends to (postgres-audit-chain.ts),
 * written through one writer per process (postgres-audit-writer.ts) that spools to local disk while the
 * database is away. Reads see every append this process made before them; `verify` re-derives the whole chain.
 */
import type pg from 'pg';
import type { AuditEntry, AuditExpectation, AuditHead, AuditQuery, AuditRecord, AuditStore, AuditVerifyReport } from '../spec/gateway.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { GENESIS_HASH, createHasher, verifyChain, type ChainAnchor, type ChainRow } from '../audit/chain.js';
import { checkWitness } from '../audit/checkpoint.js';
import { withFields } from '../core/objects.js';
import { columnsMatch, columnsOf, normalizeTs, parseEntry } from './audit-columns.js';
import type { AuditSpool } from './audit-spool.js';
import { algMismatch, appendChained } from './postgres-audit-chain.js';
import { createAuditWriter, type AuditWriter } from './postgres-audit-writer.js';
import { inTransaction } from './postgres-connect.js';

const PAGE = 500;
const MAX_QUERY = 1000;

export interface PostgresAuditOptions {
  hmacKey?: string;
  /** Applied to every entry before it is hashed, spooled and stored (redact-at-rest). */
  redact?: (entry: AuditEntry) => AuditEntry;
  /** Where records wait while PostgreSQL is unavailable; without one such appends fail. */
  spool?: AuditSpool;
  /** Delay between attempts to reach PostgreSQL again (default 1000 ms). */
  retryMs?: number;
  warn?: (message: string) => void;
}

export interface PostgresAuditStore extends AuditStore {
  /** True while records wait in the local spool for PostgreSQL. */
  spooling(): boolean;
}

interface AuditRow {
  seq: string;
  request_id: string;
  ts: string;
  tenant: string | null;
  key_id: string | null;
  action: string;
  entry: string;
  prev_hash: string;
  hash: string;
}

const toRecord = (r: AuditRow): AuditRecord => withFields(parseEntry(r.entry), { seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash });

const toChainRow = (r: AuditRow): ChainRow => ({
  seq: Number(r.seq),
  prevHash: r.prev_hash,
  hash: r.hash,
  body: r.entry,
  consistent: columnsMatch(r.entry, { requestId: r.request_id, ts: r.ts, tenant: r.tenant, keyId: r.key_id, action: r.action }),
});

/** The caller owns the pool (it is shared with the other stores); close() flushes and stops the writer only. */
export function createPostgresAuditStore(pool: pg.Pool, opts: PostgresAuditOptions = {}): PostgresAuditStore {
  const hasher = createHasher(opts.hmacKey);
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`warden: ${m}\n`));
  const writer: AuditWriter = createAuditWriter({
    commit: (items) => appendChained(pool, hasher, items),
    spool: opts.spool,
    retryMs: opts.retryMs ?? 1000,
    warn,
  });
  let closed = false;

  const meta = async (key: string): Promise<string | undefined> => (await pool.query<{ value: string }>('SELECT value FROM audit_meta WHERE key = $1', [key])).rows[0]?.value;
  const anchor = async (): Promise<ChainAnchor> => {
    const [seq, hash] = await Promise.all([meta('anchor_seq'), meta('anchor_hash')]);
    return seq !== undefined && hash !== undefined ? { seq: Number(seq), hash } : { seq: 0, hash: GENESIS_HASH };
  };
  const issued = async () => {
    const { rows } = await pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
    return { seq: Number(rows[0]?.seq ?? 0), hash: rows[0]?.hash ?? GENESIS_HASH };
  };
  const checkAlg = async () => {
    const stored = await meta('chain_alg');
    if (stored !== undefined && stored !== hasher.alg) throw new Error(algMismatch(stored));
  };
  async function* pages(): AsyncGenerator<AuditRow> {
    let after = -1;
    for (;;) {
      const { rows } = await pool.query<AuditRow>('SELECT * FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2', [after, PAGE]);
      yield* rows;
      const last = rows.at(-1);
      if (rows.length < PAGE || last === undefined) return;
      after = Number(last.seq);
    }
  }

  return {
    append(entry) {
      if (closed) return Promise.reject(new Error('audit store is closed'));
      try {
        const stored = opts.redact ? opts.redact(entry) : entry;
        columnsOf(stored);
        return writer.add({ entry: stored, body: canonicalJson(stored) });
      } catch (err) {
        return Promise.reject(err);
      }
    },
    async get(requestId) {
      await writer.settle();
      const { rows } = await pool.query<AuditRow>('SELECT * FROM audit WHERE request_id = $1 ORDER BY seq DESC LIMIT 1', [requestId]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    },
    async query(q: AuditQuery) {
      await writer.settle();
      const where: string[] = [];
      const params: (string | number)[] = [];
      const add = (col: string, op: string, v: string | number | undefined) => {
        if (v === undefined) return;
        params.push(v);
        where.push(`${col} ${op} $${params.length}`);
      };
      add('tenant', '=', q.tenant);
      add('key_id', '=', q.keyId);
      add('action', '=', q.action);
      add('ts', '>=', q.since === undefined ? undefined : normalizeTs(q.since));
      add('ts', '<', q.until === undefined ? undefined : normalizeTs(q.until));
      add('seq', '<', q.beforeSeq);
      params.push(Math.min(Math.max(1, Math.floor(q.limit ?? 100)), MAX_QUERY));
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`;
      return (await pool.query<AuditRow>(sql, params)).rows.map(toRecord);
    },
    async *iterate() {
      await writer.settle();
      for await (const row of pages()) yield toRecord(row);
    },
    async verify(expect?: AuditExpectation): Promise<AuditVerifyReport> {
      await writer.settle();
      await checkAlg();
      const [a, head] = await Promise.all([anchor(), issued()]);
      const report = await verifyChain(
        async function* () {
          for await (const row of pages()) yield toChainRow(row);
        },
        { hasher, anchor: a, highestIssuedSeq: head.seq },
      );
      if (expect === undefined) return report;
      // The witness is checked against what the table holds, not the head row an attacker could also rewind.
      const stored = (await pool.query<{ max: string | null; at: string | null }>('SELECT max(seq) AS max, (SELECT hash FROM audit WHERE seq = $1) AS at FROM audit', [expect.count])).rows[0];
      const headSeq = stored?.max == null ? a.seq : Number(stored.max);
      const at = stored?.at ?? undefined;
      const problem = checkWitness(expect, { headSeq, anchor: a, hashAt: (seq) => (seq === expect.count ? at : undefined) }, 'the expected head');
      const failures = problem === undefined ? [] : [{ source: 'the expected head', count: expect.count, head: expect.head, ok: false, problem }];
      return withFields(report, { ok: report.ok && failures.length === 0, witness: { checkpoints: 0, failures } });
    },
    async head(): Promise<AuditHead> {
      await writer.settle();
      const [h, a, alg] = await Promise.all([issued(), anchor(), meta('chain_alg')]);
      return { count: h.seq, head: h.hash, prunedThrough: a.seq, alg: alg === 'hmac-sha256' || alg === 'sha256' ? alg : hasher.alg };
    },
    async prune(before) {
      await writer.settle();
      await checkAlg();
      const cutoff = before.toISOString();
      return inTransaction(pool, async (c) => {
        // The head lock keeps appenders out while the prefix is cut and the anchor moved.
        await c.query('SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE');
        const kept = (await c.query<{ seq: string }>('SELECT seq FROM audit WHERE ts >= $1 ORDER BY seq LIMIT 1', [cutoff])).rows[0];
        const max = (await c.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM audit')).rows[0]?.seq;
        if (max === null || max === undefined) return 0;
        // Only a prefix of the chain is pruned, so the remaining records still link to the anchor.
        const cut = kept === undefined ? Number(max) + 1 : Number(kept.seq);
        const last = (await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit WHERE seq < $1 ORDER BY seq DESC LIMIT 1', [cut])).rows[0];
        if (last === undefined) return 0;
        const removed = (await c.query('DELETE FROM audit WHERE seq < $1', [cut])).rowCount ?? 0;
        const set = `INSERT INTO audit_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
        await c.query(set, ['anchor_seq', last.seq]);
        await c.query(set, ['anchor_hash', last.hash]);
        return removed;
      });
    },
    spooling: () => writer.spooling(),
    async close() {
      if (closed) return;
      closed = true;
      await writer.close();
    },
  };
}
