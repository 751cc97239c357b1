/**
 * The documents provided to one request, cut into passages (windows of up to three consecutive sentences, so a
 * claim drawn from adjacent sentences is still supported by one passage) with an inverted index of their terms.
 * Support of a claim is IDF-weighted coverage: the share of the claim's term weight that one passage holds, with
 * smoothed IDF (1 + ln((N + 1) / (df + 1))) so a term no passage has weighs most and a term every passage has
 * weighs 1. Candidates are ranked by that weight (a bag-of-words retrieval, BM25-like without length norms: a
 * passage is short) and the exact tokens (numbers, dates, names) are then checked on the best ones.
 */
import { splitSentences } from './sentences.js';
import { passageTokens, type Claim, type PassageTokens } from './terms.js';

export interface ProvidedDocument {
  id: string;
  text: string;
}

const WINDOW_SENTENCES = 3;
/** Passages whose exact tokens are checked per claim, best lexical weight first. */
const CANDIDATES = 16;

interface Passage {
  documentId: string;
  tokens: PassageTokens;
}

export interface Support {
  /** IDF-weighted share of the claim's terms in the chosen passage, 0..1. */
  coverage: number;
  /** Whether the chosen passage has every number, date and name of the claim. */
  exact: boolean;
  /** Exact tokens of the claim the chosen passage lacks. */
  missing: { numbers: number; dates: number; names: number };
  /** The document of the chosen passage. */
  documentId?: string;
}

export interface PassageIndex {
  readonly size: number;
  /** The best passage for a claim, among the documents `allowed` admits (default: all). */
  support(claim: Claim, allowed?: (documentId: string) => boolean): Support;
}

function missingIn(claim: Claim, p: PassageTokens): Support['missing'] {
  return {
    numbers: claim.numbers.filter((n) => !p.numbers.has(n)).length,
    dates: claim.dates.filter((d) => !p.dates.has(d)).length,
    names: claim.names.filter((n) => !p.names.has(n)).length,
  };
}

const NONE_MISSING = (m: Support['missing']): boolean => m.numbers + m.dates + m.names === 0;

export function indexPassages(documents: readonly ProvidedDocument[]): PassageIndex {
  const passages: Passage[] = [];
  const postings = new Map<string, number[]>();
  for (const doc of documents) {
    const sentences = splitSentences(doc.text);
    const windows = Math.max(1, sentences.length - WINDOW_SENTENCES + 1);
    for (let i = 0; i < windows && sentences.length > 0; i++) {
      const first = sentences[i] as (typeof sentences)[number];
      const last = sentences[Math.min(sentences.length, i + WINDOW_SENTENCES) - 1] as (typeof sentences)[number];
      const tokens = passageTokens(doc.text.slice(first.start, last.end));
      const ordinal = passages.length;
      passages.push({ documentId: doc.id, tokens });
      for (const t of tokens.terms) {
        const list = postings.get(t);
        if (list) list.push(ordinal);
        else postings.set(t, [ordinal]);
      }
    }
  }
  const n = passages.length;
  const idf = (term: string) => 1 + Math.log((n + 1) / ((postings.get(term)?.length ?? 0) + 1));
  return {
    size: n,
    support(claim, allowed) {
      const total = claim.terms.reduce((s, t) => s + idf(t), 0);
      const weight = new Map<number, number>();
      for (const t of claim.terms) {
        const w = idf(t);
        for (const p of postings.get(t) ?? []) {
          if (allowed !== undefined && !allowed((passages[p] as Passage).documentId)) continue;
          weight.set(p, (weight.get(p) ?? 0) + w);
        }
      }
      const ranked = [...weight.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, CANDIDATES);
      const coverageOf = (w: number) => (total === 0 ? 1 : Math.min(1, w / total));
      for (const [p, w] of ranked) {
        const passage = passages[p] as Passage;
        const missing = missingIn(claim, passage.tokens);
        if (NONE_MISSING(missing)) return { coverage: coverageOf(w), exact: true, missing, documentId: passage.documentId };
      }
      const best = ranked[0];
      if (best === undefined) {
        const missing = { numbers: claim.numbers.length, dates: claim.dates.length, names: claim.names.length };
        return { coverage: total === 0 ? 1 : 0, exact: NONE_MISSING(missing), missing };
      }
      const passage = passages[best[0]] as Passage;
      return { coverage: coverageOf(best[1]), exact: false, missing: missingIn(claim, passage.tokens), documentId: passage.documentId };
    },
  };
}
