/** The approvals row -> ApprovalRecord mapping both approval stores share (SQLite keeps JSON as text, PostgreSQL as JSONB). */
import { APPROVAL_STATUSES, type ApprovalRecord, type ApprovalStatus, type Approver } from '../spec/approvals.js';

/** An approvals row with its JSON columns (`requester`, `decided_by`) already parsed. */
export type ApprovalRow = Record<string, unknown>;

function isStatus(v: unknown): v is ApprovalStatus {
  return typeof v === 'string' && (APPROVAL_STATUSES as readonly string[]).includes(v);
}

const text = (row: ApprovalRow, col: string): string | null => {
  const v = row[col];
  return typeof v === 'string' ? v : null;
};

const object = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null);

function approverOf(v: Record<string, unknown> | null): Approver | null {
  if (v === null) return null;
  const via = v['via'];
  if (typeof v['name'] !== 'string' || (via !== 'cli' && via !== 'admin-token' && via !== 'key' && via !== 'library')) return null;
  return { name: v['name'], via, ...(typeof v['keyId'] === 'string' ? { keyId: v['keyId'] } : {}) };
}

/** undefined for a row that is not a well-formed approval (foreign or corrupt data is skipped, not trusted). */
export function approvalRecordOf(row: ApprovalRow): ApprovalRecord | undefined {
  const status = row['status'];
  const requester = object(row['requester']);
  const [id, tenant, tool, args, argsHash, reason, createdAt, expiresAt] = ['id', 'tenant', 'tool', 'args', 'args_hash', 'reason', 'created_at', 'expires_at'].map((c) =>
    text(row, c),
  );
  if (!isStatus(status) || requester === null || typeof requester['keyId'] !== 'string') return undefined;
  if (id == null || tenant == null || tool == null || args == null || argsHash == null || reason == null || createdAt == null || expiresAt == null) return undefined;
  const userId = requester['userId'];
  const ruleId = text(row, 'rule_id');
  const requestId = text(row, 'request_id');
  return {
    id,
    tenant,
    requester: { keyId: requester['keyId'], ...(typeof userId === 'string' ? { userId } : {}) },
    tool,
    args,
    argsHash,
    reason,
    status,
    createdAt,
    expiresAt,
    decidedAt: text(row, 'decided_at'),
    decidedBy: approverOf(object(row['decided_by'])),
    decisionReason: text(row, 'decision_reason'),
    consumedAt: text(row, 'consumed_at'),
    ...(ruleId === null ? {} : { ruleId }),
    ...(requestId === null ? {} : { requestId }),
  };
}
