import type pg from 'pg';
import type { ApprovalRecord, ApprovalStore } from '../spec/approvals.js';
import { approvalRecordOf, type ApprovalRow } from './approval-record.js';

const DEFAULT_LIMIT = 100;

const records = (rows: ApprovalRow[]) => rows.map(approvalRecordOf).filter((r): r is ApprovalRecord => r !== undefined);

/**
 * Approvals in PostgreSQL (approvals, migration 1), shared by every replica and the CLI. ISO-8601 UTC text
 * compares in time order; every transition is one conditional UPDATE, so two deciders on two replicas cannot
 * both win, and an approval is consumed once however many replicas try.
 */
export function createPostgresApprovalStore(pool: pg.Pool): ApprovalStore {
  return {
    async create(r) {
      await pool.query(
        `INSERT INTO approvals (id, tenant, requester, tool, args, args_hash, reason, rule_id, request_id, status, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [r.id, r.tenant, JSON.stringify(r.requester), r.tool, r.args, r.argsHash, r.reason, r.ruleId ?? null, r.requestId ?? null, r.status, r.createdAt, r.expiresAt],
      );
    },
    async get(id) {
      const { rows } = await pool.query<ApprovalRow>('SELECT * FROM approvals WHERE id = $1', [id]);
      return records(rows)[0];
    },
    async list(filter = {}) {
      const { rows } = await pool.query<ApprovalRow>(
        `SELECT * FROM approvals WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR tenant = $2)
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [filter.status ?? null, filter.tenant ?? null, filter.limit ?? DEFAULT_LIMIT],
      );
      return records(rows);
    },
    async decide(id, d) {
      const { rows } = await pool.query<ApprovalRow>(
        `UPDATE approvals SET status = $2, decided_at = $3, decided_by = $4, decision_reason = $5
         WHERE id = $1 AND status = 'pending' AND expires_at > $3 RETURNING *`,
        [id, d.status, d.at.toISOString(), JSON.stringify(d.by), d.reason],
      );
      return records(rows)[0];
    },
    async expire(at) {
      const { rows } = await pool.query<{ id: string }>(
        `UPDATE approvals SET status = 'expired', decided_at = $1 WHERE status = 'pending' AND expires_at <= $1 RETURNING id`,
        [at.toISOString()],
      );
      return rows.map((r) => r.id).sort();
    },
    async consume(id, argsHash, at) {
      const r = await pool.query(
        `UPDATE approvals SET consumed_at = $3 WHERE id = $1 AND status = 'approved' AND args_hash = $2 AND consumed_at IS NULL`,
        [id, argsHash, at.toISOString()],
      );
      return (r.rowCount ?? 0) > 0;
    },
  };
}
