/**
 * Canaries Warden issues (src/context/canaries.ts) have one shape, so a later input can be searched for any of them
 * without a list: `wdc` and 32 hex digits, verified by the request's `isIssuedCanary` (an HMAC check).
 */
import type { RawFinding, Span } from '../../spec/types.js';
import { buildSkeleton, skeletonSpan } from '../shared/skeleton.js';

export const ISSUED_PREFIX = 'wdc';
export const ISSUED_HEX = 32;
/** An issued canary as written. */
export const ISSUED_SHAPE = /wdc[0-9a-f]{32}/gi;
/** The prefix with separators between its letters: the skeleton search is worth building only then. */
const SPACED_PREFIX = /w[^a-z0-9]{0,3}d[^a-z0-9]{0,3}c/i;
const MAX_HITS = 16;

function collect(haystack: string, isIssued: (t: string) => boolean, toSpan: (s: number, e: number) => Span, out: Span[]): void {
  for (const m of haystack.matchAll(ISSUED_SHAPE)) {
    if (out.length >= MAX_HITS) return;
    if (!isIssued(m[0])) continue;
    const span = toSpan(m.index, m.index + m[0].length);
    if (!out.some((h) => h.start < span.end && span.start < h.end)) out.push(span);
  }
}

/** Issued canaries in the text, as written or with separators inserted; `skip` holds tokens reported otherwise. */
export function findIssued(text: string, isIssued: (t: string) => boolean, skip: ReadonlySet<string>): RawFinding | null {
  const known = (t: string) => !skip.has(t.toLowerCase()) && isIssued(t);
  const spans: Span[] = [];
  collect(text, known, (start, end) => ({ start, end }), spans);
  if (spans.length === 0 && SPACED_PREFIX.test(text)) {
    const sk = buildSkeleton(text);
    collect(sk.lower, known, (s, e) => skeletonSpan(sk, s, e), spans);
  }
  if (spans.length === 0) return null;
  return {
    ruleId: 'canary-token/replayed',
    score: 1,
    spans: spans.sort((a, b) => a.start - b.start),
    entityType: 'CANARY_TOKEN',
    message: 'A canary Warden issued appears in the text: a protected prompt or document leaked and is being replayed',
    redactable: true,
  };
}
