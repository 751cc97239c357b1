/**
 * Feeds the review queue from finished requests: the server subscribes this to its audit tap (audit-events.ts), so
 * each stored request record is triaged once, after its answer has left; a failed filing is logged, never the request's.
 */
import type { AuditRecord } from '../spec/gateway.js';
import type { ReviewStore } from '../spec/review.js';
import { triageFiling } from '../review/filing.js';
import { triage } from '../review/triage.js';
import type { ReviewConfig } from './config-review.js';

export function reviewFeeder(store: ReviewStore, cfg: ReviewConfig, onError: (err: unknown) => void, now: () => number = Date.now): (rec: AuditRecord) => void {
  const settings = { lowConfidenceBand: cfg.low_confidence_band, monitor: cfg.monitor };
  return (rec) => {
    const picked = triage(rec, settings);
    if (picked === undefined) return;
    store.file(triageFiling(rec, picked, new Date(now()))).catch(onError);
  };
}
