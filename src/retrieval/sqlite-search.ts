/**
 * How the SQLite store bounds the work of one search. FTS5 scores every match before ORDER BY ... LIMIT, so a query
 * of common words would score most of what the caller may read. Two rules keep the work small without changing
 * what bm25 ranks first:
 * - Words in at least half the documents get no weight in bm25 (FTS5 clamps their IDF to 1e-6). They are left out of
 *   the ranked query; when the informative words find fewer than k documents, the rest of the k are the newest
 *   documents holding the common words (score 0, below every ranked hit).
 * - bm25 reads the whole posting list of every word it ranks (for the word's IDF), so the ranked words are the
 *   rarest ones up to POSTINGS_BUDGET postings in all (always at least the rarest); the commoner ones, whose IDF is
 *   the lowest of the query's, join the common words.
 * - The ranked query scores at most SEARCH_WINDOW matches: the newest ones, when more match. Documents ingested later
 *   have higher rowids, so a very broad query prefers recent documents.
 * Document frequencies come from the index (fts5vocab) and are cached until the database changes.
 */
import type { SqliteDb } from '../store/sqlite.js';
import { asRow, num } from '../store/sqlite.js';

/** Most matches the ranked query scores. */
export const SEARCH_WINDOW = 200;
/** Most postings (sum of the ranked words' document frequencies) one ranked query reads beyond its rarest word. */
export const POSTINGS_BUDGET = 2_000;
/** Cached document frequencies, dropped whole past this many terms. */
const MAX_CACHED_TERMS = 50_000;

export interface SearchPlan {
  /** Words the ranked query scores (bm25). */
  ranked: string[];
  /** Words bm25 gives no weight: they only fill up to k, unranked. */
  common: string[];
  /** Postings of the ranked words (sum of their document frequencies): at most SEARCH_WINDOW needs no window. */
  postings: number;
}

export interface TermStats {
  plan(terms: readonly string[]): SearchPlan;
  /** Forget cached frequencies (after a write on this connection; another connection's is seen through data_version). */
  invalidate(): void;
}

export function termStats(db: SqliteDb): TermStats {
  const vocab = db.prepare('SELECT doc FROM documents_vocab WHERE term = ?').pluck();
  const total = db.prepare('SELECT count(*) AS n FROM documents');
  const df = new Map<string, number>();
  let documents: number | undefined;
  let version: unknown;
  const invalidate = () => {
    df.clear();
    documents = undefined;
  };
  const frequency = (term: string): number => {
    let n = df.get(term);
    if (n === undefined) {
      const v: unknown = vocab.get(term);
      n = typeof v === 'number' ? v : 0;
      if (df.size >= MAX_CACHED_TERMS) df.clear();
      df.set(term, n);
    }
    return n;
  };
  return {
    invalidate,
    plan(terms) {
      const seen = db.pragma('data_version', { simple: true });
      if (seen !== version) {
        invalidate();
        version = seen;
      }
      documents ??= num(asRow(total.get()) ?? {}, 'n');
      // A store this small is scored whole: every word ranks.
      if (documents <= SEARCH_WINDOW) return { ranked: [...terms], common: [], postings: documents };
      const size = documents;
      const known = terms.map((t) => ({ t, n: frequency(t) })).filter((w) => w.n > 0);
      const ranked: string[] = [];
      const common = known.filter((w) => 2 * w.n >= size).map((w) => w.t);
      let postings = 0;
      for (const w of known.filter((x) => 2 * x.n < size).sort((a, b) => a.n - b.n)) {
        if (ranked.length > 0 && postings + w.n > POSTINGS_BUDGET) common.push(w.t);
        else {
          ranked.push(w.t);
          postings += w.n;
        }
      }
      return { ranked, common, postings };
    },
  };
}
