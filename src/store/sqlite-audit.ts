import type { AuditEntry, AuditExpectation, AuditQuery, AuditRecord, AuditStore } from '../spec/gateway.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { GENESIS_HASH, createHasher, verifyChain, type ChainAnchor, type ChainRow } from '../audit/chain.js';
import { createCheckpointSigner } from '../audit/checkpoint.js';
import { asRow, num, str, strOrNull, type SqliteDb } from './sqlite.js';
import { createWitness, type CheckpointSettings } from './audit-witness.js';
import { withFields } from '../core/objects.js';
import { columnsMatch, columnsOf, normalizeTs, parseEntry } from './audit-columns.js';

export const AUDIT_SCHEMA = `
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL,
  ts TEXT NOT NULL,
  tenant TEXT,
  key_id TEXT,
  action TEXT NOT NULL,
  entry TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_request_id ON audit (request_id);
CREATE INDEX IF NOT EXISTS audit_tenant ON audit (tenant, seq);
CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

const PAGE = 500;
const MAX_QUERY = 1000;

export interface SqliteAuditOptions {
  /** HMAC key: the chain then uses HMAC-SHA256, and appending or verifying without the key fails. */
  hmacKey?: string;
  /** Applied to every entry before it is hashed and stored (redact-at-rest). */
  redact?: (entry: AuditEntry) => AuditEntry;
  /** Close the database in close(); false when the connection is shared with other stores. */
  ownsDb?: boolean;
  /**
   * How long an append may wait for others to share its transaction (default 0: the next event-loop
   * turn, which under load already batches every request that finished in that turn).
   */
  batchWindowMs?: number;
  /** Checkpoint file written beside the table (see audit-witness.ts); without it verify cannot see truncation. */
  checkpoints?: CheckpointSettings;
  /** Where checkpoint problems found on open or while writing are reported (default: stderr). */
  warn?: (message: string) => void;
}

/** A batch is written at once when it reaches this size, whatever the window. */
const MAX_BATCH = 512;

interface Pending {
  entry: AuditEntry;
  body: string;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

function toRecord(raw: unknown): AuditRecord | undefined {
  const row = asRow(raw);
  if (!row) return undefined;
  return withFields(parseEntry(str(row, 'entry')), { seq: num(row, 'seq'), prevHash: str(row, 'prev_hash'), hash: str(row, 'hash') });
}

function toChainRow(raw: unknown): ChainRow {
  const row = asRow(raw) ?? {};
  const body = str(row, 'entry');
  const consistent = columnsMatch(body, {
    requestId: str(row, 'request_id'),
    ts: str(row, 'ts'),
    tenant: strOrNull(row, 'tenant'),
    keyId: strOrNull(row, 'key_id'),
    action: str(row, 'action'),
  });
  return { seq: num(row, 'seq'), prevHash: str(row, 'prev_hash'), hash: str(row, 'hash'), body, consistent };
}

/**
 * Append-only audit log in SQLite with a hash chain. Appends are batched (see batchWindowMs) into one
 * IMMEDIATE transaction (which also serialises writers from other processes); every read flushes first,
 * and close() flushes, so no record is lost on a normal shutdown.
 */
export function createSqliteAuditStore(db: SqliteDb, opts: SqliteAuditOptions = {}): AuditStore {
  db.exec(AUDIT_SCHEMA);
  const hasher = createHasher(opts.hmacKey);
  const stmt = {
    insert: db.prepare(
      `INSERT INTO audit (seq, request_id, ts, tenant, key_id, action, entry, prev_hash, hash)
       VALUES (@seq, @requestId, @ts, @tenant, @keyId, @action, @body, @prevHash, @hash)`,
    ),
    head: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
    get: db.prepare('SELECT * FROM audit WHERE request_id = ? ORDER BY seq DESC LIMIT 1'),
    page: db.prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?'),
    metaGet: db.prepare('SELECT value FROM audit_meta WHERE key = ?').pluck(),
    metaSet: db.prepare('INSERT INTO audit_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    issued: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").pluck(),
    firstKept: db.prepare('SELECT seq FROM audit WHERE ts >= ? ORDER BY seq LIMIT 1').pluck(),
    maxSeq: db.prepare('SELECT max(seq) FROM audit').pluck(),
    beforeCut: db.prepare('SELECT seq, hash FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT 1'),
    prune: db.prepare('DELETE FROM audit WHERE seq < ?'),
  };
  const meta = (key: string): string | undefined => {
    const v: unknown = stmt.metaGet.get(key);
    return typeof v === 'string' ? v : undefined;
  };
  const anchor = (): ChainAnchor => {
    const seq = meta('anchor_seq');
    const hash = meta('anchor_hash');
    return seq !== undefined && hash !== undefined ? { seq: Number(seq), hash } : { seq: 0, hash: GENESIS_HASH };
  };
  /** The first append fixes the chain's algorithm; verifying an empty log leaves it open. */
  const checkAlg = (fix: boolean) => {
    const stored = meta('chain_alg');
    if (stored === undefined) {
      if (fix) stmt.metaSet.run('chain_alg', hasher.alg);
    } else if (stored !== hasher.alg) {
      throw new Error(
        stored === 'hmac-sha256'
          ? 'this audit log is HMAC-chained: set the env var named by gateway.audit.hmac_key_env (or pass --hmac-key-env) to append or verify'
          : 'this audit log was created without an HMAC key: remove gateway.audit.hmac_key_env, or start a new data dir to use HMAC',
      );
    }
  };

  const witness = createWitness({
    db,
    hasher,
    signer: createCheckpointSigner(opts.hmacKey),
    anchor,
    flush: () => flush(),
    warn: opts.warn ?? ((m) => process.stderr.write(`warden: ${m}\n`)),
    settings: opts.checkpoints,
  });

  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let closed = false;
  const windowMs = opts.batchWindowMs ?? 0;

  const writeBatch = db.transaction((batch: Pending[]): AuditRecord[] => {
    checkAlg(true);
    const h = asRow(stmt.head.get());
    let prev = h ? { seq: num(h, 'seq'), hash: str(h, 'hash') } : anchor();
    return batch.map((p) => {
      const seq = prev.seq + 1;
      const hash = hasher.hash(prev.hash, p.body, seq);
      stmt.insert.run(withFields(columnsOf(p.entry), { seq, body: p.body, prevHash: prev.hash, hash }));
      const rec: AuditRecord = withFields(p.entry, { seq, prevHash: prev.hash, hash });
      prev = { seq, hash };
      return rec;
    });
  });

  const flush = () => {
    if (timer !== undefined) {
      if (windowMs > 0) clearTimeout(timer as NodeJS.Timeout);
      else clearImmediate(timer as NodeJS.Immediate);
      timer = undefined;
    }
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    let records: AuditRecord[];
    try {
      records = writeBatch.immediate(batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => p.resolve(records[i] as AuditRecord));
    witness.appended(batch.length);
  };

  async function* pages(): AsyncGenerator<Record<string, unknown>> {
    flush();
    let after = -1;
    for (;;) {
      const rows = stmt.page.all(after, PAGE);
      for (const r of rows) {
        const row = asRow(r);
        if (row) yield row;
      }
      const last = asRow(rows[rows.length - 1]);
      if (rows.length < PAGE || !last) return;
      after = num(last, 'seq');
    }
  }

  return {
    append(entry) {
      if (closed) return Promise.reject(new Error('audit store is closed'));
      let body: string;
      let stored: AuditEntry;
      try {
        stored = opts.redact ? opts.redact(entry) : entry;
        columnsOf(stored);
        body = canonicalJson(stored);
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise<AuditRecord>((resolve, reject) => {
        queue.push({ entry: stored, body, resolve, reject });
        if (queue.length >= MAX_BATCH) flush();
        else if (timer === undefined) timer = windowMs > 0 ? setTimeout(flush, windowMs) : setImmediate(flush);
      });
    },
    async get(requestId) {
      flush();
      return toRecord(stmt.get.get(requestId));
    },
    async query(q: AuditQuery) {
      flush();
      const where: string[] = [];
      const params: (string | number)[] = [];
      const add = (sql: string, v: string | number | undefined) => {
        if (v === undefined) return;
        where.push(sql);
        params.push(v);
      };
      add('tenant = ?', q.tenant);
      add('key_id = ?', q.keyId);
      add('action = ?', q.action);
      add('ts >= ?', q.since === undefined ? undefined : normalizeTs(q.since));
      add('ts < ?', q.until === undefined ? undefined : normalizeTs(q.until));
      add('seq < ?', q.beforeSeq);
      const limit = Math.min(Math.max(1, Math.floor(q.limit ?? 100)), MAX_QUERY);
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      return db
        .prepare(sql)
        .all(...params, limit)
        .map(toRecord)
        .filter((r): r is AuditRecord => r !== undefined);
    },
    async *iterate() {
      for await (const row of pages()) {
        const rec = toRecord(row);
        if (rec) yield rec;
      }
    },
    async verify(expect?: AuditExpectation) {
      flush();
      checkAlg(false);
      const issued: unknown = stmt.issued.get();
      const report = await verifyChain(
        async function* () {
          for await (const row of pages()) yield toChainRow(row);
        },
        { hasher, anchor: anchor(), highestIssuedSeq: typeof issued === 'number' ? issued : undefined },
      );
      const w = witness.report(expect);
      return w === undefined ? report : withFields(report, { ok: report.ok && w.failures.length === 0, witness: w });
    },
    async head() {
      flush();
      return witness.head();
    },
    async prune(before) {
      flush();
      checkAlg(false);
      // A prune may remove records up to the head: a checkpoint first keeps the anchor within the witnessed chain.
      witness.checkpoint(true);
      const cutoff = before.toISOString();
      return db.transaction((): number => {
        const kept: unknown = stmt.firstKept.get(cutoff);
        const max: unknown = stmt.maxSeq.get();
        if (typeof max !== 'number') return 0;
        // Only a prefix of the chain is pruned, so the remaining records still link to the anchor.
        const cut = typeof kept === 'number' ? kept : max + 1;
        const last = asRow(stmt.beforeCut.get(cut));
        if (!last) return 0;
        const removed = stmt.prune.run(cut).changes;
        stmt.metaSet.run('anchor_seq', String(num(last, 'seq')));
        stmt.metaSet.run('anchor_hash', str(last, 'hash'));
        return removed;
      }).immediate();
    },
    async close() {
      flush();
      witness.checkpoint();
      witness.close();
      closed = true;
      if (opts.ownsDb) db.close();
    },
  };
}
