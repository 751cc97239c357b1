import type pg from 'pg';
import type { ReviewItem, ReviewStore } from '../spec/review.js';
import { inTransaction } from './postgres-connect.js';
import { decidedItem, mergeFiling, newItem, REVIEW_LIST_LIMIT, reviewItemOf, type ReviewRow } from './review-record.js';

const items = (rows: ReviewRow[]) => rows.map(reviewItemOf).filter((r): r is ReviewItem => r !== undefined);

const INSERT = `INSERT INTO review_items (id, tenant, request_id, reasons, rule_ids, action, feedback, status, label, note, category, reviewed_by, created_at, updated_at, reviewed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;
const UPSERT = `${INSERT}
  ON CONFLICT (id) DO UPDATE SET reasons = $4, rule_ids = $5, feedback = $7, status = $8, label = $9, note = $10, category = $11,
    reviewed_by = $12, updated_at = $14, reviewed_at = $15`;

function values(i: ReviewItem): unknown[] {
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  return [i.id, i.tenant, i.requestId, json(i.reasons), json(i.ruleIds), i.action, json(i.feedback), i.status, i.label, i.note, i.category, json(i.reviewedBy), i.createdAt, i.updatedAt, i.reviewedAt];
}

/**
 * The review queue in PostgreSQL (review_items, migration 4), shared by every replica and the CLI. A filing takes the
 * request's row lock (inserting the row first when it is new), so filings from two replicas merge instead of racing.
 */
export function createPostgresReviewStore(pool: pg.Pool): ReviewStore {
  const locked = async (c: pg.PoolClient, where: string, params: unknown[]) => items((await c.query<ReviewRow>(`SELECT * FROM review_items WHERE ${where} FOR UPDATE`, params)).rows)[0];
  return {
    async file(f) {
      return inTransaction(pool, async (c) => {
        const fresh = newItem(f);
        const inserted = await c.query(`${INSERT} ON CONFLICT (tenant, request_id) DO NOTHING`, values(fresh));
        if ((inserted.rowCount ?? 0) > 0) return fresh;
        const existing = await locked(c, 'tenant = $1 AND request_id = $2', [f.tenant, f.requestId]);
        if (existing === undefined) throw new Error(`review item of request ${f.requestId} is unreadable: corrupt row`);
        const item = mergeFiling(existing, f);
        await c.query(UPSERT, values(item));
        return item;
      });
    },
    async get(id) {
      const { rows } = await pool.query<ReviewRow>('SELECT * FROM review_items WHERE id = $1', [id]);
      return items(rows)[0];
    },
    async byRequest(tenant, requestId) {
      const { rows } = await pool.query<ReviewRow>('SELECT * FROM review_items WHERE tenant = $1 AND request_id = $2', [tenant, requestId]);
      return items(rows)[0];
    },
    async list(filter = {}) {
      const { rows } = await pool.query<ReviewRow>(
        `SELECT * FROM review_items WHERE ($1::text IS NULL OR tenant = $1) AND ($2::text IS NULL OR status = $2)
           AND ($3::text IS NULL OR reasons ? $3)
           AND ($4::text IS NULL OR created_at < $4 OR (created_at = $4 AND id < $5))
         ORDER BY created_at DESC, id DESC LIMIT $6`,
        [filter.tenant ?? null, filter.status ?? null, filter.reason ?? null, filter.before?.createdAt ?? null, filter.before?.id ?? null, filter.limit ?? REVIEW_LIST_LIMIT],
      );
      return items(rows);
    },
    async decide(id, d) {
      return inTransaction(pool, async (c) => {
        const existing = await locked(c, 'id = $1', [id]);
        if (existing === undefined) return undefined;
        const item = decidedItem(existing, d);
        await c.query(UPSERT, values(item));
        return item;
      });
    },
  };
}
