import type { ReviewItem, ReviewStore } from '../spec/review.js';
import { withFields } from '../core/objects.js';
import { asRow, type SqliteDb } from './sqlite.js';
import { decidedItem, mergeFiling, newItem, REVIEW_LIST_LIMIT, reviewItemOf } from './review-record.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS review_items (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  request_id TEXT NOT NULL,
  reasons TEXT NOT NULL,
  rule_ids TEXT NOT NULL,
  action TEXT NOT NULL,
  feedback TEXT NOT NULL,
  status TEXT NOT NULL,
  label TEXT,
  note TEXT,
  category TEXT,
  reviewed_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  reviewed_at TEXT,
  UNIQUE (tenant, request_id)
);
CREATE INDEX IF NOT EXISTS review_items_created ON review_items (created_at, id);
`;

const JSON_COLUMNS = ['reasons', 'rule_ids', 'feedback', 'reviewed_by'] as const;

function toItem(raw: unknown): ReviewItem | undefined {
  const row = asRow(raw);
  if (!row) return undefined;
  const parsed: Record<string, unknown> = {};
  for (const c of JSON_COLUMNS) parsed[c] = typeof row[c] === 'string' ? JSON.parse(row[c]) : null;
  return reviewItemOf(withFields(row, parsed));
}

const items = (rows: unknown[]) => rows.map(toItem).filter((r): r is ReviewItem => r !== undefined);

function columns(i: ReviewItem) {
  return {
    id: i.id,
    tenant: i.tenant,
    requestId: i.requestId,
    reasons: JSON.stringify(i.reasons),
    ruleIds: JSON.stringify(i.ruleIds),
    action: i.action,
    feedback: JSON.stringify(i.feedback),
    status: i.status,
    label: i.label,
    note: i.note,
    category: i.category,
    reviewedBy: i.reviewedBy === null ? null : JSON.stringify(i.reviewedBy),
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    reviewedAt: i.reviewedAt,
  };
}

/**
 * The review queue in SQLite (`<data_dir>/warden.db`, shared by the gateway and the CLI). One item per tenant and
 * request: a filing for a request that has one is merged into it inside one transaction.
 */
export function createSqliteReviewStore(db: SqliteDb): ReviewStore {
  db.exec(SCHEMA);
  const get = db.prepare('SELECT * FROM review_items WHERE id = ?');
  const byRequest = db.prepare('SELECT * FROM review_items WHERE tenant = ? AND request_id = ?');
  const upsert = db.prepare(
    `INSERT INTO review_items (id, tenant, request_id, reasons, rule_ids, action, feedback, status, label, note, category, reviewed_by, created_at, updated_at, reviewed_at)
     VALUES (@id, @tenant, @requestId, @reasons, @ruleIds, @action, @feedback, @status, @label, @note, @category, @reviewedBy, @createdAt, @updatedAt, @reviewedAt)
     ON CONFLICT (id) DO UPDATE SET reasons = @reasons, rule_ids = @ruleIds, feedback = @feedback, status = @status, label = @label, note = @note,
       category = @category, reviewed_by = @reviewedBy, updated_at = @updatedAt, reviewed_at = @reviewedAt`,
  );
  const list = db.prepare(
    `SELECT * FROM review_items WHERE (@tenant IS NULL OR tenant = @tenant) AND (@status IS NULL OR status = @status)
       AND (@reason IS NULL OR EXISTS (SELECT 1 FROM json_each(reasons) WHERE value = @reason))
       AND (@beforeAt IS NULL OR created_at < @beforeAt OR (created_at = @beforeAt AND id < @beforeId))
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const file = db.transaction((f: Parameters<ReviewStore['file']>[0]): ReviewItem => {
    const existing = toItem(byRequest.get(f.tenant, f.requestId));
    const item = existing === undefined ? newItem(f) : mergeFiling(existing, f);
    upsert.run(columns(item));
    return item;
  });
  const decide = db.transaction((id: string, d: Parameters<ReviewStore['decide']>[1]): ReviewItem | undefined => {
    const existing = toItem(get.get(id));
    if (existing === undefined) return undefined;
    const item = decidedItem(existing, d);
    upsert.run(columns(item));
    return item;
  });
  return {
    async file(f) {
      // IMMEDIATE: the read and the write hold one lock, so a filing from another process cannot slip between them.
      return file.immediate(f);
    },
    async get(id) {
      return toItem(get.get(id));
    },
    async byRequest(tenant, requestId) {
      return toItem(byRequest.get(tenant, requestId));
    },
    async list(filter = {}) {
      return items(
        list.all({
          tenant: filter.tenant ?? null,
          status: filter.status ?? null,
          reason: filter.reason ?? null,
          beforeAt: filter.before?.createdAt ?? null,
          beforeId: filter.before?.id ?? null,
          limit: filter.limit ?? REVIEW_LIST_LIMIT,
        }),
      );
    },
    async decide(id, d) {
      return decide.immediate(id, d);
    },
  };
}
