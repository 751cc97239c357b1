/**
 * /admin/review: the human review queue. Reviewers list items, read one with its request's audit record (the context
 * and findings they judge), and label it; the admin plugin's onSend hook audits every call, with the decision as its
 * change. /admin/review/export returns the labelled items as `warden eval` JSONL (src/review/export.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditStore } from '../spec/gateway.js';
import { REVIEW_LABELS, REVIEW_REASONS, REVIEW_STATUSES, type ReviewItem, type Reviewer, type ReviewStore } from '../spec/review.js';
import { exportReviewed, REVIEW_CATEGORIES, toJsonl } from '../review/export.js';
import { idParams, parse } from './admin-input.js';
import { GatewayError } from './errors.js';

export interface ReviewDeps {
  review: ReviewStore;
  audit: Pick<AuditStore, 'get'>;
  now: () => number;
}

export const reviewListQuery = z.strictObject({
  tenant: z.string().min(1).optional(),
  status: z.enum(REVIEW_STATUSES as [string, ...string[]]).optional(),
  reason: z.enum(REVIEW_REASONS as [string, ...string[]]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** `next_cursor` of the previous page: the id of its last item. */
  cursor: z.string().min(1).max(100).optional(),
});

export const reviewDecisionBody = z
  .strictObject({
    /** The person deciding, as the audit log should name them (the dashboard takes its operator's name). */
    reviewer: z.string().min(1).max(200).optional(),
    label: z.enum(REVIEW_LABELS as [string, ...string[]]),
    note: z.string().min(1).max(2000).optional(),
    /** Corpus category of the text for the export; default: from the rules that fired, `benign` for a false positive. */
    category: z.enum(REVIEW_CATEGORIES).optional(),
  })
  .refine((b) => b.label !== 'missed_attack' || b.note !== undefined, { message: 'a missed attack needs a note saying what the attack was', path: ['note'] });

export type ReviewListQuery = z.infer<typeof reviewListQuery>;

/** One page of the queue, newest first, and the cursor of the next page (null after the last). */
export async function reviewPage(review: ReviewStore, q: ReviewListQuery, tenant = q.tenant): Promise<{ items: ReviewItem[]; next_cursor: string | null }> {
  let before: { createdAt: string; id: string } | undefined;
  if (q.cursor !== undefined) {
    const at = await review.get(q.cursor);
    if (at === undefined || (tenant !== undefined && at.tenant !== tenant)) throw new GatewayError('invalid_request', 'cursor must be the next_cursor of a previous page');
    before = { createdAt: at.createdAt, id: at.id };
  }
  const items = await review.list({ tenant, status: q.status as ReviewItem['status'] | undefined, reason: q.reason as ReviewItem['reasons'][number] | undefined, limit: q.limit, before });
  const last = items.at(-1);
  return { items, next_cursor: items.length === q.limit && last !== undefined ? last.id : null };
}

/** The item with its request's audit record (null when retention pruned it); another tenant's record is never attached. */
export async function reviewDetail(deps: ReviewDeps, item: ReviewItem) {
  const record = await deps.audit.get(item.requestId);
  return { item, request: record?.identity?.tenant === item.tenant ? record : null };
}

/** Labels an item; returns the item and the audit change describing the decision. */
export async function decideReview(deps: ReviewDeps, id: string, body: unknown, by: (b: z.infer<typeof reviewDecisionBody>) => Reviewer, inTenant?: (item: ReviewItem) => boolean) {
  const b = parse(reviewDecisionBody, body ?? {});
  const reviewer = by(b);
  const existing = await deps.review.get(id);
  if (existing === undefined || (inTenant !== undefined && !inTenant(existing))) throw new GatewayError('not_found', 'No such review item.');
  const item = await deps.review.decide(id, { label: b.label as ReviewItem['label'] & string, note: b.note ?? null, category: b.category ?? null, by: reviewer, at: new Date(deps.now()) });
  if (item === undefined) throw new GatewayError('not_found', 'No such review item.');
  const change = { change: 'review.decide', item: id, requestId: item.requestId, tenant: item.tenant, label: item.label, note: item.note, category: item.category, reviewer, previous: existing.label };
  return { item, change };
}

export function reviewRoutes(app: FastifyInstance, deps: ReviewDeps, record: (req: FastifyRequest, change: Record<string, unknown>) => void): void {
  app.get('/admin/review', async (req) => reviewPage(deps.review, parse(reviewListQuery, req.query)));
  app.get('/admin/review/export', async (req, reply) => {
    const q = parse(z.strictObject({ tenant: z.string().min(1).optional() }), req.query);
    const out = await exportReviewed(deps.review, deps.audit, q.tenant);
    reply.header('content-type', 'application/x-ndjson; charset=utf-8');
    reply.header('x-warden-review-skipped', String(out.skipped.length));
    return toJsonl(out.rows);
  });
  app.get('/admin/review/:id', async (req) => {
    const item = await deps.review.get(parse(idParams, req.params).id);
    if (item === undefined) throw new GatewayError('not_found', 'No such review item.');
    return reviewDetail(deps, item);
  });
  app.post('/admin/review/:id/decision', async (req) => {
    const { id } = parse(idParams, req.params);
    const { item, change } = await decideReview(deps, id, req.body, (b) => {
      if (b.reviewer === undefined) throw new GatewayError('invalid_request', 'reviewer: the admin token names no person, so a decision names its reviewer');
      return { name: b.reviewer, via: 'admin-token' };
    });
    record(req, change);
    return item;
  });
}
