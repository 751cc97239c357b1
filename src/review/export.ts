/**
 * Reviewed items as labelled JSONL in the `warden eval` classification format (`text`, `label`, `category`), each row
 * tagged with the source `warden/review:<item id>`: the classifier scripts train on that source group and never hold
 * it out or calibrate on it (scripts/classifier/loso.ts TRAINING_ONLY_GROUPS), so operator labels never grade the model.
 */
import type { AuditRecord } from '../spec/gateway.js';
import type { ReviewItem, ReviewLabel, ReviewStore } from '../spec/review.js';
import type { Finding } from '../spec/types.js';

/** Source group of every exported row (the part of `source` before the first ':'). */
export const REVIEW_SOURCE = 'warden/review';

/** One exported row: a `warden eval` classification line with its provenance. */
export interface ReviewExportRow {
  id: string;
  text: string;
  label: 'attack' | 'benign';
  category?: string;
  source: string;
  /** The reviewer's label it came from, for regression suites that keep them apart. */
  review: ReviewLabel;
}

export interface ReviewExport {
  rows: ReviewExportRow[];
  /** Reviewed items that gave no row, with why (the audit record was pruned, the request had no user text). */
  skipped: { id: string; requestId: string; why: string }[];
}

const LABEL: Readonly<Record<ReviewLabel, 'attack' | 'benign'>> = { correct_block: 'attack', missed_attack: 'attack', false_positive: 'benign' };

/** Corpus categories the reviewer may give (scripts/corpus/schema.ts). */
export const REVIEW_CATEGORIES = ['direct_injection', 'jailbreak', 'indirect_injection', 'harmful_request', 'benign', 'benign_hard'] as const;

/** The category of an attack from the rules that caught it, when one of them names it; undefined otherwise. */
function categoryOf(item: ReviewItem, findings: readonly Finding[]): string | undefined {
  if (item.category !== null) return item.category;
  if (LABEL[item.label ?? 'correct_block'] === 'benign') return 'benign';
  const detectors = new Set(findings.filter((f) => item.ruleIds.length === 0 || item.ruleIds.includes(f.ruleId)).map((f) => f.detector));
  if (detectors.has('harmful-request')) return 'harmful_request';
  const injection = findings.find((f) => f.detector === 'prompt-injection' || f.detector === 'injection-classifier');
  if (injection === undefined) return undefined;
  return injection.stage === 'retrieved' || injection.stage === 'tool_result' ? 'indirect_injection' : 'direct_injection';
}

/** The scanned text the verdict was about: the messages the input findings point at, else the last user message. */
function textOf(record: AuditRecord): string | undefined {
  const messages = record.request.messages;
  const indexes = [...new Set(record.inputFindings.map((f) => (f as Finding & { messageIndex?: number }).messageIndex))].filter(
    (i): i is number => typeof i === 'number' && messages[i] !== undefined,
  );
  const picked = indexes.length > 0 ? indexes.sort((a, b) => a - b).map((i) => messages[i]?.content ?? '') : [messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''];
  const text = picked.join('\n\n');
  return text.trim() === '' ? undefined : text;
}

/** The row of one reviewed item and its request's audit record, or why there is none. */
export function exportRow(item: ReviewItem, record: AuditRecord | undefined): ReviewExportRow | string {
  if (item.label === null) return 'not reviewed';
  if (record === undefined) return 'the audit record of the request is gone (pruned by retention)';
  const text = textOf(record);
  if (text === undefined) return 'the request has no user text';
  const category = categoryOf(item, [...record.inputFindings, ...record.outputFindings]);
  return { id: `${REVIEW_SOURCE}:${item.id}`, text, label: LABEL[item.label], ...(category === undefined ? {} : { category }), source: `${REVIEW_SOURCE}:${item.id}`, review: item.label };
}

/** Every labelled item (of one tenant, or all; a labelled item reopened by new feedback too), newest first, with its request's audit record. */
export async function exportReviewed(store: ReviewStore, audit: { get(requestId: string): Promise<AuditRecord | undefined> }, tenant?: string): Promise<ReviewExport> {
  const out: ReviewExport = { rows: [], skipped: [] };
  const PAGE = 500;
  let before: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await store.list({ tenant, limit: PAGE, before });
    for (const item of page) {
      if (item.label === null) continue;
      const record = await audit.get(item.requestId);
      // A request id is unique per gateway, but only the item's own tenant's record may feed its row.
      const row = exportRow(item, record?.identity?.tenant === item.tenant ? record : undefined);
      if (typeof row === 'string') out.skipped.push({ id: item.id, requestId: item.requestId, why: row });
      else out.rows.push(row);
    }
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return out;
    before = { createdAt: last.createdAt, id: last.id };
  }
}

/** The rows as JSONL, one object per line. */
export function toJsonl(rows: readonly ReviewExportRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '');
}
