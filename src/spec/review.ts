/**
 * Human review of interactions: the queue item the gateway files when a rule in monitor mode fired, a verdict was
 * low-confidence or a user reported a bad answer, the reviewer's label, and the store that keeps them. Types only.
 */

/** Why an interaction is in the queue; one item per request collects every reason it was filed for. */
export type ReviewReason = 'monitor' | 'low_confidence' | 'feedback';
export const REVIEW_REASONS: readonly ReviewReason[] = ['monitor', 'low_confidence', 'feedback'];

/** A reviewer's verdict on the request: Warden was right to act, acted on benign text, or let an attack through. */
export type ReviewLabel = 'correct_block' | 'false_positive' | 'missed_attack';
export const REVIEW_LABELS: readonly ReviewLabel[] = ['correct_block', 'false_positive', 'missed_attack'];

export type ReviewStatus = 'open' | 'reviewed';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['open', 'reviewed'];

/** What the user reported through POST /v1/feedback, with who sent it (never a credential). */
export interface ReviewFeedback {
  /** `bad` (the answer was wrong or harmful) or `good`; applications map their own widgets onto these. */
  rating: 'good' | 'bad';
  /** What the user thinks went wrong: an attack got through, a benign request was blocked, or another problem. */
  label?: 'missed_attack' | 'false_positive' | 'other';
  comment?: string;
  keyId: string;
  userId?: string;
  /** The feedback call's own request id (its audit record). */
  feedbackRequestId: string;
  /** ISO-8601. */
  at: string;
}

/** Who decided: a named person and the interface they used. */
export interface Reviewer {
  name: string;
  via: 'admin-token' | 'dashboard' | 'cli';
}

/** One request in the queue. Its context and findings stay in the audit record of `requestId`. */
export interface ReviewItem {
  /** `rev_` + random characters. */
  id: string;
  tenant: string;
  requestId: string;
  reasons: ReviewReason[];
  /** Rule ids that put the request here (monitor-mode or low-confidence findings); empty for feedback alone. */
  ruleIds: string[];
  /** The request's decision as recorded (`allow`, `block`, ...). */
  action: string;
  feedback: ReviewFeedback[];
  status: ReviewStatus;
  label: ReviewLabel | null;
  /** The reviewer's note; for a missed attack, what the attack was. */
  note: string | null;
  /** Corpus category of the text (e.g. `direct_injection`, `jailbreak`, `benign`) when the reviewer gave one. */
  category: string | null;
  reviewedBy: Reviewer | null;
  /** ISO-8601. */
  createdAt: string;
  updatedAt: string;
  reviewedAt: string | null;
}

/** What the gateway files: merged into the request's item when it already has one. */
export interface ReviewFiling {
  id: string;
  tenant: string;
  requestId: string;
  reasons: ReviewReason[];
  ruleIds: string[];
  action: string;
  feedback?: ReviewFeedback;
  at: string;
}

export interface ReviewDecision {
  label: ReviewLabel;
  note: string | null;
  category: string | null;
  by: Reviewer;
  at: Date;
}

export interface ReviewFilter {
  tenant?: string;
  status?: ReviewStatus;
  reason?: ReviewReason;
  limit?: number;
  /** Cursor: items created before this item (newest first). */
  before?: { createdAt: string; id: string };
}

/** The review queue; the SQLite and PostgreSQL stores pass the same contract tests. */
export interface ReviewStore {
  /** Creates the request's item or adds reasons, rule ids and feedback to it; a reviewed item reopens on new feedback. */
  file(f: ReviewFiling): Promise<ReviewItem>;
  get(id: string): Promise<ReviewItem | undefined>;
  byRequest(tenant: string, requestId: string): Promise<ReviewItem | undefined>;
  /** Newest first. */
  list(filter?: ReviewFilter): Promise<ReviewItem[]>;
  /** Labels the item (a later decision replaces an earlier one); undefined when there is no such item. */
  decide(id: string, d: ReviewDecision): Promise<ReviewItem | undefined>;
}
