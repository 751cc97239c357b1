/**
 * restricted-content: an answer that reproduces a restricted document the caller may not read, verbatim or lightly
 * reworded, even when retrieval was bypassed (the model saw it in training, a cache, another tenant's context, a
 * tool). The request's `restricted` context holds the documents' winnowed shingle fingerprints and the caller's
 * access; every shingle of the answer is looked up, so any 5 content words shared in order are found.
 */
import { z } from 'zod';
import type { Detector, RawFinding, Span } from '../spec/types.js';
import type { RestrictedContent } from '../spec/context.js';
import { shingles } from './restricted-content/shingles.js';

/** Output held back in streams so one minimal match (5 content words and the stopwords between them) is seen whole. */
export const MAX_PATTERN_CHARS = 256;
/** Documents reported per answer. */
const MAX_DOCUMENTS = 8;

const shape = {
  min_matches: z.number().int().min(1).max(1000).default(2).describe('Distinct fingerprints of one document an answer must share to count as reproducing it'),
  min_share: z.number().min(0.01).max(1).default(0.2).describe('Share of a document\'s fingerprints at which a reproduction scores 1'),
  max_postings: z.number().int().min(1).default(20).describe('Fingerprints found in more documents than this are boilerplate and ignored'),
};

interface Hit {
  ordinal: number;
  hashes: Set<number>;
  spans: Span[];
}

function mergeSpans(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end + 1) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function hitsOf(text: string, restricted: RestrictedContent, maxPostings: number): Map<number, Hit> {
  const { hashes, start, end } = shingles(text);
  const hits = new Map<number, Hit>();
  hashes.forEach((h, i) => {
    const docs = restricted.index.postings(h);
    // A passage the caller may read in some document is not evidence against it, whatever else holds it.
    if (!docs || docs.length > maxPostings || docs.some((d) => restricted.mayRead(d))) return;
    for (const d of docs) {
      let hit = hits.get(d);
      if (!hit) hits.set(d, (hit = { ordinal: d, hashes: new Set(), spans: [] }));
      hit.hashes.add(h);
      hit.spans.push({ start: start[i] as number, end: end[i] as number });
    }
  });
  return hits;
}

export const restrictedContent: Detector<typeof shape> = {
  id: 'restricted-content',
  stages: ['output'],
  cost: 1,
  description: 'Detects answers reproducing restricted documents the caller may not read (winnowed shingle fingerprints)',
  options: z.object(shape),
  scan(text, ctx) {
    const restricted = ctx.request.restricted;
    if (!restricted || restricted.index.size === 0 || text.length === 0) return [];
    const o = ctx.settings.options;
    const findings: RawFinding[] = [];
    const ranked = [...hitsOf(text, restricted, o.max_postings).values()].sort((a, b) => b.hashes.size - a.hashes.size);
    for (const hit of ranked) {
      const doc = restricted.index.document(hit.ordinal);
      if (!doc || hit.hashes.size < o.min_matches || findings.length >= MAX_DOCUMENTS) continue;
      const share = hit.hashes.size / Math.max(1, doc.fingerprints);
      const score = 0.5 + 0.5 * Math.min(1, share / o.min_share);
      const name = doc.source ?? doc.id;
      findings.push({
        ruleId: 'restricted-content/reproduced',
        score: Math.round(score * 1000) / 1000,
        spans: mergeSpans(hit.spans),
        message: `Output reproduces ${hit.hashes.size} passages (${Math.round(share * 100)}%) of restricted document "${name.slice(0, 80)}" the caller may not read`,
        redactable: true,
      });
    }
    return findings;
  },
};
