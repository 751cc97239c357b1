/**
 * Long verbatim spans from protected corpora the operator registers (copyrighted books, confidential text). The
 * corpora are kept as the restricted-content detector keeps restricted documents: winnowed content shingles in
 * context/fingerprints.ts, never the text. An answer's shingles are looked up; hits on one document no more than a
 * winnowing window apart form a run (a copied passage yields a fingerprint in every window), and a run covering at
 * least `minWords` content words is a verbatim span. Function words are not shingled and words are cut to a stem,
 * so a copy with changed articles or inflections is still one span.
 */
import type { FingerprintIndex } from '../spec/context.js';
import { SHINGLE_WORDS, WINNOW_WINDOW, shingles } from '../detectors/restricted-content/shingles.js';

export interface VerbatimOptions {
  /** Content words (function words not counted) a span must cover. */
  minWords: number;
  /** Fingerprints found in more corpus documents than this are boilerplate and ignored. */
  maxPostings: number;
}

export interface VerbatimSpan {
  start: number;
  end: number;
  /** Ordinal of the corpus document in the index. */
  ordinal: number;
  /** Content words the span covers (a lower bound: up to two windows more may match at its edges). */
  words: number;
}

/** Spans reported per answer, longest first. */
const MAX_SPANS = 8;

interface Run {
  first: number;
  last: number;
}

export function findVerbatim(answer: string, index: FingerprintIndex, opts: VerbatimOptions): VerbatimSpan[] {
  if (index.size === 0 || answer.length === 0) return [];
  const { hashes, start, end } = shingles(answer);
  const open = new Map<number, Run>();
  const out: VerbatimSpan[] = [];
  const close = (ordinal: number, r: Run) => {
    const words = r.last - r.first + SHINGLE_WORDS;
    if (words >= opts.minWords) out.push({ start: start[r.first] as number, end: end[r.last] as number, ordinal, words });
  };
  hashes.forEach((h, i) => {
    const docs = index.postings(h);
    if (docs === undefined || docs.length > opts.maxPostings) return;
    for (const d of docs) {
      const run = open.get(d);
      if (run !== undefined && i - run.last <= WINNOW_WINDOW) {
        run.last = i;
        continue;
      }
      if (run !== undefined) close(d, run);
      open.set(d, { first: i, last: i });
    }
  });
  for (const [d, r] of open) close(d, r);
  return out.sort((a, b) => b.words - a.words || a.start - b.start).slice(0, MAX_SPANS);
}
