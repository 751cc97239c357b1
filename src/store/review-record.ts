/**
 * What both review stores share: the row -> ReviewItem mapping (SQLite keeps JSON as text, PostgreSQL as JSONB,
 * parsed before this sees them) and the merge of a filing into a request's item, done in one transaction by each.
 */
import {
  REVIEW_LABELS,
  REVIEW_REASONS,
  REVIEW_STATUSES,
  type ReviewDecision,
  type ReviewFeedback,
  type ReviewFiling,
  type ReviewItem,
  type ReviewLabel,
  type ReviewReason,
  type Reviewer,
} from '../spec/review.js';
import { withFields } from '../core/objects.js';

/** A review_items row with its JSON columns (`reasons`, `rule_ids`, `feedback`, `reviewed_by`) already parsed. */
export type ReviewRow = Record<string, unknown>;

/** Feedback kept per item: a flood of reports on one request must not grow its row without bound. */
export const MAX_FEEDBACK_PER_ITEM = 50;

const text = (row: ReviewRow, col: string): string | null => {
  const v = row[col];
  return typeof v === 'string' ? v : null;
};

const oneOf = <T extends string>(values: readonly T[], v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

function reviewerOf(v: unknown): Reviewer | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const via = r['via'];
  if (typeof r['name'] !== 'string' || (via !== 'admin-token' && via !== 'dashboard' && via !== 'cli')) return null;
  return { name: r['name'], via };
}

function feedbackOf(v: unknown): ReviewFeedback[] {
  if (!Array.isArray(v)) return [];
  return v.filter((f): f is ReviewFeedback => typeof f === 'object' && f !== null && (f.rating === 'good' || f.rating === 'bad') && typeof f.keyId === 'string' && typeof f.at === 'string');
}

/** undefined for a row that is not a well-formed item (foreign or corrupt data is skipped, not trusted). */
export function reviewItemOf(row: ReviewRow): ReviewItem | undefined {
  const [id, tenant, requestId, action, createdAt, updatedAt] = ['id', 'tenant', 'request_id', 'action', 'created_at', 'updated_at'].map((c) => text(row, c));
  const status = row['status'];
  const label = row['label'];
  if (id == null || tenant == null || requestId == null || action == null || createdAt == null || updatedAt == null || !oneOf(REVIEW_STATUSES, status)) return undefined;
  return {
    id,
    tenant,
    requestId,
    reasons: strings(row['reasons']).filter((r): r is ReviewReason => oneOf(REVIEW_REASONS, r)),
    ruleIds: strings(row['rule_ids']),
    action,
    feedback: feedbackOf(row['feedback']),
    status,
    label: oneOf<ReviewLabel>(REVIEW_LABELS, label) ? label : null,
    note: text(row, 'note'),
    category: text(row, 'category'),
    reviewedBy: reviewerOf(row['reviewed_by']),
    createdAt,
    updatedAt,
    reviewedAt: text(row, 'reviewed_at'),
  };
}

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];

/** The item a filing creates. */
export function newItem(f: ReviewFiling): ReviewItem {
  return {
    id: f.id,
    tenant: f.tenant,
    requestId: f.requestId,
    reasons: union([], f.reasons),
    ruleIds: union([], f.ruleIds),
    action: f.action,
    feedback: f.feedback === undefined ? [] : [f.feedback],
    status: 'open',
    label: null,
    note: null,
    category: null,
    reviewedBy: null,
    createdAt: f.at,
    updatedAt: f.at,
    reviewedAt: null,
  };
}

/** The request's item with a later filing added; new feedback reopens a reviewed item (the reviewer has not seen it). */
export function mergeFiling(item: ReviewItem, f: ReviewFiling): ReviewItem {
  const feedback = f.feedback === undefined ? item.feedback : [...item.feedback, f.feedback].slice(-MAX_FEEDBACK_PER_ITEM);
  return withFields(item, {
    reasons: union(item.reasons, f.reasons),
    ruleIds: union(item.ruleIds, f.ruleIds),
    feedback,
    status: f.feedback === undefined ? item.status : ('open' as const),
    updatedAt: f.at,
  });
}

/** The item labelled by a decision (a later decision replaces an earlier one). */
export function decidedItem(item: ReviewItem, d: ReviewDecision): ReviewItem {
  const at = d.at.toISOString();
  return withFields(item, { status: 'reviewed' as const, label: d.label, note: d.note, category: d.category, reviewedBy: d.by, reviewedAt: at, updatedAt: at });
}

/** Default page size of list(). */
export const REVIEW_LIST_LIMIT = 100;
