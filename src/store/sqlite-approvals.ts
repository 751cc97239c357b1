import type { ApprovalRecord, ApprovalStore } from '../spec/approvals.js';
import { asRow, strOrNull, type SqliteDb } from './sqlite.js';
import { approvalRecordOf } from './approval-record.js';
import { withFields } from '../core/objects.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS approvals (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  requester TEXT NOT NULL,
  tool TEXT NOT NULL,
  args TEXT NOT NULL,
  args_hash TEXT NOT NULL,
  reason TEXT NOT NULL,
  rule_id TEXT,
  request_id TEXT,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  decided_at TEXT,
  decided_by TEXT,
  decision_reason TEXT,
  consumed_at TEXT
);
CREATE INDEX IF NOT EXISTS approvals_status ON approvals (status, expires_at);
`;

const DEFAULT_LIMIT = 100;

function toRecord(raw: unknown): ApprovalRecord | undefined {
  const row = asRow(raw);
  if (!row) return undefined;
  const parse = (col: string): unknown => {
    const v = strOrNull(row, col);
    return v === null ? null : JSON.parse(v);
  };
  return approvalRecordOf(withFields(row, { requester: parse('requester'), decided_by: parse('decided_by') }));
}

const records = (rows: unknown[]) => rows.map(toRecord).filter((r): r is ApprovalRecord => r !== undefined);

/**
 * Approvals in SQLite (`<data_dir>/warden.db`, shared by the gateway and the CLI). ISO-8601 UTC strings
 * compare in time order, so expiry is a string comparison. Every transition is one conditional UPDATE:
 * two deciders racing (CLI and admin API) cannot both win.
 */
export function createSqliteApprovalStore(db: SqliteDb): ApprovalStore {
  db.exec(SCHEMA);
  const insert = db.prepare(
    `INSERT INTO approvals (id, tenant, requester, tool, args, args_hash, reason, rule_id, request_id, status, created_at, expires_at)
     VALUES (@id, @tenant, @requester, @tool, @args, @argsHash, @reason, @ruleId, @requestId, @status, @createdAt, @expiresAt)`,
  );
  const get = db.prepare('SELECT * FROM approvals WHERE id = ?');
  const list = db.prepare(
    `SELECT * FROM approvals WHERE (@status IS NULL OR status = @status) AND (@tenant IS NULL OR tenant = @tenant)
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const decide = db.prepare(
    `UPDATE approvals SET status = @status, decided_at = @at, decided_by = @by, decision_reason = @reason
     WHERE id = @id AND status = 'pending' AND expires_at > @at`,
  );
  const due = db.prepare(`SELECT id FROM approvals WHERE status = 'pending' AND expires_at <= ?`).pluck();
  const expireOne = db.prepare(`UPDATE approvals SET status = 'expired', decided_at = ? WHERE id = ? AND status = 'pending'`);
  const consume = db.prepare(
    `UPDATE approvals SET consumed_at = @at WHERE id = @id AND status = 'approved' AND args_hash = @argsHash AND consumed_at IS NULL`,
  );
  const expire = db.transaction((at: string): string[] => {
    const ids = due.all(at).filter((v): v is string => typeof v === 'string');
    for (const id of ids) expireOne.run(at, id);
    return ids;
  });
  return {
    async create(r) {
      insert.run({
        id: r.id,
        tenant: r.tenant,
        requester: JSON.stringify(r.requester),
        tool: r.tool,
        args: r.args,
        argsHash: r.argsHash,
        reason: r.reason,
        ruleId: r.ruleId ?? null,
        requestId: r.requestId ?? null,
        status: r.status,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
      });
    },
    async get(id) {
      return toRecord(get.get(id));
    },
    async list(filter = {}) {
      return records(list.all({ status: filter.status ?? null, tenant: filter.tenant ?? null, limit: filter.limit ?? DEFAULT_LIMIT }));
    },
    async decide(id, d) {
      const changed = decide.run({ id, status: d.status, at: d.at.toISOString(), by: JSON.stringify(d.by), reason: d.reason }).changes > 0;
      return changed ? toRecord(get.get(id)) : undefined;
    },
    async expire(at) {
      return expire(at.toISOString());
    },
    async consume(id, argsHash, at) {
      return consume.run({ id, argsHash, at: at.toISOString() }).changes > 0;
    },
  };
}
