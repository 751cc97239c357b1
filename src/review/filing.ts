/** The filings the gateway hands the review store: one for a request that triage picked, one per user report. */
import { randomBytes } from 'node:crypto';
import type { AuditRecord } from '../spec/gateway.js';
import type { ReviewFeedback, ReviewFiling } from '../spec/review.js';
import type { TriageResult } from './triage.js';

/** `rev_` and 16 URL-safe random characters (96 bits): ids are shown to reviewers and put in URLs. */
export function newReviewId(): string {
  return `rev_${randomBytes(12).toString('base64url')}`;
}

/** The filing of a request triage picked; the record must have a tenant (triage refuses the others). */
export function triageFiling(rec: AuditRecord, t: TriageResult, at: Date): ReviewFiling {
  return { id: newReviewId(), tenant: rec.identity?.tenant ?? '', requestId: rec.requestId, reasons: t.reasons, ruleIds: t.ruleIds, action: rec.action, at: at.toISOString() };
}

/** The filing of a user's report on a request of their own tenant. */
export function feedbackFiling(rec: AuditRecord, tenant: string, feedback: ReviewFeedback): ReviewFiling {
  return { id: newReviewId(), tenant, requestId: rec.requestId, reasons: ['feedback'], ruleIds: [], action: rec.action, feedback, at: feedback.at };
}
