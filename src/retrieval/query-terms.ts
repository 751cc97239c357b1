/** Most terms a query keeps; longer questions are cut, so a query's cost has a bound. */
export const MAX_QUERY_TERMS = 32;
const MAX_TERM_CHARS = 64;

/**
 * The words of a free-text query (letters, digits, `_`), lower-cased, deduplicated, at most MAX_QUERY_TERMS. Stores
 * build their own query syntax from these, so no operator or quote in the user's text reaches FTS5 or tsquery.
 */
export function queryTerms(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    out.add(m[0].slice(0, MAX_TERM_CHARS));
    if (out.size >= MAX_QUERY_TERMS) break;
  }
  return [...out];
}
